"""Test helpers of the module kit: the property every module's actions must have.

    from gongkai.core.kit.testing import assert_offered_is_accepted

    assert_offered_is_accepted(obj, users={"clerk": clerk, …}, calls={"submit": lambda u, o: …})

For each user and each action of the object's module, the action's service call runs in a
savepoint that is always rolled back: an action `actions_for` offers must not be refused with
NotPermitted or TransitionNotAllowed (a statutory gate or bad input may still refuse it), and
an action it does not offer must be refused — by those, or by a statutory gate when the offer
itself follows the gate (发布 is not offered for a document that is not 主动公开, and the
publication gate refuses it). Used by the Hypothesis tests of every module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.exceptions import DomainError, GateRefused, NotPermitted, TransitionNotAllowed
from gongkai.core.kit.inbox import InboxItem, InboxLink
from gongkai.core.kit.workflow import action_set, actions_for

REFUSALS = (NotPermitted, TransitionNotAllowed)
# What may refuse an action that is not offered: also a statutory gate the offer mirrors.
REFUSALS_NOT_OFFERED = (*REFUSALS, GateRefused)


class _Rollback(Exception):
    pass


def attempt(call: Callable[[], Any]) -> DomainError | None:
    """Run a service in a savepoint that is always rolled back; the domain error, if any."""
    try:
        with transaction.atomic():
            call()
            raise _Rollback
    except _Rollback:
        return None
    except DomainError as exc:
        return exc


def assert_offered_is_accepted(
    obj: Any,
    users: Mapping[str, Any],
    calls: Mapping[str, Callable[[Any, Any], Any]],
    *,
    offered: Callable[[Any, Any], Iterable[str]] | None = None,
) -> None:
    """`calls` maps each action name to its service call ``(user, obj)``. The offer is the
    module's `actions_for` (every action of its table must be tried), or `offered` for a
    choice that is not a workflow action (a self-inspection item's 处理决定)."""
    model = type(obj)
    if offered is None:
        names = action_set(model).names()
        assert set(calls) == set(names), "every action of the module is tried"
        offered = actions_for
    else:
        names = tuple(calls)
    for role, user in users.items():
        on_offer = set(offered(user, model._default_manager.get(pk=obj.pk)))
        for name in names:
            error = attempt(lambda: calls[name](user, model._default_manager.get(pk=obj.pk)))  # noqa: B023
            state = getattr(obj, "status", "") or getattr(obj, "decision", "")
            where = f"{model.__name__} {state} · {role} · {name}: {error!r}"
            if name in on_offer:
                assert not isinstance(error, REFUSALS), "offered but refused — " + where
            else:
                assert isinstance(error, REFUSALS_NOT_OFFERED), (
                    "not offered but accepted — " + where
                )


def inbox_lines(
    provider: Callable[[Any, date], list[InboxLink]], user: Any, today: date | None = None
) -> dict[str, InboxLink]:
    """A module's 待办 lines for `user` (hook `inbox`), by key; every line has one."""
    found = provider(user, today or timezone.localdate())
    assert all(link.key for link in found), [link.title for link in found if not link.key]
    return {link.key: link for link in found}


def only_inbox_item(
    provider: Callable[[Any, date], list[InboxLink]], user: Any, key: str
) -> InboxItem:
    """The one task of the line `key` (its count and its inline items agree)."""
    link = inbox_lines(provider, user)[key]
    assert link.count == 1 and len(link.items) == 1, (link.count, link.items)
    return link.items[0]
