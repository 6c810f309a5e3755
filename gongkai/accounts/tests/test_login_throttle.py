"""Staff login is throttled per account and per address (issue 16 item 4, django-axes)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from gongkai.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "gongkai-demo"
LOCKED = "登录已暂时锁定"


def _login(client: Client, username: str, password: str, address: str, url: str) -> object:
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _fail(username: str, address: str, times: int, url: str = "/accounts/login/") -> None:
    client = Client()
    for _ in range(times):
        response = _login(client, username, "wrong-password", address, url)
        # The form again with its error; the failure that reaches the limit locks at once.
        assert response.status_code in {200, 429}  # type: ignore[attr-defined]


def test_right_password_is_refused_after_too_many_failures_with_a_chinese_message():
    UserFactory(username="clerk1")
    _fail("clerk1", "10.0.0.1", settings.AXES_FAILURE_LIMIT)
    client = Client()

    response = _login(client, "clerk1", PASSWORD, "10.0.0.1", "/accounts/login/")

    assert response.status_code == 429
    html = response.content.decode()
    assert LOCKED in html
    assert f"密码连续输错{settings.AXES_FAILURE_LIMIT}次" in html
    assert "30分钟后再试" in html
    assert "_auth_user_id" not in client.session


def test_thirty_failures_then_the_right_password_does_not_log_in():
    """The probe's reproduction: 30 wrong passwords, then the right one."""
    UserFactory(username="clerk1")
    _fail("clerk1", "10.0.0.1", settings.AXES_FAILURE_LIMIT)
    client = Client()
    for _ in range(30 - settings.AXES_FAILURE_LIMIT):
        _login(client, "clerk1", "wrong-password", "10.0.0.1", "/accounts/login/")

    response = _login(client, "clerk1", PASSWORD, "10.0.0.1", "/accounts/login/")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_locked_account_is_refused_from_another_address_too():
    UserFactory(username="clerk1")
    _fail("clerk1", "10.0.0.1", settings.AXES_FAILURE_LIMIT)

    response = _login(Client(), "clerk1", PASSWORD, "10.0.0.2", "/accounts/login/")

    assert response.status_code == 429


def test_the_locked_address_is_refused_for_another_account():
    UserFactory(username="clerk2")
    for number in range(settings.AXES_FAILURE_LIMIT):
        _fail(f"guess{number}", "10.0.0.1", 1)  # one try per name: an address-wide spray

    response = _login(Client(), "clerk2", PASSWORD, "10.0.0.1", "/accounts/login/")

    assert response.status_code == 429


def test_another_account_from_another_address_still_logs_in():
    UserFactory(username="clerk1")
    UserFactory(username="clerk2")
    _fail("clerk1", "10.0.0.1", settings.AXES_FAILURE_LIMIT)
    client = Client()

    response = _login(client, "clerk2", PASSWORD, "10.0.0.2", "/accounts/login/")

    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_failures_below_the_limit_then_the_right_password_logs_in():
    UserFactory(username="clerk1")
    _fail("clerk1", "10.0.0.1", settings.AXES_FAILURE_LIMIT - 1)
    client = Client()

    response = _login(client, "clerk1", PASSWORD, "10.0.0.1", "/accounts/login/")

    assert response.status_code == 302


def test_admin_login_is_throttled_too():
    UserFactory(username="admin1", is_staff=True, is_superuser=True)
    _fail("admin1", "10.0.0.3", settings.AXES_FAILURE_LIMIT, url="/admin/login/")
    client = Client()

    response = _login(client, "admin1", PASSWORD, "10.0.0.3", "/admin/login/")

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session
