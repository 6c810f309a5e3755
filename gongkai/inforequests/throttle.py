"""Per-IP rate limits of the public pages, counted in Django's cache.

- Tracking look-up (case number + query code): failed look-ups are counted for a fixed window
  that starts with the first failure; once the limit is reached every look-up from that
  address is refused until the window ends, so query codes cannot be guessed. Successful
  look-ups do not reset the count (an attacker with one valid code could otherwise
  interleave it). The tracking page and the API use the same two functions.
- Online application form: every submission (valid or not) from an address counts; past the
  limit the form answers 429 until the window ends (flood protection). Applications accepted
  before are stored already and are not affected.

With the default LocMemCache the counts are per process; production sets REDIS_URL so all
workers share them.
"""

from __future__ import annotations

from django.core.cache import cache

from gongkai.inforequests.conf import setting

__all__ = [
    "submission_blocked",
    "submission_counted",
    "tracking_blocked",
    "tracking_failed",
]


def _count(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def _key(ip: str) -> str:
    return f"gongkai:inforequests:track-failures:{ip or 'unknown'}"


def tracking_blocked(ip: str) -> bool:
    return int(cache.get(_key(ip), 0)) >= int(setting("GONGKAI_INFOREQUEST_TRACK_MAX_FAILURES"))


def tracking_failed(ip: str) -> int:
    """Count one failed look-up; returns the failures in the current window."""
    return _count(_key(ip), int(setting("GONGKAI_INFOREQUEST_TRACK_WINDOW_SECONDS")))


def _submit_key(ip: str) -> str:
    return f"gongkai:inforequests:submissions:{ip or 'unknown'}"


def submission_blocked(ip: str) -> bool:
    return int(cache.get(_submit_key(ip), 0)) >= int(setting("GONGKAI_INFOREQUEST_SUBMIT_MAX"))


def submission_counted(ip: str) -> int:
    """Count one submission of the online form; returns the count in the current window."""
    return _count(_submit_key(ip), int(setting("GONGKAI_INFOREQUEST_SUBMIT_WINDOW_SECONDS")))
