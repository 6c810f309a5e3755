from __future__ import annotations

import pytest

from gongkai.mailbox import permissions as perms
from gongkai.mailbox import selectors
from gongkai.mailbox.tests.factories import submit

pytestmark = pytest.mark.django_db


def test_handlers_are_the_department_and_its_openness_office(
    district, clerk, head, reviewer, other_clerk, other_reviewer, administrator, citizen
):
    message = submit(district.education)
    assert perms.can_handle_message(clerk, message)
    assert perms.can_handle_message(head, message)
    assert perms.can_handle_message(reviewer, message)
    for user in (other_clerk, other_reviewer, administrator, citizen):
        assert not perms.can_handle_message(user, message)
    assert perms.can_publish_message(reviewer, message)
    assert not perms.can_publish_message(clerk, message)
    assert perms.can_view_message(administrator, message)
    assert not perms.can_view_message(other_clerk, message)


def test_scope(district, clerk, other_clerk, administrator, citizen):
    mine = submit(district.education)
    theirs = submit(district.finance)
    assert list(selectors.messages_visible_to(clerk)) == [mine]
    assert list(selectors.messages_visible_to(other_clerk)) == [theirs]
    assert set(selectors.messages_visible_to(administrator)) == {mine, theirs}
    assert list(selectors.messages_visible_to(citizen)) == []


def test_writer_acts_only_on_its_own_message(district):
    message = submit(district.education)
    assert perms.can_rate_message(perms.MessageWriter(message.pk), message)
    assert not perms.can_rate_message(perms.MessageWriter(message.pk + 1), message)
    assert not perms.can_rate_message(str(message.pk), message)
