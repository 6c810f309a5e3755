"""Rate limit of the public tracking look-up (case number + query code), per client IP.

Failed look-ups are counted in Django's cache for a fixed window that starts with the first
failure; once the limit is reached every look-up from that address is refused until the
window ends, so query codes cannot be guessed. Successful look-ups do not reset the count
(an attacker with one valid code could otherwise interleave it). The tracking page and the API
use the same two functions.
"""

from __future__ import annotations

from django.core.cache import cache

from gongkai.inforequests.conf import setting

__all__ = ["tracking_blocked", "tracking_failed"]


def _key(ip: str) -> str:
    return f"gongkai:inforequests:track-failures:{ip or 'unknown'}"


def tracking_blocked(ip: str) -> bool:
    return int(cache.get(_key(ip), 0)) >= int(setting("GONGKAI_INFOREQUEST_TRACK_MAX_FAILURES"))


def tracking_failed(ip: str) -> int:
    """Count one failed look-up; returns the failures in the current window."""
    key = _key(ip)
    cache.add(key, 0, timeout=int(setting("GONGKAI_INFOREQUEST_TRACK_WINDOW_SECONDS")))
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=int(setting("GONGKAI_INFOREQUEST_TRACK_WINDOW_SECONDS")))
        return 1
