"""政策文件 list: filters by 发文机关, 主题分类, 年份, 有效性; pagination; visibility."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from gongkai.documents.tests.factories import TopicFactory

pytestmark = pytest.mark.django_db

URL = "/xxgk/documents/"


def titles(client: Client, query: str = "") -> list[str]:
    response = client.get(f"{URL}{query}")
    assert response.status_code == 200
    return re.findall(
        r'<td class="doc-table__title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def test_list_row_shows_title_link_number_organ_date_and_validity(
    client: Client, publish: Any
) -> None:
    document = publish(
        title="示范区教育局关于做好2024年招生工作的通知",
        doc_number="示教发〔2024〕3号",
        published_date=date(2024, 3, 8),
    )

    html = client.get(URL).content.decode()

    assert (
        f'href="/xxgk/documents/{document.uid}/">示范区教育局关于做好2024年招生工作的通知</a>'
        in html
    )
    assert "示教发〔2024〕3号" in html
    assert "示范区教育局" in html
    assert "2024-03-08" in html
    assert '<span class="badge badge--valid">有效</span>' in html


def test_filter_by_organ_includes_joint_documents(
    client: Client, publish: Any, district: Any
) -> None:
    publish(title="教育局文件", organ=district.education)
    publish(title="财政局文件", organ=district.finance)
    publish(title="财政局与教育局联合发文", organ=district.finance, co_organs=[district.education])

    assert sorted(titles(client, f"?organ={district.education.pk}")) == [
        "教育局文件",
        "财政局与教育局联合发文",
    ]
    assert sorted(titles(client, f"?organ={district.finance.pk}")) == [
        "财政局与教育局联合发文",
        "财政局文件",
    ]


def test_filter_by_topic_matches_the_topic_and_its_subtopics(client: Client, publish: Any) -> None:
    science = TopicFactory(name="科技、教育")
    education = TopicFactory(name="教育", parent=science)
    finance = TopicFactory(name="财政、金融、审计")
    publish(title="大类文件", topic=science)
    publish(title="小类文件", topic=education)
    publish(title="财政文件", topic=finance)

    assert sorted(titles(client, f"?topic={science.pk}")) == ["大类文件", "小类文件"]
    assert titles(client, f"?topic={education.pk}") == ["小类文件"]
    html = client.get(URL).content.decode()
    assert "科技、教育\\教育</option>" in html


def test_filter_by_year_of_publication(client: Client, publish: Any) -> None:
    publish(title="2023年文件", published_date=date(2023, 12, 31))
    publish(title="2024年文件", published_date=date(2024, 1, 1))

    assert titles(client, "?year=2023") == ["2023年文件"]
    assert titles(client, "?year=2024") == ["2024年文件"]


def test_filter_by_validity_uses_effective_validity(client: Client, publish: Any) -> None:
    publish(title="有效文件")
    publish(title="到期文件", expires_on=date(2020, 1, 1))
    publish(title="废止文件", validity="repealed", repealed_date=date(2024, 6, 1))

    assert titles(client, "?validity=valid") == ["有效文件"]
    assert titles(client, "?validity=expired") == ["到期文件"]
    assert titles(client, "?validity=repealed") == ["废止文件"]
    html = client.get(URL).content.decode()
    assert '<span class="badge badge--expired">失效</span>' in html
    assert '<span class="badge badge--repealed">废止</span>' in html


@pytest.mark.parametrize(
    "query",
    [
        "?organ=abc",
        "?organ=999999",
        "?topic=-1",
        "?year=1800",
        "?year=20x4",
        "?validity=bogus",
        "?page=abc",
    ],
)
def test_invalid_filter_values_are_ignored(client: Client, publish: Any, query: str) -> None:
    publish(title="唯一文件")
    assert titles(client, query) == ["唯一文件"]


def test_filters_combine_and_the_form_keeps_the_choice(
    client: Client, publish: Any, district: Any
) -> None:
    publish(title="2024教育", organ=district.education, published_date=date(2024, 2, 1))
    publish(title="2023教育", organ=district.education, published_date=date(2023, 2, 1))
    publish(title="2024财政", organ=district.finance, published_date=date(2024, 2, 1))

    query = f"?organ={district.education.pk}&year=2024"
    assert titles(client, query) == ["2024教育"]
    html = client.get(URL + query).content.decode()
    assert f'<option value="{district.education.pk}" selected>示范区教育局</option>' in html
    assert '<option value="2024" selected>2024年</option>' in html
    assert "清除筛选" in html


def test_pagination_uses_page_size_and_keeps_filters(
    client: Client, publish: Any, settings: Any, district: Any
) -> None:
    settings.GONGKAI_PAGE_SIZE = 2
    for day in range(1, 6):
        publish(title=f"文件{day}", published_date=date(2024, 4, day))

    assert titles(client) == ["文件5", "文件4"]
    assert titles(client, "?page=3") == ["文件1"]
    assert titles(client, "?page=99") == ["文件1"]

    html = client.get(f"{URL}?year=2024&page=2").content.decode()
    assert 'href="?year=2024&amp;page=3" rel="next"' in html
    assert 'aria-current="page">2</a>' in html


def test_unpublished_documents_never_appear(client: Client, publish: Any, district: Any) -> None:
    publish(title="已发布文件")
    hidden = []
    for status in ("draft", "signoff", "issued", "returned"):
        hidden.append(
            publish(title=f"状态为{status}的文件", status=status, published_date=None).title
        )
    hidden.append(
        publish(title="已撤回的文件", status="withdrawn", index_number="000000003/2024-09999").title
    )

    for page in [URL, f"{URL}?organ={district.education.pk}", "/", "/xxgk/catalogue/"]:
        html = client.get(page).content.decode()
        assert "已发布文件" in html
        for title in hidden:
            assert title not in html, (page, title)


def test_unfiltered_list_pages_by_path(client: Client, publish: Any, settings: Any) -> None:
    settings.GONGKAI_PAGE_SIZE = 2
    for day in range(1, 6):
        publish(title=f"文件{day}", published_date=date(2024, 4, day))

    first = client.get(URL).content.decode()
    third = client.get(f"{URL}page/3/")

    assert 'href="/xxgk/documents/page/2/" rel="next"' in first
    assert third.status_code == 200 and "文件1" in third.content.decode()
    assert 'href="/xxgk/documents/page/2/" rel="prev"' in third.content.decode()
    assert client.get(f"{URL}page/4/").status_code == 404
    redirect = client.get(f"{URL}page/1/")
    assert redirect.status_code == 301 and redirect["Location"] == URL
