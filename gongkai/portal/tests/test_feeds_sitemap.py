"""RSS 2.0 and Atom per column; sitemap.xml. Published items only, absolute on SITE_URL."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def site_url(settings: Any) -> None:
    settings.SITE_URL = "https://www.shifanqu.example.gov.cn"


@pytest.fixture
def documents(publish: Any) -> dict[str, Any]:
    return {
        "public": publish(
            title="已发布的通知", summary="通知摘要。", published_date=date(2024, 5, 2)
        ),
        "normative": publish(
            title="规范性文件", is_normative=True, published_date=date(2024, 5, 1)
        ),
        "draft": publish(title="未发布的草稿", status="draft", published_date=None),
        "withdrawn": publish(title="已撤回的文件", status="withdrawn"),
    }


def test_rss_feed_lists_published_documents_newest_first(
    client: Client, documents: dict[str, Any]
) -> None:
    response = client.get("/feeds/documents/rss.xml")
    channel = ET.fromstring(response.content).find("channel")
    assert channel is not None

    titles = [item.findtext("title") for item in channel.findall("item")]
    links = [item.findtext("link") for item in channel.findall("item")]

    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert titles == ["已发布的通知", "规范性文件"]
    assert links[0] == (
        f"https://www.shifanqu.example.gov.cn/xxgk/documents/{documents['public'].uid}/"
    )
    assert channel.findtext("link") == "https://www.shifanqu.example.gov.cn/xxgk/documents/"
    assert channel.findtext("language") == "zh-hans"


def test_atom_feed_of_a_sub_column(client: Client, documents: dict[str, Any]) -> None:
    response = client.get("/feeds/normative/atom.xml")
    feed = ET.fromstring(response.content)

    titles = [entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")]

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert titles == ["规范性文件"]


def test_feeds_do_not_depend_on_the_requests_host(
    client: Client, documents: dict[str, Any]
) -> None:
    one = client.get("/feeds/documents/rss.xml", HTTP_HOST="127.0.0.1").content
    two = client.get("/feeds/documents/rss.xml", HTTP_HOST="localhost").content
    assert one == two


def test_an_empty_feed_is_stable(client: Client, district: Any) -> None:
    first = client.get("/feeds/documents/atom.xml").content
    assert client.get("/feeds/documents/atom.xml").content == first


def test_no_feed_for_a_hidden_or_unknown_column(client: Client, district: Any) -> None:
    assert client.get("/feeds/normative/rss.xml").status_code == 404
    assert client.get("/feeds/nope/rss.xml").status_code == 404
    assert client.get("/feeds/guide/rss.xml").status_code == 404


def test_sitemap_index_and_sections_list_published_items_only(
    client: Client, documents: dict[str, Any]
) -> None:
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [s.findtext(f"{SITEMAP}loc") for s in index.findall(f"{SITEMAP}sitemap")]
    base = "https://www.shifanqu.example.gov.cn"

    assert sections == [
        f"{base}/sitemap-columns.xml",
        f"{base}/sitemap-documents-1.xml",
        f"{base}/sitemap-concerns.xml",
        f"{base}/sitemap-consultations.xml",
        f"{base}/sitemap-decisions.xml",
        f"{base}/sitemap-interpretations.xml",
        f"{base}/sitemap-meetings.xml",
        f"{base}/sitemap-messages.xml",  # 留言选登 (gongkai.mailbox)
        f"{base}/sitemap-solicitations.xml",  # 征集调查 (gongkai.mailbox)
    ]
    urls = ET.fromstring(client.get("/sitemap-documents-1.xml").content)
    locations = {u.findtext(f"{SITEMAP}loc") for u in urls.findall(f"{SITEMAP}url")}
    assert locations == {
        f"{base}/xxgk/documents/{documents['public'].uid}/",
        f"{base}/xxgk/documents/{documents['normative'].uid}/",
    }
    columns = ET.fromstring(client.get("/sitemap-columns.xml").content)
    pages = {u.findtext(f"{SITEMAP}loc") for u in columns.findall(f"{SITEMAP}url")}
    assert f"{base}/xxgk/documents/normative/" in pages
    # 制度 always answers (the 条例 heads it): it is in the sitemap.
    assert f"{base}/xxgk/rules/" in pages


def test_sitemap_sections_that_do_not_exist_404(client: Client, district: Any) -> None:
    assert client.get("/sitemap-documents-1.xml").status_code == 404
    assert client.get("/sitemap-documents-0.xml").status_code == 404
    assert client.get("/sitemap-nope.xml").status_code == 404
    assert client.get("/sitemap-columns.xml?p=2").status_code == 404


def test_feed_dates_are_the_publication_date_not_the_import_time(
    client: Client, publish: Any
) -> None:
    from django.utils import timezone

    # Imported today, published (发布日期) in 2019.
    publish(title="导入的历史文件", published_date=date(2019, 3, 8), published_at=timezone.now())
    rss = ET.fromstring(client.get("/feeds/documents/rss.xml").content)
    assert "08 Mar 2019" in rss.findtext("channel/item/pubDate", "")
    atom = ET.fromstring(client.get("/feeds/documents/atom.xml").content)
    entry = atom.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}updated", "").startswith("2019-03-0")
    assert entry.findtext(f"{ATOM}published", "").startswith("2019-03-0")


def test_site_url_follows_the_port_of_make_run() -> None:
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    env.update(PORT="9000", DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "http://127.0.0.1:9000"
