"""Settings of the app, read at call time with defaults (tests override them with `settings`).

The lead may list them in config/settings.py and .env.example; none is required.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Case numbers: {prefix}-{year}-{serial:06d}, e.g. YSQ-2026-000123.
    "GONGKAI_INFOREQUEST_CASE_PREFIX": "YSQ",
    # 条例第四十四条: information asked for by at least this many distinct applicants in a
    # year is suggested for conversion to proactive disclosure.
    "GONGKAI_INFOREQUEST_FREQUENT_MIN_APPLICANTS": 2,
    # Character-bigram Jaccard index above which two descriptions ask for the same information.
    "GONGKAI_INFOREQUEST_SIMILARITY_THRESHOLD": 0.5,
    # Public tracking: failed look-ups per IP address allowed within the window (seconds).
    "GONGKAI_INFOREQUEST_TRACK_MAX_FAILURES": 10,
    "GONGKAI_INFOREQUEST_TRACK_WINDOW_SECONDS": 600,
    # Upper bound of the correction period (补正期限) staff may set, in working days.
    "GONGKAI_INFOREQUEST_MAX_CORRECTION_DAYS": 60,
}


def setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
