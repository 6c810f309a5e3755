"""Fixtures of the inforequests tests; the cast (reviewer = 教育局 openness office …) is in the
root conftest."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine

from gongkai.accounts.models import ApiToken, Role
from gongkai.accounts.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _today():
    """Freeze “today” (Asia/Shanghai) at 15 December 2025: the 2025 dates of the tests are past."""
    with time_machine.travel("2025-12-15 10:00 +08:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def _cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office_head(district: Any) -> Any:
    """政府信息公开工作机构负责人 of 教育局: an officer of the office who also leads it."""
    return UserFactory(
        username="office_head",
        roles=[
            (district.education, Role.OPENNESS_OFFICER),
            (district.education, Role.OPENNESS_OFFICE_HEAD),
        ],
    )


@pytest.fixture
def api_as():
    from gongkai.api.tests.client import ApiClient

    def make(user: Any = None) -> Any:
        if user is None:
            return ApiClient()
        _, raw = ApiToken.issue(user=user, name=f"OA-{user.username}")
        return ApiClient(raw)

    return make
