"""Who sees and does what: one line per member of the cast."""

from __future__ import annotations

import pytest

from gongkai.interpretations import permissions as perms
from gongkai.interpretations.models import Interpretation

pytestmark = pytest.mark.django_db


def visible(user, interpretation):
    return (
        perms.scope_interpretations(user, Interpretation.objects.all())
        .filter(pk=interpretation.pk)
        .exists()
    )


@pytest.fixture
def draft(policy_document, make_interpretation):
    return make_interpretation(policy_document)


@pytest.mark.parametrize(
    ("user", "sees_draft", "sees_signed"),
    [
        ("clerk", True, True),
        ("head", True, True),
        ("reviewer", False, True),
        ("gov_office", False, True),
        ("secrecy_reviewer", False, True),
        ("other_clerk", False, False),
        ("other_reviewer", False, False),
        ("administrator", True, True),
        ("citizen", False, False),
    ],
)
def test_visibility(request, draft, signed_interpretation, user, sees_draft, sees_signed):
    actor = request.getfixturevalue(user)
    assert visible(actor, draft) is sees_draft
    assert visible(actor, signed_interpretation) is sees_signed


def test_roles_of_the_interpreting_department(clerk, head, reviewer, other_clerk, draft):
    assert perms.can_edit_interpretation(clerk, draft)
    assert not perms.can_edit_interpretation(head, draft)
    assert perms.can_sign_off_interpretation(head, draft)
    assert not perms.can_sign_off_interpretation(clerk, draft)
    assert perms.can_publish_interpretation(reviewer, draft)
    assert not perms.can_publish_interpretation(other_clerk, draft)


@pytest.mark.parametrize(
    ("user", "allowed"),
    [
        ("reviewer", True),
        ("other_reviewer", True),
        ("gov_office", True),
        ("administrator", True),
        ("clerk", False),
        ("head", False),
        ("citizen", False),
    ],
)
def test_monitoring_access(request, user, allowed):
    assert perms.can_monitor_interpretations(request.getfixturevalue(user)) is allowed
