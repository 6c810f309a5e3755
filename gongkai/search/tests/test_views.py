"""The search page: results with marks, filters kept, pagination, nothing unsafe."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.search.tests.urls")]


def test_search_page_lists_highlighted_hits(client, publish):
    document = publish(title="关于推进一网通办的通知", body="全面推进一网通办。", summary="")
    response = client.get("/search/", {"q": "一网通办"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "关于推进<mark>一网通办</mark>的通知" in html
    assert f'href="/xxgk/documents/{document.uid}/"' in html
    assert "找到 1 条结果" in html


def test_search_page_escapes_the_query_and_keeps_filters(client, publish, district):
    publish(title="关于<b>食堂</b>管理的通知", body="食堂。")
    response = client.get(
        "/search/", {"q": "<script>食堂", "organ": district.education.pk, "validity": "valid"}
    )
    html = response.content.decode()
    assert "<script>食堂" not in html
    assert "&lt;script&gt;食堂" in html
    assert f'<option value="{district.education.pk}" selected>' in html
    assert '<option value="valid" selected>' in html


def test_search_page_ignores_invalid_filters_and_pages(client, publish):
    publish(title="关于防汛的通知", body="防汛。")
    response = client.get(
        "/search/", {"q": "防汛", "organ": "x", "year": "-1", "validity": "bad", "page": "99"}
    )
    assert response.status_code == 200
    assert "找到 1 条结果" in response.content.decode()


def test_search_page_paginates(client, publish):
    for n in range(23):
        publish(title=f"关于第{n}次消防检查的通知", body="消防检查。")
    html = client.get("/search/", {"q": "消防检查"}).content.decode()
    assert "找到 23 条结果" in html
    assert 'rel="next"' in html
    second = client.get("/search/", {"q": "消防检查", "page": 2}).content.decode()
    assert second.count('class="search-hit"') == 3


def test_empty_search_page(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "站内检索" in response.content.decode()
