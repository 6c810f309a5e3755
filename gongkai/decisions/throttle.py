"""Flood throttling of public comments per source (client address), in Django's cache.

Each source may submit `GONGKAI_COMMENT_MAX` comments per `GONGKAI_COMMENT_WINDOW_SECONDS`
across all consultations; past that its submissions are refused with 429 until the window
ends. Other sources are not affected, and comments stored before are kept.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

DEFAULT_MAX = 10
DEFAULT_WINDOW = 600


def _limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "GONGKAI_COMMENT_MAX", DEFAULT_MAX)),
        int(getattr(settings, "GONGKAI_COMMENT_WINDOW_SECONDS", DEFAULT_WINDOW)),
    )


def source_key(ip: str) -> str:
    """What a comment records of its source: a digest, not the address itself."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]


def _key(source: str) -> str:
    return f"gongkai:decisions:comments:{source or 'unknown'}"


def blocked(source: str) -> bool:
    limit, _window = _limits()
    return int(cache.get(_key(source), 0)) >= limit


def counted(source: str) -> int:
    _limit, window = _limits()
    key = _key(source)
    cache.add(key, 0, timeout=window)
    try:
        return int(cache.incr(key))
    except ValueError:
        cache.set(key, 1, timeout=window)
        return 1
