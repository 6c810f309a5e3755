"""The module's settings, with their defaults (override them in config/settings.py or the
environment-driven settings of a deployment)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Applications to attend from one address within the window (flood protection).
    "GONGKAI_MEETING_APPLY_MAX": 10,
    "GONGKAI_MEETING_APPLY_WINDOW_SECONDS": 3600,
    # When the plan gives no closing time, applications close this many hours before the start.
    "GONGKAI_MEETING_APPLY_CLOSE_HOURS": 48,
}


def setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
