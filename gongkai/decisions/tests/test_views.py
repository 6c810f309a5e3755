"""Portal pages, the comment form (bad input, throttling, script), exports, staff pages, API."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from gongkai.core.kit.exports import safe_cell, to_csv, to_xlsx
from gongkai.decisions import services
from gongkai.decisions.models import Comment
from gongkai.decisions.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_c(clerk, district):
    d = f.to_participation(clerk, district.education)
    return f.open_consultation(clerk, d, period_days=15, urgency_reason="防汛工作急需")


def test_public_pages_and_article_anchor(client, open_c):
    page = client.get(reverse("yjzj:detail", args=[open_c.uid]))
    text = page.content.decode()
    assert page.status_code == 200 and "防汛工作急需" in text and "第三条" in text
    assert "剩余" in text
    listing = client.get(reverse("yjzj:list")).content.decode()
    assert open_c.title in listing
    article = open_c.articles.get(number=3)
    form = client.get(reverse("yjzj:comment", args=[open_c.uid]), {"article": article.pk})
    assert form.status_code == 200 and f'value="{article.pk}" selected' in form.content.decode()
    assert form.headers["Cache-Control"] == "private, no-store"


def test_comment_is_stored_then_acknowledged_and_script_is_text(client, open_c):
    article = open_c.articles.get(number=2)
    body = '<script>alert(1)</script>=HYPERLINK("http://x")'
    response = client.post(
        reverse("yjzj:comment", args=[open_c.uid]),
        {"article": article.pk, "body": body, "name": "李四", "contact": "13900000000"},
    )
    assert response.status_code == 200
    comment = Comment.objects.get()
    assert comment.number in response.content.decode() and comment.article == article
    assert comment.body == body and comment.contact == "13900000000"
    assert "<script>alert" not in response.content.decode()


def test_bad_comments(client, open_c, settings):
    url = reverse("yjzj:comment", args=[open_c.uid])
    assert client.post(url, {"body": ""}).status_code == 400
    assert client.post(url, {"body": "x" * 5001}).status_code == 400
    assert client.post(url, {"body": "ok", "article": 999999}).status_code == 400
    assert not Comment.objects.exists()


def test_flood_is_throttled_per_source_without_losing_others(client, open_c, settings):
    settings.GONGKAI_COMMENT_MAX = 3
    url = reverse("yjzj:comment", args=[open_c.uid])
    codes = [
        client.post(url, {"body": f"刷屏{i}"}, REMOTE_ADDR="10.0.0.1").status_code for i in range(5)
    ]
    assert codes == [200, 200, 200, 429, 429]
    assert client.post(url, {"body": "正常市民意见"}, REMOTE_ADDR="10.0.0.2").status_code == 200
    assert Comment.objects.count() == 4
    assert Comment.objects.filter(body="正常市民意见").exists()


def test_comment_after_close_shows_closing_time(client, open_c):
    f.close(open_c)
    response = client.post(reverse("yjzj:comment", args=[open_c.uid]), {"body": "迟到"})
    assert response.status_code == 400
    assert f"{open_c.closes_on.isoformat()} 24:00截止" in response.content.decode()


def test_safe_export_neutralises_formulas():
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+86 138") == "'+86 138"
    assert safe_cell("-2") == "'-2" and safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell(" =cmd") == "' =cmd" and safe_cell("正常") == "正常"
    rows = list(csv.reader(io.StringIO(to_csv(["a"], [["=evil()"]]).decode("utf-8-sig"))))
    assert rows == [["a"], ["'=evil()"]]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(to_xlsx(["a"], [["=evil()"]]))).active
    assert sheet["A2"].value == "'=evil()" and sheet["A2"].data_type == "s"


def test_staff_export_and_moderation(client, clerk, other_clerk, open_c):
    services.comment_submit(consultation=open_c, body="=HYPERLINK(1)", name="王五")
    client.force_login(other_clerk)
    assert client.get(reverse("decisions:export", args=[open_c.pk, "csv"])).status_code == 404
    client.force_login(clerk)
    body = client.get(reverse("decisions:export", args=[open_c.pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK(1)" in body and "王五" in body
    assert client.get(reverse("decisions:export", args=[open_c.pk, "xlsx"])).status_code == 200
    comment = Comment.objects.get()
    page = client.get(reverse("decisions:consultation", args=[open_c.pk]))
    assert page.status_code == 200 and comment.number in page.content.decode()
    assert (
        client.post(
            reverse("decisions:moderate", args=[open_c.pk, comment.pk]),
            {"approve": "0", "reason": ""},
        ).status_code
        == 400
    )
    client.post(
        reverse("decisions:moderate", args=[open_c.pk, comment.pk]),
        {"approve": "0", "reason": "广告"},
    )
    comment.refresh_from_db()
    assert comment.status == "hidden"


def test_staff_consultation_under_30_days_refused_in_page(client, clerk, district):
    d = f.to_participation(clerk, district.education)
    client.force_login(clerk)
    response = client.post(
        reverse("decisions:consultation_create", args=[d.pk]),
        {
            "consultation-how_to_comment": "在线",
            "consultation-opens_on": "2026-12-03",
            "consultation-period_days": "20",
        },
    )
    assert response.status_code == 400 and "第十五条" in response.content.decode()


def test_reported_page_and_docx(client, clerk, district):
    d = f.to_participation(clerk, district.education)
    c = f.reported(clerk, d)
    text = client.get(reverse("yjzj:detail", args=[c.uid])).content.decode()
    assert "意见采纳情况" in text and "与上位法不符" in text
    assert client.get(reverse("yjzj:report_docx", args=[c.uid])).status_code == 200
    zd = client.get(reverse("zdjc:detail", args=[d.uid]))
    assert zd.status_code == 200


def test_open_consultation_served_from_published_file(client, open_c, settings):
    from gongkai.decisions.columns import change_paths
    from gongkai.publishing.publisher import enqueue, file_for, process_pending

    path = reverse("yjzj:detail", args=[open_c.uid])
    assert path in change_paths(open_c, "opened")
    enqueue([path], reason="test")
    process_pending()
    assert file_for(path) is not None and file_for(path).exists()
    settings.GONGKAI_SERVE_PUBLISHED = True
    response = client.get(path)
    assert response.status_code == 200 and open_c.title in response.content.decode()
    assert "ETag" in response.headers


def test_inbox_lines(client, clerk, open_c):
    from django.utils import timezone

    from gongkai.decisions.inbox import inbox_links

    services.comment_submit(consultation=open_c, body="意见")
    titles = [link.title for link in inbox_links(clerk, timezone.localdate())]
    assert "待审核意见的征集" in titles


def test_api_same_services(client, clerk, legal, district):
    client.force_login(clerk)
    from django.middleware.csrf import get_token  # noqa: F401

    c = client_api = client  # session auth needs CSRF: use enforce_csrf_checks=False client
    d = f.to_participation(clerk, district.education)
    response = c.post(
        f"/api/v1/decisions/{d.pk}/consultations",
        {"how_to_comment": "在线", "opens_on": "2026-12-03", "period_days": 10},
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["field"] == "period_days"
    response = c.post(
        f"/api/v1/decisions/{d.pk}/actions/submit_review", {}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["error"]["gate"] == "G9"
    got = c.get(f"/api/v1/decisions/{d.pk}").json()
    assert "submit_review" in got["allowed_actions"] and got["review_problems"]
    del client_api


def test_feeds_sitemap_and_search(client, open_c):
    from gongkai.search.services import search_entry_refresh

    rss = client.get(reverse("portal:feed_rss", kwargs={"key": "yjzj"}))
    assert rss.status_code == 200 and open_c.title in rss.content.decode()
    atom = client.get(reverse("portal:feed_atom", kwargs={"key": "zdjc"}))
    assert atom.status_code == 200 and open_c.decision.title in atom.content.decode()
    section = client.get(reverse("portal:sitemap_section", kwargs={"section": "consultations"}))
    assert section.status_code == 200 and str(open_c.uid) in section.content.decode()
    entry = search_entry_refresh(kind="consultation", object_id=open_c.pk)
    assert entry is not None and entry.url == reverse("yjzj:detail", args=[open_c.uid])
    nav = client.get(reverse("portal:home")).content.decode()
    assert reverse("yjzj:list") in nav


def test_catalogue_page_keeps_history(client, gov_office, district):
    item = services.catalogue_add(
        actor=gov_office,
        organ=district.government,
        year=2026,
        data={
            "title": "老旧小区改造计划",
            "undertaking_unit": "区住建局",
            "planned_completion": "6月",
        },
    )
    services.catalogue_adjust(
        actor=gov_office, item=item, data={"planned_completion": "9月"}, reason="补充调查"
    )
    text = client.get(reverse("zdjc:catalogue", args=[2026])).content.decode()
    assert "老旧小区改造计划" in text and "补充调查" in text and "6月" in text and "9月" in text
    assert client.get(reverse("zdjc:catalogue", args=[1999])).status_code == 404
