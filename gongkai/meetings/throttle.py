"""Per-address limit of applications to attend (列席报名), counted in Django's cache (Redis in
production, shared by all workers). Every submission counts, valid or not; past the limit
the form answers 429 until the window ends. Applications accepted before are stored already
and are not affected, and other addresses are not slowed down."""

from __future__ import annotations

from django.core.cache import cache

from gongkai.meetings.conf import setting


def _key(ip: str) -> str:
    return f"gongkai:meetings:applications:{ip or 'unknown'}"


def application_blocked(ip: str) -> bool:
    return int(cache.get(_key(ip), 0)) >= int(setting("GONGKAI_MEETING_APPLY_MAX"))


def application_counted(ip: str) -> int:
    key = _key(ip)
    cache.add(key, 0, timeout=int(setting("GONGKAI_MEETING_APPLY_WINDOW_SECONDS")))
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=int(setting("GONGKAI_MEETING_APPLY_WINDOW_SECONDS")))
        return 1
