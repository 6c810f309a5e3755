"""The audit-action registry and the only writers of audit rows.

Each module registers the labels of its dotted action names (`document.published`,
`inforequest.extended`, `clock.recomputed`) from its AppConfig.ready; history pages show
`action_label(action, scope)`. A label registered for a scope (the subject's module, e.g.
"document") wins over the general one, so 期限起算 reads 发布期限起算 on a document.

`record_event` appends one row inside the service's transaction; `record_events_bulk`
appends many rows of one action in a single statement (recompute of deadlines).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connections, router
from django.utils import timezone

from gongkai.core.models import AuditEvent, events_for, record_event

__all__ = [
    "action_label",
    "events_for",
    "record_event",
    "record_events_bulk",
    "register_audit_actions",
    "registered_actions",
]

_LABELS: dict[tuple[str, str], Any] = {}


def register_audit_actions(labels: Mapping[str, Any], *, scope: str = "") -> None:
    """Register labels (lazy translations) of action names; idempotent."""
    for action, label in labels.items():
        _LABELS[(scope, action)] = label


def registered_actions(scope: str = "") -> dict[str, Any]:
    return {action: label for (s, action), label in _LABELS.items() if s == scope}


def action_label(action: str, scope: str = "") -> str:
    """What staff read in a history table; the action name itself when unregistered."""
    label = _LABELS.get((scope, action)) if scope else None
    if label is None:
        label = _LABELS.get(("", action))
    return str(label) if label is not None else action


def actor_fields(actor: Any) -> tuple[Any, str]:
    """(user or None, label) as record_event stores them: a user, or a job's name."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None:
        return user, user.get_full_name() or user.get_username()
    return None, actor if isinstance(actor, str) else ""


def record_events_bulk(
    *,
    action: str,
    rows: Sequence[tuple[int, str, dict[str, Any]]],
    actor: Any = None,
    reason: str = "",
    to_state: str = "",
) -> int:
    """Append one row of `action` per (subject_type_id, subject_id, data), in one executemany.

    The rows are exactly what record_event() writes; bulk_create compiled an expression per
    value and took longer than a deadline recompute itself. Columns come from the model, so
    a field added to AuditEvent gets its default.
    """
    if not rows:
        return 0
    connection = connections[router.db_for_write(AuditEvent)]
    meta = AuditEvent._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    user, label = actor_fields(actor)
    constant = {
        "created_at": timezone.now(),
        "actor_id": user.pk if user is not None else None,
        "actor_label": label,
        "action": action,
        "from_state": "",
        "to_state": to_state,
        "reason": reason,
    }
    per_row = ("subject_type_id", "subject_id", "data")
    prepared = {
        f.attname: f.get_db_prep_save(constant.get(f.attname, f.get_default()), connection)
        for f in fields
        if f.attname not in per_row
    }
    data_field: Any = meta.get_field("data")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 — names from the model
    params = []
    for subject_type_id, subject_id, data in rows:
        row = {
            "subject_type_id": subject_type_id,
            "subject_id": subject_id,
            "data": data_field.get_db_prep_save(data, connection),
        }
        params.append([row[f.attname] if f.attname in row else prepared[f.attname] for f in fields])
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)


def subject_type_id(model: Any) -> int:
    return ContentType.objects.get_for_model(model, for_concrete_model=False).pk


def labels_for(actions: Iterable[str], scope: str = "") -> dict[str, str]:
    return {action: action_label(action, scope) for action in actions}
