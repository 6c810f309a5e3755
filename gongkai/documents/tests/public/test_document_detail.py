"""Document detail: §7.2 metadata, body, 附注, 废止/失效 banner, and 404 for unpublished."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.documents.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db


def url(document: Any) -> str:
    return f"/xxgk/documents/{document.uid}/"


def metadata(html: str) -> dict[str, str]:
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td[^>]*>(.*?)</td></tr>', html, re.S)
    return {label: re.sub(r"<[^>]+>", "", value).strip() for label, value in rows}


def test_detail_shows_index_number_and_metadata(
    client: Client, publish: Any, district: Any
) -> None:
    parent = TopicFactory(name="科技、教育")
    document = publish(
        title="示范区关于推进义务教育优质均衡发展的实施意见",
        index_number="000000003/2024-00007",
        doc_number="示政发〔2024〕7号",
        organ=district.government,
        co_organs=[district.education, district.finance],
        topic=TopicFactory(name="教育", parent=parent),
        genre="意见",
        written_date=date(2024, 2, 26),
        published_date=date(2024, 3, 4),
        effective_date=date(2024, 4, 1),
        summary="提出推进义务教育优质均衡发展的主要任务。",
        keywords="教育 均衡",
    )

    response = client.get(url(document))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<td id="index-number">000000003/2024-00007</td>' in html
    assert metadata(html) == {
        "索引号": "000000003/2024-00007",
        "主题分类": "科技、教育\\教育",
        "发文机关": "示范区人民政府、示范区教育局、示范区财政局",
        "成文日期": "2024年02月26日",
        "发布日期": "2024年03月04日",
        "标题": "示范区关于推进义务教育优质均衡发展的实施意见",
        "文号": "示政发〔2024〕7号",
        "有效性": "有效",
        "施行日期": "2024年04月01日",
        "废止日期": "—",
        "公开方式": "主动公开",
        "体裁": "意见",
        "内容概述": "提出推进义务教育优质均衡发展的主要任务。",
        "主题词": "教育 均衡",
    }
    assert "<h1" in html and "本文件已" not in html


def test_body_keeps_paragraphs_and_escapes_html(client: Client, publish: Any) -> None:
    document = publish(
        body="各街道、各部门：\n\n　　一、总体要求<script>alert(1)</script>\n二、主要任务"
    )

    html = client.get(url(document)).content.decode()

    assert "<p>各街道、各部门：</p>" in html
    assert "<p>　　一、总体要求&lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert "<p>二、主要任务</p>" in html
    assert "<script>alert" not in html


def test_detail_shows_the_marking(client: Client, publish: Any) -> None:
    html = client.get(url(publish())).content.decode()
    assert '<p class="document__marking">（此件公开发布）</p>' in html


def test_repealed_document_has_a_banner_with_the_date(client: Client, publish: Any) -> None:
    document = publish(validity="repealed", repealed_date=date(2024, 9, 30))

    html = client.get(url(document)).content.decode()

    assert "<strong>本文件已废止</strong>（废止日期：2024年09月30日）" in html
    assert metadata(html)["废止日期"] == "2024年09月30日"
    assert metadata(html)["有效性"] == "废止"


def test_expired_document_has_a_banner_with_the_date(client: Client, publish: Any) -> None:
    # Still 有效 in the row: the expiry is derived from 有效期至 until documents_expire runs.
    document = publish(expires_on=date(2023, 3, 1))

    html = client.get(url(document)).content.decode()

    assert "<strong>本文件已失效</strong>（失效日期：2023年03月01日）" in html
    assert metadata(html)["有效性"] == "失效"


@pytest.mark.parametrize("status", ["draft", "disclosure_review", "signoff", "issued", "returned"])
def test_unpublished_document_is_404(client: Client, publish: Any, status: str) -> None:
    document = publish(status=status, published_date=None)
    assert client.get(url(document)).status_code == 404


def test_withdrawn_document_is_404_even_for_its_own_staff(
    client: Client, publish: Any, clerk: Any
) -> None:
    document = publish(status="withdrawn", index_number="000000003/2024-00001")
    assert client.get(url(document)).status_code == 404
    client.force_login(clerk)
    assert client.get(url(document)).status_code == 404


def test_unknown_document_is_404(client: Client, district: Any) -> None:
    assert client.get(f"/xxgk/documents/{uuid.uuid4()}/").status_code == 404


def test_adopted_dai_ni_gao_shows_the_government_and_its_drafting_department(
    client: Client, publish: Any, district: Any
) -> None:
    # Issued in the government's name; the drafting department is shown as 起草单位.
    document = publish(
        title="示范区人民政府关于做好学前教育工作的通知",
        organ=district.government,
        drafting_organ=district.education,
        for_government=True,
    )
    rows = metadata(client.get(url(document)).content.decode())
    assert rows["发文机关"] == district.government.name
    assert rows["起草单位"] == district.education.name


def test_drafting_department_row_only_for_an_adopted_dai_ni_gao(
    client: Client, publish: Any, district: Any
) -> None:
    document = publish(title="示范区教育局关于某事项的通知", organ=district.education)
    assert "起草单位" not in metadata(client.get(url(document)).content.decode())
