from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _cache():
    """The throttles count in the cache: every test starts from zero."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
