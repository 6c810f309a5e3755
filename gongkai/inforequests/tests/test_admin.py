"""The admin is read-only and shows personal data masked."""

from datetime import date

import pytest
from django.test import Client

from gongkai.accounts.tests.factories import UserFactory
from gongkai.inforequests.tests.factories import received

pytestmark = pytest.mark.django_db


def test_admin_change_page_masks_personal_data(district, reviewer):
    ir = received(reviewer, district.education, date(2025, 9, 25))
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    listing = client.get("/admin/inforequests/inforequest/")
    assert listing.status_code == 200 and ir.case_number in listing.content.decode()
    page = client.get(f"/admin/inforequests/inforequest/{ir.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "1101**********002X" in html and "11010519491231002X" not in html
    assert "138****5678" in html and "13812345678" not in html
    assert client.get("/admin/inforequests/inforequest/add/").status_code == 403


ID_ALPHABET = "0123456789X"


def _listed(client: Client, case_number: str, **params: str) -> bool | None:
    """Whether the changelist filtered by ``params`` shows the case; None if refused."""
    response = client.get("/admin/inforequests/inforequest/", params)
    if response.status_code != 200:
        return None
    return case_number in response.content.decode()


def _recover_id_number(client: Client, case_number: str) -> tuple[str | None, int]:
    """The probe's attack: a binary search per character with ordered lookups, about
    4 requests for each of the 18 characters (64–72 requests in all)."""
    prefix, requests = "", 0
    for _ in range(18):
        low, high = 0, len(ID_ALPHABET) - 1
        while low < high:
            middle = (low + high + 1) // 2
            requests += 1
            listed = _listed(
                client,
                case_number,
                id_number__startswith=prefix,
                id_number__gte=prefix + ID_ALPHABET[middle],
            )
            if listed is None:
                return None, requests
            if listed:
                low = middle
            else:
                high = middle - 1
        prefix += ID_ALPHABET[low]
    return prefix, requests


def test_admin_lookups_cannot_recover_a_masked_id_number(district, reviewer):
    ir = received(reviewer, district.education, date(2025, 9, 25))
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)

    recovered, requests = _recover_id_number(client, ir.case_number)

    assert recovered is None and requests == 1
    assert ir.id_number != recovered


@pytest.mark.parametrize(
    "lookup",
    [
        "id_number__startswith",
        "id_number",
        "phone__startswith",
        "email__icontains",
        "address__contains",
        "applicant_key",
        "query_code_hash__startswith",
    ],
)
def test_admin_refuses_lookups_on_personal_fields(district, reviewer, lookup):
    ir = received(reviewer, district.education, date(2025, 9, 25))
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)

    response = client.get("/admin/inforequests/inforequest/", {lookup: ir.id_number[:4]})

    assert response.status_code == 400
    # Filters on non-personal fields still work.
    assert _listed(client, ir.case_number, status=ir.status) is True


def test_admin_refuses_personal_lookups_through_a_relation(district, reviewer):
    received(reviewer, district.education, date(2025, 9, 25))
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)

    response = client.get(
        "/admin/inforequests/remindersent/", {"info_request__id_number__startswith": "1101"}
    )

    assert response.status_code == 400
