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
