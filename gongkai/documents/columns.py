"""The documents' portal columns (domain.md §6.2), registered by DocumentsConfig.ready under
the portal's 政府信息公开 (`xxgk`): 政府信息公开制度, 法定主动公开内容, 政策文件 with 现行有效规范性文件,
and 政府信息公开目录. Their pages are gongkai.documents.views_public.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.columns import Column, FeedEntry, feed_moment, register
from gongkai.core.kit.steps import today as local_today
from gongkai.documents import lists
from gongkai.documents.models import Document
from gongkai.documents.selectors import PublicFilters, documents_public_list


def _aware(document: Document) -> datetime:
    """The 发布日期 as a feed date: the moment of publication when it fell on that day,
    otherwise the start of the day (Asia/Shanghai) — an imported document's publication
    moment is the import, not its 发布日期."""
    return feed_moment(document.published_date, document.published_at)


def document_entries(documents: Iterable[Document]) -> list[FeedEntry]:
    entries = []
    for document in documents:
        published = _aware(document)
        entries.append(
            FeedEntry(
                title=document.title,
                path=reverse("portal:document_detail", args=[document.uid]),
                description=document.summary
                or Truncator(" ".join(document.body.split())).chars(200),
                published=published,
                # A published document's content is fixed: its entry dates from its 发布日期.
                updated=published,
                uid=str(document.uid),
                author=document.organ.name,
                categories=(str(document.topic),) if document.topic_id else (),
            )
        )
    return entries


def _feed(qs: QuerySet[Document]):  # type: ignore[no-untyped-def]
    def entries(limit: int) -> Sequence[FeedEntry]:
        return document_entries(qs.select_related("organ", "topic", "topic__parent")[:limit])

    return entries


def documents_feed(limit: int) -> Sequence[FeedEntry]:
    return _feed(documents_public_list(PublicFilters(), local_today()))(limit)


def normative_feed(limit: int) -> Sequence[FeedEntry]:
    return _feed(lists.normative_current(local_today()))(limit)


def rules_feed(limit: int) -> Sequence[FeedEntry]:
    return _feed(lists.openness_rules())(limit)


def statutory_feed(limit: int) -> Sequence[FeedEntry]:
    return _feed(lists.statutory_tagged())(limit)


def has_normative() -> bool:
    return lists.normative_current(local_today()).exists()


def register_columns() -> None:
    register(
        Column(
            key="rules",
            title=_("政府信息公开制度"),
            url_name="portal:rules",
            parent="xxgk",
            order=20,
            description=_("政府信息公开条例和本区政府信息公开工作的制度规定。"),
            # Always answers: the 条例 itself is the first rule (issue 15 §3).
            feed=rules_feed,
        )
    )
    register(
        Column(
            key="statutory",
            title=_("法定主动公开内容"),
            url_name="portal:statutory",
            parent="xxgk",
            order=30,
            description=_("按政府信息公开条例第二十条、第二十一条规定的事项分类公开。"),
            # Always answers: every item of the two articles is listed, with what it holds.
            feed=statutory_feed,
        )
    )
    register(
        Column(
            key="documents",
            title=_("政策文件"),
            url_name="portal:document_list",
            parent="xxgk",
            order=40,
            nav=20,
            description=_("按发文机关、主题分类、年份和有效性查阅已发布的文件。"),
            feed=documents_feed,
        )
    )
    register(
        Column(
            key="normative",
            title=_("现行有效规范性文件"),
            url_name="portal:normative",
            parent="documents",
            order=10,
            description=_("现行有效的行政规范性文件，随文件修改、废止、失效及时更新。"),
            available=has_normative,
            feed=normative_feed,
        )
    )
    register(
        Column(
            key="catalogue",
            title=_("政府信息公开目录"),
            url_name="portal:catalogue",
            parent="xxgk",
            order=60,
            nav=40,
            description=_("主动公开政府信息的索引号、名称、内容概述和生成日期。"),
        )
    )
