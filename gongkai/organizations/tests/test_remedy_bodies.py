"""Who hears a complaint, a reconsideration and a lawsuit against an organ (救济途径)."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.organizations.models import OrganKind
from gongkai.organizations.selectors import remedy_bodies
from gongkai.organizations.tests.factories import OrganFactory

pytestmark = pytest.mark.django_db


def test_a_department_goes_to_the_district_government_and_its_office(district):
    bodies = remedy_bodies(district.education)
    # 行政复议法 (2023) 第二十四条第一款第（一）项; 条例第三条第二款.
    assert bodies.reconsideration == "示范区人民政府"
    assert bodies.complaint == "示范区人民政府办公室"
    assert bodies.court == "" and not bodies.intermediate_court


def test_a_subdistrict_below_a_department_still_goes_to_the_district_government(district):
    street = OrganFactory(slug="east", kind=OrganKind.SUBDISTRICT, parent=district.government)
    unit = OrganFactory(slug="unit", parent=street)
    assert remedy_bodies(street).reconsideration == "示范区人民政府"
    assert remedy_bodies(unit).reconsideration == "示范区人民政府"


def test_the_district_government_goes_one_level_up_and_to_an_intermediate_court(district):
    bodies = remedy_bodies(district.government)
    # Outside the district's records until configured (第二十四条第一款第（二）项).
    assert bodies.reconsideration == "" and bodies.complaint == ""
    # 行政诉讼法第十五条第（一）项: cases against a 县级以上 government.
    assert bodies.intermediate_court
    assert remedy_bodies(district.office).complaint == ""  # the office is the competent dept.


def test_a_vertically_managed_organ_never_goes_to_the_district_government(district):
    tax = OrganFactory(slug="tax", parent=district.government, vertically_managed=True)
    # 行政复议法第二十七条: the higher competent department.
    assert remedy_bodies(tax).reconsideration == ""
    tax.reconsideration_organ = "国家税务总局示范市税务局"
    tax.save()
    assert remedy_bodies(tax).reconsideration == "国家税务总局示范市税务局"


def test_the_organs_record_wins_over_the_hierarchy(district):
    organ = district.finance
    organ.reconsideration_organ = "示范区人民政府（区司法局）"
    organ.court = "示范市西岗区人民法院"
    organ.complaint_organ = "示范区政务服务数据管理局"
    organ.save()
    bodies = remedy_bodies(organ)
    assert bodies.reconsideration == "示范区人民政府（区司法局）"
    assert bodies.court == "示范市西岗区人民法院"
    assert bodies.complaint == "示范区政务服务数据管理局"


def test_the_administrator_edits_the_bodies_in_the_admin(district, administrator):
    client = Client()
    client.force_login(administrator)
    page = client.get(f"/admin/organizations/organ/{district.government.pk}/change/")
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("reconsideration_organ", "court", "complaint_organ"):
        assert f'name="{name}"' in html
