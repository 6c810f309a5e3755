"""Deployment defaults (issue 16, item 6): the production settings, every page's security
headers, the site's CSRF page in Chinese, plausible dates in forms, a locked database."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from gongkai.core.kit.views import CONTENT_SECURITY_POLICY

ROOT = Path(__file__).resolve().parents[3]
# Not part of a deployment: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process.
_NOT_INHERITED = ("SECURE_", "REDIS", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")


def production_environ() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(_NOT_INHERITED)}


def check_deploy(**env: str) -> subprocess.CompletedProcess[str]:
    """`manage.py check --deploy` with the documented production settings plus `env`."""
    environ = production_environ()
    environ.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="gongkai.example.gov.cn",
        SECURE_HSTS_PRELOAD="true",
        **env,
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_documented_production_settings_pass_check_deploy():
    result = check_deploy(REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_redis_fails_check_deploy_with_a_clear_message():
    result = check_deploy()
    assert result.returncode != 0
    assert "gongkai.E010" in result.stderr and "REDIS_URL" in result.stderr


def test_production_defaults_are_https_only():
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.X_FRAME_OPTIONS,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    environ = production_environ()
    environ.update(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="gongkai.example.gov.cn")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert last.split() == ["True", "31536000", "DENY", "True", "True"], result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/", "/search/?q=教育", "/accounts/login/", "/staff/", "/admin/login/", "/ysqgk/apply/"],
)
def test_every_page_carries_the_csp_and_frame_deny(client, district, path):
    response = client.get(path, follow=False)
    assert response.status_code in (200, 302), (path, response.status_code)
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_staff_pages_of_a_logged_in_user_carry_the_csp(client, clerk, administrator):
    client.force_login(administrator)
    for path in ("/staff/", "/admin/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_csrf_failure_is_the_sites_page_in_chinese(district):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "没有保存" in html
    assert "CSRF verification failed" not in html


@pytest.mark.parametrize("field", [forms.DateField(), forms.DateTimeField()])
@pytest.mark.parametrize("value", ["1800-01-01", "2101-01-01", "0001-01-01"])
def test_form_dates_outside_1949_to_2100_are_refused(field, value):
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(value)
    assert "1949" in str(refused.value) and "2100" in str(refused.value)
    assert field.clean("1949-10-01")


@pytest.mark.django_db
def test_public_application_form_refuses_nul(client, district):
    from gongkai.inforequests.models import InfoRequest
    from gongkai.inforequests.tests.test_views_public import FORM, form_data

    response = client.post(FORM, form_data(district.education, info_title="房屋\x00征收"))
    assert response.status_code == 400
    assert not InfoRequest.objects.exists()
    response = client.post(FORM, form_data(district.education, postcode="\x00"))
    assert response.status_code == 400
    assert not InfoRequest.objects.exists()


@pytest.mark.django_db
def test_tracking_form_refuses_nul(client, district):
    response = client.post(
        reverse("inforequests_public:track"), {"case_number": "YSQ\x00", "query_code": "a\x00"}
    )
    assert response.status_code == 400
    assert "申请编号" in response.content.decode()


@pytest.mark.django_db
def test_a_locked_database_tells_the_applicant_in_chinese(client, district, monkeypatch):
    from gongkai.inforequests import services
    from gongkai.inforequests.models import InfoRequest
    from gongkai.inforequests.tests.test_views_public import FORM, form_data

    def locked(**kwargs: Any) -> Any:
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "inforequest_submit", locked)
    response = client.post(FORM, form_data(district.education))
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "系统繁忙" in html and "没有保存" in html
    assert not InfoRequest.objects.exists()


@pytest.mark.django_db
def test_an_oversized_form_post_is_the_sites_413(client, district, settings):
    from gongkai.inforequests.tests.test_views_public import FORM, form_data

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 500
    response = client.post(FORM, form_data(district.education, info_description="字" * 1000))
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()
