"""Settings of the public mailbox, read at call time with defaults (tests override them)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # 留言编号: {prefix}-{year}-{serial:06d}, e.g. LY-2026-000123.
    "GONGKAI_MAILBOX_NUMBER_PREFIX": "LY",
    # Limits in working days, per kind of message (domain.md §6.1: no national figure; the
    # defaults follow the provincial implementations of 国办发〔2014〕57号 and the issue):
    # accept within 1 working day; reply within 5 (咨询) or 15 (建议, 投诉) working days
    # counted from acceptance.
    "GONGKAI_MAILBOX_LIMITS": {
        "consultation": {"accept": 1, "reply": 5},
        "suggestion": {"accept": 1, "reply": 15},
        "complaint": {"accept": 1, "reply": 15},
    },
    # The public form: submissions (valid or not) per source address within the window.
    "GONGKAI_MAILBOX_SUBMIT_MAX": 5,
    "GONGKAI_MAILBOX_SUBMIT_WINDOW_SECONDS": 3600,
    # Tracking by 留言编号 + 查询码: failed look-ups per address within the window.
    "GONGKAI_MAILBOX_TRACK_MAX_FAILURES": 10,
    "GONGKAI_MAILBOX_TRACK_WINDOW_SECONDS": 600,
    # 征集调查: answers (valid or not) per source address within the window.
    "GONGKAI_SURVEY_SUBMIT_MAX": 10,
    "GONGKAI_SURVEY_SUBMIT_WINDOW_SECONDS": 3600,
    # 待办: a message whose limit ends within this many working days is shown as urgent.
    "GONGKAI_MAILBOX_URGENT_WORKDAYS": 1,
}


def setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def limit_days(kind: str, which: str) -> int:
    """The configured limit (`accept` or `reply`) of a kind of message, in working days."""
    limits = setting("GONGKAI_MAILBOX_LIMITS")
    default = DEFAULTS["GONGKAI_MAILBOX_LIMITS"]
    return int(limits.get(kind, default.get(kind, default["complaint"]))[which])
