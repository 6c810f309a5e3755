"""The service step: lock → permission → transition → save → audit → on-commit public change.

Every service of every module follows these steps in this order (STYLE.md §2). `begin`
does the first three and returns a `Step`; the service then validates and mutates what is
its own, and `Step.finish` saves, records the audit event and schedules the public change:

    @transaction.atomic
    def interpretation_withdraw(*, actor, interpretation, reason):
        step = begin(interpretation, actor=actor, allowed=perms.can_withdraw_interpretation,
                     refusal=_("只有……可以撤回。"), machine=MACHINE, event=Event.WITHDRAW)
        if not reason.strip():
            raise InvalidInput(...)
        step.finish(action="interpretation.withdrawn", reason=reason, public_change="withdrawn")

Services whose step is not a transition (保密审查, 上传附件) use `lock` and `require_permission`
directly. "You may not" (NotPermitted) is checked before "not possible now"
(TransitionNotAllowed), so a stranger learns nothing about the state.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from gongkai.core.exceptions import NotPermitted
from gongkai.core.kit.audit import record_event
from gongkai.core.kit.hooks import announce_public_change
from gongkai.core.kit.workflow import Machine

M = TypeVar("M", bound=models.Model)


def today() -> date:
    """The local date (Asia/Shanghai): deadlines count in local days."""
    return timezone.localdate()


def lock(obj: M) -> M:
    """Take the row lock, then reload the caller's instance so it sees the committed state
    and, after the service returns, the new one. Call it inside the transaction."""
    type(obj)._default_manager.select_for_update().values_list("pk", flat=True).get(pk=obj.pk)
    obj.refresh_from_db()
    return obj


def require_permission(allowed: bool, refusal: Any) -> None:
    """NotPermitted with the (translated) refusal unless `allowed`."""
    if not allowed:
        raise NotPermitted(str(refusal))


def _has_field(obj: models.Model, name: str) -> bool:
    return any(f.name == name for f in obj._meta.concrete_fields)


@dataclass
class Step:
    """One locked, permitted, possible step of a service on `obj`."""

    obj: Any
    actor: Any
    source: str
    target: str
    status_field: str = "status"

    def finish(
        self,
        *,
        action: str,
        reason: str = "",
        fields: Iterable[str] = (),
        public_change: str | None = None,
        **data: Any,
    ) -> Any:
        """Move to the target state, save(update_fields), record `action`, and announce the
        public change after commit (when `public_change` names it)."""
        setattr(self.obj, self.status_field, self.target)
        update = [self.status_field, *fields]
        if _has_field(self.obj, "updated_at") and "updated_at" not in update:
            update.append("updated_at")
        self.obj.save(update_fields=list(dict.fromkeys(update)))
        record_event(
            action=action,
            subject=self.obj,
            actor=self.actor,
            from_state=self.source,
            to_state=self.target,
            reason=reason,
            data=data,
        )
        if public_change:
            announce_public_change(self.obj, public_change)
        return self.obj


def begin(
    obj: M,
    *,
    actor: Any,
    allowed: Callable[[Any, M], bool],
    refusal: Any,
    machine: Machine[Any, Any],
    event: str,
    status_field: str = "status",
    **context: Any,
) -> Step:
    """Lock `obj`, check `allowed(actor, obj)` (NotPermitted), then ask `machine` for the
    next state (TransitionNotAllowed). `context` goes to the machine's router."""
    obj = lock(obj)
    require_permission(allowed(actor, obj), refusal)
    source = getattr(obj, status_field)
    target = machine.require(source, event, **context)
    return Step(obj=obj, actor=actor, source=source, target=target, status_field=status_field)


def after_commit(callback: Callable[[], Any]) -> None:
    transaction.on_commit(callback)
