"""Per-source rate limits of public forms, counted in Django's cache.

A `RateLimit` counts events per source (an IP address) in a fixed window that starts with
the first event; once `limit()` is reached, `blocked(source)` is true until the window
ends. Shared by 依申请公开 (submissions, failed tracking look-ups) and the public mailbox.
With the default LocMemCache the counts are per process; production sets REDIS_URL so all
workers share them. Refusals never touch what was accepted before: a submission shown a
receipt is already stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache

__all__ = ["RateLimit", "count"]


def count(key: str, window: int) -> int:
    """Add one to `key` (created for `window` seconds); returns the count in the window."""
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


@dataclass(frozen=True)
class RateLimit:
    """`name` keys the counter; `limit()` and `window()` are read at call time (settings)."""

    name: str
    limit: Callable[[], int]
    window: Callable[[], int]

    def key(self, source: str) -> str:
        return f"gongkai:{self.name}:{source or 'unknown'}"

    def blocked(self, source: str) -> bool:
        return int(cache.get(self.key(source), 0)) >= int(self.limit())

    def counted(self, source: str) -> int:
        return count(self.key(source), int(self.window()))
