"""Clock types: each module registers the statutory clocks it runs.

A clock type says what a clock counts and why: its `unit` (working days, calendar days or
hours), its statutory `amount`, the `article` that sets it, its label and what day 0 is (the
first line of the explanation). The calendars app computes every clock from its type; it
knows no module's clocks itself. A module registers its types from its AppConfig.ready:

    register_clock_type(ClockType(
        kind="reply", label=_("答复期限（条例第三十三条）"), unit=Unit.WORKDAYS, amount=20,
        article="条例第三十三条第二款", start_label=("收到申请", "Application received"),
    ))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.core.kit import hooks
from gongkai.lib.deadlines import Unit

__all__ = ["ClockType", "Unit", "clock_type", "clock_types", "register_clock_type"]

DEFAULT_START_LABEL = ("起算日", "Start date")


@dataclass(frozen=True)
class ClockType:
    kind: str
    label: Any
    unit: Unit
    # The statutory amount in `unit`; None when each clock sets its own (a 补正 period the
    # office chooses, 条例第三十条 "合理的补正期限").
    amount: int | None
    article: str
    start_label: tuple[str, str] = DEFAULT_START_LABEL


def register_clock_type(clock_type: ClockType) -> ClockType:
    """Add or replace (idempotent) a clock type in the hook registry (hook `clock_types`)."""
    return hooks.register("clock_types", clock_type, key=clock_type.kind)  # type: ignore[no-any-return]


def clock_type(kind: str) -> ClockType:
    try:
        return hooks.registered_items("clock_types")[kind]  # type: ignore[no-any-return]
    except KeyError:
        raise LookupError(f"no clock type registered for kind {kind!r}") from None


def clock_types() -> list[ClockType]:
    return hooks.registered("clock_types")


def clock_kind_label(kind: str) -> str:
    """The registered label of a kind; the kind itself when unknown (an old audit row)."""
    found = hooks.registered_items("clock_types").get(kind)
    return str(found.label) if found is not None else kind
