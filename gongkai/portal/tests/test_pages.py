"""Home, 政府信息公开 landing, catalogue and the shared layout (accessibility, 适老化)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_site_name_and_xxgk_entry(client: Client, settings: Any) -> None:
    settings.SITE_NAME = "示范区人民政府"
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 class="site-name">' in html
    assert "示范区人民政府" in html
    assert re.search(
        r'<a class="entry__link" href="/xxgk/">\s*<span class="entry__title">政府信息公开', html
    )


def test_home_lists_the_ten_latest_published_documents_newest_first(
    client: Client, publish: Any
) -> None:
    for day in range(1, 13):
        publish(title=f"第{day:02d}号通知", published_date=date(2024, 5, day))
    publish(title="尚未发布的草稿", status="draft", published_date=None)

    html = client.get("/").content.decode()

    shown = re.findall(r"第(\d\d)号通知", html)
    assert shown == [f"{day:02d}" for day in range(12, 2, -1)]
    assert "尚未发布的草稿" not in html


def test_home_without_documents_says_so(client: Client, district: Any) -> None:
    assert "暂无已发布的文件。" in client.get("/").content.decode()


@pytest.mark.parametrize(
    "name", ["portal:home", "portal:xxgk", "portal:document_list", "portal:catalogue"]
)
def test_layout_has_lang_skip_link_landmarks_and_local_assets(
    client: Client, district: Any, name: str
) -> None:
    response = client.get(reverse(name))
    html = response.content.decode()

    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert '<a class="skip-link" href="#main">跳到主要内容</a>' in html
    assert '<main id="main"' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    # All assets are local: no CDN, no absolute URLs in src/href of assets.
    assets = re.findall(r'<(?:link(?! rel="alternate")|script)[^>]+(?:href|src)="([^"]+)"', html)
    assert assets and all(url.startswith("/static/portal/") for url in assets)
    feeds = re.findall(r'<link rel="alternate"[^>]+href="([^"]+)"', html)
    assert all(url.startswith("/feeds/") for url in feeds)
    assert "Content-Security-Policy" in response.headers


def test_every_link_on_public_pages_leads_somewhere(client: Client, publish: Any) -> None:
    """No placeholder pages: each internal link on the portal answers 200."""
    document = publish(title="关于开展政务公开检查的通知")
    pages = [
        "/",
        "/xxgk/",
        "/xxgk/documents/",
        "/xxgk/catalogue/",
        f"/xxgk/documents/{document.uid}/",
    ]
    links = set()
    for page in pages:
        links.update(re.findall(r'href="(/[^"]*)"', client.get(page).content.decode()))
    for link in sorted(links):
        if link.startswith("/static/"):
            continue
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_catalogue_lists_index_name_summary_and_generation_date(
    client: Client, publish: Any
) -> None:
    publish(
        title="示范区教育局关于义务教育招生的通知",
        index_number="000000003/2024-00042",
        summary="明确2024年义务教育招生范围。",
        written_date=date(2024, 2, 20),
        published_date=date(2024, 3, 1),
    )
    publish(title="草稿不进目录", status="draft", published_date=None)

    html = client.get("/xxgk/catalogue/").content.decode()

    for header in ("索引号", "名称", "内容概述", "生成日期"):
        assert f'<th scope="col">{header}</th>' in html
    assert "000000003/2024-00042" in html
    assert "明确2024年义务教育招生范围。" in html
    # 生成日期 is the 成文日期 (the date the information was formed), else the 发布日期.
    assert "2024-02-20" in html
    assert "草稿不进目录" not in html


def test_catalogue_is_paginated(client: Client, publish: Any, settings: Any) -> None:
    settings.GONGKAI_PAGE_SIZE = 2
    for day in range(1, 6):
        publish(title=f"目录文件{day}", published_date=date(2024, 4, day))

    html = client.get("/xxgk/catalogue/?page=3").content.decode()

    assert "目录文件1" in html
    assert "目录文件5" not in html


def test_elder_mode_link_sets_cookie_and_class_without_javascript(
    client: Client, district: Any
) -> None:
    response = client.get("/elder-mode/?on=1&next=/xxgk/")
    assert response.status_code == 302
    assert response["Location"] == "/xxgk/"
    assert response.cookies["gk_elder"].value == "1"

    html = client.get("/xxgk/").content.decode()
    assert '<html lang="zh-hans" class="elder">' in html
    assert 'aria-pressed="true"' in html

    client.get("/elder-mode/?on=0&next=/xxgk/")
    html = client.get("/xxgk/").content.decode()
    assert 'class="elder"' not in html
    assert 'aria-pressed="false"' in html


def test_elder_mode_refuses_to_redirect_off_site(client: Client, district: Any) -> None:
    response = client.get("/elder-mode/?on=1&next=https://evil.example/")
    assert response["Location"] == "/"


def test_pages_are_the_same_for_logged_in_staff(client: Client, publish: Any, clerk: Any) -> None:
    document = publish(title="同一页面")
    url = f"/xxgk/documents/{document.uid}/"
    anonymous = client.get(url).content
    client.force_login(clerk)
    assert client.get(url).content == anonymous


def test_portal_is_read_only(client: Client, district: Any) -> None:
    assert client.post("/xxgk/documents/").status_code == 405


def test_pages_stay_chinese_for_an_english_browser(client: Client, district: Any) -> None:
    """No English catalogue yet: Chinese text must not be labelled lang="en"."""
    response = client.get("/xxgk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="zh-hans">' in response.content.decode()
    assert response["Content-Language"] == "zh-hans"
