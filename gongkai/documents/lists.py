"""The public lists of documents: the columns 政府信息公开制度, 现行有效规范性文件, 法定主动公开内容
and the documents of the genre 年报.

Each list takes an optional `base` queryset so that the same rule can be asked of one
document whatever its status (gongkai.publishing.dependencies uses that to find the lists a
withdrawn document was on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gongkai.documents.models import Document, Genre, StatutoryItem, StatutoryItemTag, Validity
from gongkai.documents.selectors import documents_public

# The public lists are newest first (documents.selectors.documents_public_list).
PUBLIC_ORDER = ("-published_date", "-id")

# 政府信息公开制度: openness rules are filed under 综合政务\政务公开 (国务院公文主题分类) with a
# rule genre; the 条例 itself (国务院令第711号) belongs there whatever its topic.
OPENNESS_TOPIC = ("综合政务", "政务公开")
RULE_GENRES = (Genre.MEASURES, Genre.PROVISIONS, Genre.RULES)
REGULATION_DOC_NUMBERS = ("国务院令第711号",)
REGULATION_TITLE = "中华人民共和国政府信息公开条例"


def _public(base: QuerySet[Document] | None) -> QuerySet[Document]:
    return documents_public() if base is None else base


def openness_rules(base: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """政府信息公开制度 (平台规范 61号): the 条例 and the openness rules (办法/规定/细则)."""
    parent, name = OPENNESS_TOPIC
    rule = Q(topic__name=name, topic__parent__name=parent, genre__in=RULE_GENRES)
    regulation = Q(doc_number__in=REGULATION_DOC_NUMBERS) | Q(title__startswith=REGULATION_TITLE)
    return _public(base).filter(rule | regulation).order_by(*PUBLIC_ORDER)


def annual_reports(base: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """政府信息公开年报 (条例第四十九条、第五十条): every year's report kept, newest first
    (domain.md §4.5, §6.2). A report is a document of the genre 年报."""
    return _public(base).filter(genre=Genre.ANNUAL_REPORT).order_by(*PUBLIC_ORDER)


def normative(base: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """行政规范性文件, whatever their validity."""
    return _public(base).filter(is_normative=True).order_by(*PUBLIC_ORDER)


def currently_valid(qs: QuerySet[Document], today: date) -> QuerySet[Document]:
    """有效 on `today`: not repealed, not expired, and not past 有效期至 (effective validity)."""
    return qs.filter(validity=Validity.VALID).filter(
        Q(expires_on__isnull=True) | Q(expires_on__gt=today)
    )


def normative_current(today: date, base: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """现行有效规范性文件 (domain.md §6.2): normative documents whose effective validity is 有效."""
    return currently_valid(normative(base), today)


def statutory_documents(item: str, base: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """Public documents filed under one item of 法定主动公开内容."""
    return _public(base).filter(statutory_tags__item_code=item).order_by(*PUBLIC_ORDER)


def statutory_tagged(base: QuerySet[Document] | None = None) -> QuerySet[Document]:
    """Public documents filed under any item (for the column's feed)."""
    tagged = StatutoryItemTag.objects.values("document_id")
    return _public(base).filter(pk__in=tagged).order_by(*PUBLIC_ORDER)


def _public_tags() -> QuerySet[StatutoryItemTag]:
    """Tags of public documents, driven from the (small) tag table: a correlated EXISTS on
    the document's primary key, not an IN over every public document."""
    public = documents_public().select_related(None).filter(pk=OuterRef("document_id"))
    return StatutoryItemTag.objects.filter(Exists(public))


@dataclass(frozen=True)
class ItemCount:
    code: str
    label: str
    article: int
    count: int


def statutory_items_with_content() -> list[ItemCount]:
    """Items of 第二十条/第二十一条 that have public documents, in statutory order."""
    return [item for item in statutory_items_all() if item.count]


def statutory_items_all() -> list[ItemCount]:
    """Every item of 第二十条/第二十一条 in statutory order, with its count (0 if none)."""
    counts = dict(
        _public_tags()
        .values_list("item_code")
        .annotate(n=Count("document", distinct=True))
        .values_list("item_code", "n")
    )
    return [
        ItemCount(code, str(label), StatutoryItem.article(code), counts.get(code, 0))
        for code, label in StatutoryItem.choices
    ]


def has_statutory_content() -> bool:
    return _public_tags().exists()
