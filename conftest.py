"""The fixed cast of test users (healthchecks style).

A small district: 区政府 with its office and two departments. Permission tests then read
as one line each: `clerk` drafts for 教育局, `other_clerk` belongs to 财政局.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from gongkai.accounts.models import Role, User
from gongkai.accounts.tests.factories import UserFactory
from gongkai.organizations.models import Organ, OrganKind
from gongkai.organizations.tests.factories import OrganFactory


@pytest.fixture(autouse=True)
def _isolated_files(settings: Any, tmp_path: Any) -> None:
    """Uploads and published files of a test go to its own temporary folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLISH_ROOT = tmp_path / "public"
    # Password hashing is deliberately slow; tests don't need that.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests exercise the dynamic views; publishing tests switch static serving back on.
    settings.GONGKAI_SERVE_PUBLISHED = False


@dataclass
class District:
    government: Organ
    office: Organ
    education: Organ
    finance: Organ


@pytest.fixture
def district(db: Any) -> District:
    government = OrganFactory(
        slug="gov",
        name="示范区人民政府",
        short_name="区政府",
        kind=OrganKind.DISTRICT_GOVERNMENT,
        org_code="000000001",
    )
    office = OrganFactory(
        slug="office",
        name="示范区人民政府办公室",
        short_name="区政府办",
        kind=OrganKind.GOVERNMENT_OFFICE,
        parent=government,
        org_code="000000002",
    )
    education = OrganFactory(
        slug="edu",
        name="示范区教育局",
        short_name="教育局",
        parent=government,
        org_code="000000003",
    )
    finance = OrganFactory(
        slug="fin",
        name="示范区财政局",
        short_name="财政局",
        parent=government,
        org_code="000000004",
    )
    return District(government, office, education, finance)


@pytest.fixture
def clerk(district: District) -> User:
    return UserFactory(username="clerk", roles=[(district.education, Role.CLERK)])


@pytest.fixture
def head(district: District) -> User:
    return UserFactory(username="head", roles=[(district.education, Role.HEAD)])


@pytest.fixture
def reviewer(district: District) -> User:
    """The openness office (政务公开工作机构) of 教育局."""
    return UserFactory(username="reviewer", roles=[(district.education, Role.OPENNESS_OFFICER)])


@pytest.fixture
def gov_office(district: District) -> User:
    return UserFactory(username="gov_office", roles=[(district.office, Role.GOVERNMENT_OFFICE)])


@pytest.fixture
def secrecy_reviewer(district: District) -> User:
    return UserFactory(username="secrecy", roles=[(district.government, Role.CONFIDENTIALITY)])


@pytest.fixture
def legal_reviewer(district: District) -> User:
    """合法性审核 (法制机构, district-wide): 行政规范性文件 before sign-off."""
    return UserFactory(username="legal", roles=[(district.government, Role.LEGAL)])


@pytest.fixture
def other_clerk(district: District) -> User:
    return UserFactory(username="other_clerk", roles=[(district.finance, Role.CLERK)])


@pytest.fixture
def other_reviewer(district: District) -> User:
    return UserFactory(username="other_reviewer", roles=[(district.finance, Role.OPENNESS_OFFICER)])


@pytest.fixture
def administrator(district: District) -> User:
    return UserFactory(
        username="admin", is_staff=True, roles=[(district.government, Role.ADMINISTRATOR)]
    )


@pytest.fixture
def citizen(db: Any) -> User:
    return UserFactory(username="citizen")


# --- browser ------------------------------------------------------------------------------
# Playwright driving Debian's chromium; a browser is never downloaded.

CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture
def browser() -> Iterator[Any]:
    """Function-scoped on purpose: Playwright's sync API runs an event loop in this thread
    while it is open, and Django refuses database setup inside a running loop. Request it
    after the database fixtures (live_server)."""
    # The ORM calls a test makes between browser steps are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(
                f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
            )
        pytest.skip(f"{CHROMIUM} not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()
            # While Playwright's loop runs, asgiref gives the test's ORM calls their own
            # connection; closed here, in that context, or PostgreSQL refuses to drop the
            # test database ("being accessed by other users").
            from django.db import connections

            connections.close_all()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    new_page = context.new_page()
    new_page.set_default_timeout(15000)
    try:
        yield new_page
    finally:
        context.close()
