"""The index follows publication, and the search finds, filters, ranks and highlights."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from gongkai.documents import services as document_services
from gongkai.documents.models import Topic, Validity
from gongkai.search.models import SearchEntry
from gongkai.search.selectors import SearchFilters, search
from gongkai.search.services import search_reindex_all

pytestmark = pytest.mark.django_db

BODY = "各街道办事处：\n为深入推进一网通办，优化营商环境，现就依申请公开办理工作通知如下。"


def titles(results) -> list[str]:
    return [hit.title_html.replace("<mark>", "").replace("</mark>", "") for hit in results.hits]


def test_published_document_is_found_by_a_two_character_word(publish):
    publish(title="示范区教育局关于做好秋季开学工作的通知", body=BODY, summary="")
    results = search("开学")
    assert titles(results) == ["示范区教育局关于做好秋季开学工作的通知"]
    assert results.total == 1
    assert not results.total_capped
    assert results.hits[0].title_html == "示范区教育局关于做好秋季<mark>开学</mark>工作的通知"
    assert results.hits[0].url.startswith("/")


@pytest.mark.parametrize("query", ["一网通办", "依申请公开", "营商环境", "政务公开", "放管服"])
def test_phrases_are_found_in_running_text(publish, query):
    publish(
        title="关于印发工作要点的通知",
        body=BODY + "深化放管服改革，全面推进政务公开。",
        summary="",
    )
    results = search(query)
    assert results.total == 1
    assert f"<mark>{query}</mark>" in results.hits[0].snippet_html


def test_several_terms_must_all_match(publish):
    publish(title="关于粮食储备管理的通知", body="加强储备粮轮换管理。", summary="")
    publish(title="关于粮食生产的通知", body="稳定粮食生产。", summary="")
    assert titles(search("粮食 储备")) == ["关于粮食储备管理的通知"]
    assert search("粮食 不存在的词语").total == 0


def test_single_characters_numbers_and_doc_numbers_are_found(publish):
    publish(title="关于储备粮轮换的通知", doc_number="示教发〔2023〕12号", body="按年度轮换。")
    assert search("粮").total == 1
    assert search("2023").total == 1
    assert search("示教发〔2023〕12号").total == 1
    assert search("示教发 12号").total == 1
    assert search("２０２３").total == 1  # full-width digits


def test_letters_and_digits_match_as_normalised_whichever_way_they_are_written(publish):
    """Runs of letters and digits are looked for in the NFKC, lower-case text; on PostgreSQL
    the text as stored is tried first where that cannot change the answer (a run ending in
    a digit): full-width and upper-case forms in the text still count."""
    publish(title="２０１９年度工作报告", body="ＧＤＰ增长。", summary="")
    publish(title="2019年度统计公报", body="gdp增长。", summary="")
    publish(title="关于品牌的通知", body="ABC123号文件。", summary="")
    assert sorted(titles(search("2019"))) == ["2019年度统计公报", "２０１９年度工作报告"]
    assert search("gdp").total == 2
    assert search("abc123").total == 1
    assert search("ＡＢＣ１２３").total == 1
    assert search("abc1234").total == 0


def test_withdrawn_document_is_neither_found_nor_shown_in_snippets(
    publish, reviewer, run_on_commit
):
    kept = publish(title="关于政务公开工作的通知", body="政务公开常规工作安排。", summary="")
    withdrawn = publish(
        title="关于政务公开考核的通知", body="政务公开考核秘密名单：张三。", summary=""
    )
    assert search("政务公开").total == 2
    run_on_commit(
        document_services.document_withdraw, actor=reviewer, document=withdrawn, reason="有误"
    )
    results = search("政务公开")
    assert titles(results) == [kept.title]
    assert not any("张三" in hit.snippet_html for hit in results.hits)
    assert search("张三").total == 0
    assert not SearchEntry.objects.filter(object_id=withdrawn.pk).exists()


def test_repealed_document_is_found_but_filtered_by_validity(publish, reviewer, run_on_commit):
    document = publish(title="关于停车收费管理的通知", body="停车收费标准。", summary="")
    run_on_commit(
        document_services.document_repeal, actor=reviewer, document=document, reason="已被替代"
    )
    assert search("停车收费").hits[0].validity == Validity.REPEALED
    assert search("停车收费").hits[0].validity_label == "废止"
    assert search("停车收费", SearchFilters(validity=Validity.VALID)).total == 0
    assert search("停车收费", SearchFilters(validity=Validity.REPEALED)).total == 1


def test_expired_document_follows_documents_expire(publish, run_on_commit):
    document = publish(title="关于临时救助的通知", body="临时救助办法。", summary="")
    document.expires_on = date(2020, 1, 1)
    document.save(update_fields=["expires_on"])
    run_on_commit(document_services.documents_expire, today=date(2026, 1, 1))
    assert search("临时救助", SearchFilters(validity=Validity.EXPIRED)).total == 1
    assert search("临时救助", SearchFilters(validity=Validity.VALID)).total == 0


def test_filters_by_organ_topic_year_and_kind(publish, district, other_reviewer):
    parent = Topic.objects.create(name="科技、教育")
    child = Topic.objects.create(name="教育", parent=parent)
    education = publish(title="关于学校食堂管理的通知", body="食堂管理。", topic=child)
    finance = publish(
        title="关于食堂经费的通知", body="食堂经费。", organ=district.finance, actor=other_reviewer
    )
    assert search("食堂").total == 2
    assert titles(search("食堂", SearchFilters(organ=district.finance.pk))) == [finance.title]
    assert titles(search("食堂", SearchFilters(topic=parent.pk))) == [education.title]
    assert titles(search("食堂", SearchFilters(topic=child.pk))) == [education.title]
    year = education.published_date.year
    assert search("食堂", SearchFilters(year=year)).total == 2
    assert search("食堂", SearchFilters(year=year - 1)).total == 0
    assert search("食堂", SearchFilters(kind="document")).total == 2
    assert search("食堂", SearchFilters(kind="interpretation")).total == 0


def test_title_match_ranks_above_newer_body_match(publish):
    in_title = publish(title="关于河长制工作的通知", body="落实责任。", summary="")
    in_body = publish(title="关于水务工作的通知", body="全面推行河长制。", summary="")
    # Both published today: the body match is newer (higher id) but ranks second.
    assert in_body.pk > in_title.pk
    assert titles(search("河长制")) == [in_title.title, in_body.title]


def test_newer_documents_first_within_a_tier(publish):
    older = publish(title="关于防汛工作的通知", body="防汛。")
    newer = publish(title="关于防汛演练的通知", body="防汛。")
    SearchEntry.objects.filter(object_id=older.pk)  # same date: the later id is newer
    assert titles(search("防汛"))[:2] == [newer.title, older.title]


def test_attachment_text_is_searchable(publish):
    publish(
        title="关于印发工作要点的通知",
        body="现将工作要点印发给你们。",
        attachments={"要点.docx": "附件：推进一件事一次办集成改革实施清单"},
    )
    results = search("集成改革")
    assert results.total == 1
    assert "<mark>集成改革</mark>" in results.hits[0].snippet_html


def test_snippets_escape_everything_but_marks(publish):
    publish(title="关于<script>的通知", body="正文<b>加粗</b>与政务服务&评价。", summary="")
    hit = search("政务服务").hits[0]
    assert "<b>" not in hit.snippet_html and "&lt;b&gt;" in hit.snippet_html
    assert "<mark>政务服务</mark>&amp;" in hit.snippet_html
    assert "&lt;script&gt;" in hit.title_html


def test_pagination_and_count_limit(publish, settings):
    for n in range(5):
        publish(title=f"关于第{n}批消防检查的通知", body="消防检查。")
    settings.GONGKAI_SEARCH_COUNT_LIMIT = 3
    first = search("消防检查", page_size=2)
    assert (first.total, first.total_capped, first.num_pages) == (3, True, 2)
    second = search("消防检查", page=2, page_size=2)
    assert len(second.hits) == 1
    assert not set(titles(first)) & set(titles(second))


def test_empty_query_returns_nothing(publish):
    publish(title="关于安全生产的通知")
    assert search("").total == 0
    assert search("  ，。 ").total == 0


def test_reindex_all_rebuilds_and_drops_stale_entries(publish, capsys):
    document = publish(title="关于垃圾分类的通知", body="垃圾分类。")
    SearchEntry.objects.all().update(title="旧标题")
    SearchEntry.objects.create(kind="document", object_id=999999, title="不存在", url="/x/")
    call_command("reindex_all", "--rebuild")
    assert list(SearchEntry.objects.values_list("object_id", flat=True)) == [document.pk]
    assert titles(search("垃圾分类")) == [document.title]
    assert search_reindex_all() == 1
    assert search("垃圾分类").total == 1
    assert "1 entries indexed" in capsys.readouterr().out
