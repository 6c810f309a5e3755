"""政府信息公开指南 (条例第十二条): generated from organ data, so always current."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_guide_lists_each_organs_openness_office_contacts(client: Client, district: Any) -> None:
    organ = district.finance
    organ.office_name = "示范区财政局政务公开办公室"
    organ.office_address = "示范区人民路8号"
    organ.office_hours = "工作日 8:30—17:00"
    organ.office_phone = "0411-22223333"
    organ.office_fax = "0411-22223334"
    organ.office_email = "gongkai.fin@example.gov.cn"
    organ.office_postcode = "116001"
    organ.website = "https://czj.example.gov.cn/"
    organ.save()

    html = client.get("/xxgk/guide/").content.decode()

    for value in (
        "示范区财政局政务公开办公室",
        "示范区人民路8号",
        "116001",
        "工作日 8:30—17:00",
        "0411-22223333",
        "0411-22223334",
        'href="mailto:gongkai.fin@example.gov.cn"',
        'href="https://czj.example.gov.cn/"',
    ):
        assert value in html, value
    for organ in (district.government, district.office, district.education):
        assert f'<h3 id="office-{organ.slug}">{organ.name}</h3>' in html


def test_guide_has_the_statutory_contents(client: Client, district: Any) -> None:
    html = client.get("/xxgk/guide/").content.decode()

    for heading in ("政府信息的分类", "编排体系", "获取方式", "政府信息公开工作机构", "监督和救济"):
        assert heading in html
    # Classification by the statutory items, arrangement by the site's columns.
    assert "（十五）法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息" in html
    assert 'href="/xxgk/catalogue/"' in html
    assert "000014349/2024-00203" in html


def test_guide_follows_organ_changes(client: Client, district: Any) -> None:
    district.education.is_active = False
    district.education.save()

    html = client.get("/xxgk/guide/").content.decode()

    assert 'id="office-edu"' not in html


def test_guide_links_the_online_application_only_when_it_exists(
    client: Client, district: Any, settings: Any
) -> None:
    settings.ROOT_URLCONF = "gongkai.portal.tests.urls_without_apply"
    assert "在线提交政府信息公开申请" not in client.get("/xxgk/guide/").content.decode()
