"""System checks (healthchecks style)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility)
def check_time_zone(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    # Legal deadlines are counted in local Chinese dates (domain.md §9.2).
    errors: list[checks.CheckMessage] = []
    if settings.TIME_ZONE != "Asia/Shanghai":
        errors.append(
            checks.Error(
                "TIME_ZONE must be Asia/Shanghai: statutory deadlines are local dates.",
                id="gongkai.E001",
            )
        )
    if not settings.USE_TZ:
        errors.append(checks.Error("USE_TZ must be True.", id="gongkai.E002"))
    return errors


# Caches that every process of a deployment shares. The login throttle (django-axes counts in
# the database, but its lockout is per worker without one), the 依申请公开 submission and
# tracking limits and the rate limits count in the cache: with a per-process cache each
# gunicorn worker keeps its own count, and a limit of 10 becomes 10 per worker.
_SHARED_CACHES = {
    "django.core.cache.backends.redis.RedisCache",
    "django.core.cache.backends.memcached.PyMemcacheCache",
    "django.core.cache.backends.memcached.PyLibMCCache",
    "django.core.cache.backends.db.DatabaseCache",
}


@checks.register(checks.Tags.security, deploy=True)
def check_shared_cache(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if settings.DEBUG or backend in _SHARED_CACHES:
        return []
    return [
        checks.Error(
            "Production needs a shared cache: set REDIS_URL (e.g. redis://127.0.0.1:6379/0).",
            hint=(
                f"The default cache is {backend.rsplit('.', 1)[-1]}, private to each process: "
                "rate limits (依申请公开 submissions and tracking, API throttles) would be "
                "counted per worker and multiplied by their number. See docs/deployment.md."
            ),
            id="gongkai.E010",
        )
    ]
