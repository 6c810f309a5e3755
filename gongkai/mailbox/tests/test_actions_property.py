"""Mailbox: what `actions_for` offers is exactly what the services accept.

Every status is reached through the services (with or without the writer's consent, of each
kind); then every member of the fixed cast (and an anonymous visitor) tries every action
through its service in a savepoint that is rolled back: an offered action is never refused
with NotPermitted/TransitionNotAllowed, and an action not offered always is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.kit.testing import assert_offered_is_accepted
from gongkai.mailbox import services
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.tests.factories import message_data
from gongkai.mailbox.workflow import Kind, Status

pytestmark = pytest.mark.django_db

CAST = (
    "clerk",
    "head",
    "reviewer",
    "gov_office",
    "secrecy_reviewer",
    "other_clerk",
    "other_reviewer",
    "administrator",
    "citizen",
)


def _submitted(ctx: dict[str, Any], **data: Any) -> PublicMessage:
    return services.message_submit(
        organ=ctx["district"].education, data=message_data(**data)
    ).message


def _accepted(ctx: dict[str, Any], **data: Any) -> PublicMessage:
    return services.message_accept(actor=ctx["clerk"], message=_submitted(ctx, **data))


def _replied(ctx: dict[str, Any], **data: Any) -> PublicMessage:
    return services.message_reply(actor=ctx["clerk"], message=_accepted(ctx, **data), reply="答复")


def _published(ctx: dict[str, Any], **data: Any) -> PublicMessage:
    data["consent_publish"] = True
    return services.message_publish(actor=ctx["reviewer"], message=_replied(ctx, **data))


BUILDERS: dict[str, Callable[..., PublicMessage]] = {
    Status.SUBMITTED: _submitted,
    Status.ACCEPTED: _accepted,
    Status.REPLIED: _replied,
    Status.PUBLISHED: _published,
    Status.CONVERTED: lambda ctx, **d: services.message_convert(
        actor=ctx["reviewer"], message=_submitted(ctx, **d)
    ),
    Status.REFERRED: lambda ctx, **d: services.message_refer(
        actor=ctx["reviewer"], message=_accepted(ctx, **d), note="已转区信访局"
    ),
    Status.REJECTED: lambda ctx, **d: services.message_reject(
        actor=ctx["reviewer"], message=_submitted(ctx, **d), reason="与政务无关"
    ),
}


def _transfer(user: Any, message: PublicMessage) -> Any:
    from gongkai.organizations.models import Organ

    other = Organ.objects.exclude(pk=message.organ_id).filter(is_active=True).first()
    assert other is not None
    return services.message_transfer(actor=user, message=message, to_organ=other, reason="职责")


CALLS: dict[str, Callable[[Any, PublicMessage], Any]] = {
    "accept": lambda u, m: services.message_accept(actor=u, message=m),
    "reply": lambda u, m: services.message_reply(actor=u, message=m, reply="答复"),
    "transfer": _transfer,
    "convert": lambda u, m: services.message_convert(actor=u, message=m),
    "refer": lambda u, m: services.message_refer(actor=u, message=m, note="转信访"),
    "reject": lambda u, m: services.message_reject(actor=u, message=m, reason="理由"),
    "publish": lambda u, m: services.message_publish(actor=u, message=m),
    "unpublish": lambda u, m: services.message_unpublish(actor=u, message=m, reason="理由"),
}


@pytest.fixture
def cast(request: pytest.FixtureRequest, district: Any) -> dict[str, Any]:
    users = {name: request.getfixturevalue(name) for name in CAST}
    users["anonymous"] = AnonymousUser()
    return users


@pytest.mark.parametrize("status", list(BUILDERS))
@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(consent=st.booleans(), kind=st.sampled_from(Kind.values))
def test_mailbox_offered_actions_are_exactly_the_accepted_ones(
    district: Any, cast: dict[str, Any], status: str, consent: bool, kind: str
) -> None:
    with transaction.atomic():
        message = BUILDERS[status](
            {"district": district, **cast}, consent_publish=consent, kind=kind
        )
        assert message.status == status
        assert_offered_is_accepted(message, cast, CALLS)
        transaction.set_rollback(True)
