"""Fixtures of the API tests; the cast (clerk, head, …) comes from the root conftest."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.accounts.models import ApiToken
from gongkai.api.tests.client import ApiClient


@pytest.fixture
def api_as():
    """`api_as(user)` → an ApiClient authenticated with a fresh token of `user`."""

    def make(user: Any) -> ApiClient:
        _, raw = ApiToken.issue(user=user, name=f"OA-{user.username}")
        return ApiClient(raw)

    return make


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
