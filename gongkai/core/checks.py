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
