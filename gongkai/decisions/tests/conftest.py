from __future__ import annotations

from typing import Any

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory


@pytest.fixture
def legal(district: Any) -> Any:
    """合法性审查 of the district government (covers its departments)."""
    return UserFactory(username="legal", roles=[(district.government, Role.LEGAL)])


@pytest.fixture(autouse=True)
def _fresh_throttle() -> None:
    from django.core.cache import cache

    cache.clear()
