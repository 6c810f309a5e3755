"""The column registry: columns appear only with their module and content (domain.md §6.2)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.core.kit import columns
from gongkai.core.kit.columns import Column
from gongkai.documents.models import StatutoryItemTag, Topic

pytestmark = pytest.mark.django_db


def main_of(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def cards(client: Client) -> list[str]:
    return re.findall(
        r'<a class="column-card" href="([^"]+)"', main_of(client.get("/xxgk/").content.decode())
    )


def nav(client: Client) -> list[str]:
    html = client.get("/").content.decode()
    block = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="([^"]+)"', block)


@pytest.fixture
def openness_topic(db: Any) -> Topic:
    parent, _ = Topic.objects.get_or_create(name="综合政务", parent=None)
    topic, _ = Topic.objects.get_or_create(name="政务公开", parent=parent)
    return topic


@pytest.fixture
def without_apply(settings: Any) -> None:
    settings.ROOT_URLCONF = "gongkai.portal.tests.urls_without_apply"


def test_without_content_only_the_columns_of_existing_modules_show(
    client: Client, district: Any, without_apply: None
) -> None:
    html = main_of(client.get("/xxgk/").content.decode())

    # 制度 (the 条例 heads it) and 法定主动公开内容 (every item of 第二十条/第二十一条) always
    # answer and show on the hub (issue 15 §3).
    assert cards(client) == [
        "/xxgk/guide/",
        "/xxgk/rules/",
        "/xxgk/fdzdgk/",
        "/xxgk/documents/",
        "/zcjd/",
        "/xxgk/catalogue/",
    ]
    # No content yet, or no module: no other placeholder columns.
    for title in ("现行有效规范性文件", "年报", "依申请公开"):
        assert title not in html
    assert client.get("/xxgk/documents/normative/").status_code == 404
    rules = client.get("/xxgk/rules/").content.decode()
    assert "国务院令第711号" in rules
    statutory = client.get("/xxgk/fdzdgk/").content.decode()
    assert "（七）财政预算、决算信息" in statutory and "（暂无）" in statutory


def test_navigation_renders_from_the_registry(
    client: Client, district: Any, without_apply: None
) -> None:
    assert nav(client) == ["/", "/xxgk/", "/xxgk/documents/", "/zcjd/", "/xxgk/catalogue/"]


def test_rules_column_lists_openness_rules_and_the_regulation(
    client: Client, publish: Any, openness_topic: Topic
) -> None:
    publish(title="示范区政府信息公开工作办法", topic=openness_topic, genre="办法")
    publish(title="关于政务公开培训的通知", topic=openness_topic, genre="通知")
    publish(title="中华人民共和国政府信息公开条例", doc_number="国务院令第711号", genre="")

    assert "/xxgk/rules/" in cards(client)
    html = client.get("/xxgk/rules/").content.decode()
    assert "示范区政府信息公开工作办法" in html
    assert "中华人民共和国政府信息公开条例" in html
    assert "关于政务公开培训的通知" not in html


def test_annual_report_column_appears_with_the_first_report_and_keeps_every_year(
    client: Client, publish: Any
) -> None:
    publish(title="示范区人民政府2024年度工作报告", genre="报告")
    assert "/ndbg/" not in cards(client)
    # The old column path leads to the one 政府信息公开年报 column (gongkai.reports).
    moved = client.get("/xxgk/reports/")
    assert moved.status_code == 301 and moved["Location"] == "/ndbg/"

    publish(
        title="示范区人民政府2023年政府信息公开工作年度报告",
        genre="年报",
        published_date=date(2024, 1, 30),
    )
    publish(
        title="示范区人民政府2024年政府信息公开工作年度报告",
        genre="年报",
        published_date=date(2025, 1, 28),
    )
    publish(title="年报草稿", genre="年报", status="draft", published_date=None)

    assert "/ndbg/" in cards(client)
    html = main_of(client.get("/ndbg/").content.decode())
    newer = html.index("2024年政府信息公开工作年度报告")
    older = html.index("2023年政府信息公开工作年度报告")
    assert newer < older
    assert "年度工作报告" not in html
    assert "年报草稿" not in html
    feed = client.get("/feeds/ndbg/rss.xml").content.decode()
    assert "2023年政府信息公开工作年度报告" in feed


def test_normative_column_lists_current_normative_documents_only(
    client: Client, publish: Any
) -> None:
    publish(title="现行有效的规范性文件", is_normative=True)
    publish(title="已废止的规范性文件", is_normative=True, validity="repealed")
    publish(title="已到期的规范性文件", is_normative=True, expires_on=date(2020, 1, 1))
    publish(title="普通通知")

    html = client.get("/xxgk/documents/normative/").content.decode()
    listing = client.get("/xxgk/documents/").content.decode()

    assert "现行有效的规范性文件" in html
    for title in ("已废止的规范性文件", "已到期的规范性文件", "普通通知"):
        assert title not in html
    assert 'href="/xxgk/documents/normative/"' in listing
    assert "现行有效规范性文件" in main_of(client.get("/xxgk/").content.decode())


def test_statutory_column_links_an_item_with_its_first_tagged_document(
    client: Client, publish: Any
) -> None:
    document = publish(title="2024年部门预算")
    assert 'href="/xxgk/fdzdgk/20-07/"' not in client.get("/xxgk/fdzdgk/").content.decode()

    StatutoryItemTag.objects.create(document=document, item_code="20-07")

    assert "/xxgk/fdzdgk/" in cards(client)
    assert 'href="/xxgk/fdzdgk/20-07/"' in client.get("/xxgk/fdzdgk/").content.decode()


def test_application_entry_shows_once_inforequests_serves_public_pages(
    client: Client, district: Any, settings: Any
) -> None:
    settings.ROOT_URLCONF = "gongkai.portal.tests.urls_without_apply"
    assert "依申请公开" not in main_of(client.get("/xxgk/").content.decode())

    settings.ROOT_URLCONF = "gongkai.portal.tests.urls_with_apply"
    html = main_of(client.get("/xxgk/").content.decode())

    assert re.findall(r'<a class="column-card" href="([^"]+)"', html)[-1] == "/apply/"
    assert 'href="/apply/">在线提交政府信息公开申请' in client.get("/xxgk/guide/").content.decode()


def test_registry_hides_unavailable_columns_and_their_children() -> None:
    columns.register(
        Column(key="t-parent", title="测试栏目", url_name="/t/", available=lambda: False)
    )
    columns.register(Column(key="t-child", title="子栏目", url_name="/t/c/", parent="t-parent"))
    columns.register(Column(key="t-nav", title="导航栏目", url_name="/n/", nav=99))
    try:
        assert columns.get("t-parent") is None
        assert columns.get("t-child") is None
        assert columns.children("t-parent") == []
        assert [c.key for c in columns.nav_columns()][-1] == "t-nav"
        assert "t-parent" not in columns.available_keys()
        assert [c.key for c in columns.ancestors("t-child")] == ["t-parent"]
    finally:
        for key in ("t-parent", "t-child", "t-nav"):
            columns.unregister(key)


def test_availability_is_asked_once_per_column_inside_a_remembered_block() -> None:
    asked: list[int] = []
    state = {"available": True}

    def available() -> bool:
        asked.append(1)
        return state["available"]

    column = columns.register(
        Column(key="t-memo", title="测试栏目", url_name="/m/", available=available)
    )
    try:
        with columns.remembered_availability():
            assert column.is_available() and column.is_available()
            state["available"] = False
            assert column.is_available()  # the state the block started from
        assert len(asked) == 1
        assert not column.is_available()  # outside: asked again, every time
        assert not column.is_available()
        assert len(asked) == 3
    finally:
        columns.unregister("t-memo")


def test_breadcrumbs_follow_the_column_tree(client: Client, publish: Any) -> None:
    publish(title="规范性文件", is_normative=True)
    html = client.get("/xxgk/documents/normative/").content.decode()
    crumbs = html.split('<nav class="breadcrumbs"', 1)[1].split("</nav>", 1)[0]

    assert re.findall(r'href="([^"]+)"', crumbs) == ["/", "/xxgk/", "/xxgk/documents/"]
    assert '<span aria-current="page">现行有效规范性文件</span>' in crumbs
