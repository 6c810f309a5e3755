"""The 舆情 cast: the fixed district plus the propaganda department (宣传部门) and its desk,
and the education department's staff who respond."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from typing import cast as typed

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.accounts.tests.factories import UserFactory
from gongkai.organizations.models import Organ, OrganKind
from gongkai.organizations.tests.factories import OrganFactory


def at(text: str) -> datetime:
    """A Beijing-time moment from 'YYYY-MM-DD HH:MM'."""
    return timezone.make_aware(datetime.fromisoformat(text))


@dataclass
class Cast:
    district: Any
    propaganda: Organ
    gov_office: User
    press_desk: User
    head: User
    reviewer: User
    clerk: User
    other_reviewer: User
    citizen: User


@pytest.fixture
def propaganda(district: Any) -> Organ:
    organ = typed(
        Organ,
        OrganFactory(
            slug="propaganda",
            name="中共示范区委宣传部",
            short_name="区委宣传部",
            kind=OrganKind.DEPARTMENT,
            parent=district.government,
            org_code="000000009",
        ),
    )
    return organ


@pytest.fixture
def press_desk(propaganda: Organ) -> User:
    user = typed(
        User,
        UserFactory(
            username="press_desk", phone="13800000009", roles=[(propaganda, Role.PROPAGANDA)]
        ),
    )
    return user


@pytest.fixture
def cast(
    district: Any,
    propaganda: Organ,
    gov_office: User,
    press_desk: User,
    head: User,
    reviewer: User,
    clerk: User,
    other_reviewer: User,
    citizen: User,
) -> Cast:
    for user, phone in ((gov_office, "13800000001"), (head, "13800000002")):
        user.phone = phone
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["phone", "email"])
    return Cast(
        district, propaganda, gov_office, press_desk, head, reviewer, clerk, other_reviewer, citizen
    )
