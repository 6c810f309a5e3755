"""The search index: one entry per public item, whatever module it comes from.

An entry is keyed by (kind, object_id) and holds what the result list shows and what the
full-text index was built from. The full-text structures themselves are not Django
fields: an FTS5 virtual table on SQLite and tsvector columns with GIN indexes on
PostgreSQL (migration 0002, `gongkai.search.backends`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    kind = models.CharField(_("栏目"), max_length=30)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    title = models.CharField(_("标题"), max_length=500)
    # 文号 or another reference shown with the title and ranked with it.
    reference = models.CharField(_("文号"), max_length=120, blank=True)
    # Everything else that is searchable: 内容概述, 主题词, 正文, attachment texts.
    body = models.TextField(_("正文"), blank=True)
    organ = models.ForeignKey(
        "organizations.Organ",
        verbose_name=_("发布机关"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.ForeignKey(
        "documents.Topic",
        verbose_name=_("主题分类"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    validity = models.CharField(_("有效性"), max_length=20, blank=True)
    url = models.CharField(_("链接"), max_length=500)
    published_date = models.DateField(_("发布日期"), null=True, blank=True)
    # Recency order and the FTS5 rowid: (published_date ordinal << 32) | id.
    sort_key = models.BigIntegerField(unique=True, null=True, editable=False)
    # Filter tokens (organ, co-organs, topic and its parents, year, validity, kind), kept
    # so that the exact indexed values can be removed from a contentless FTS5 table.
    facets = models.CharField(max_length=1000, blank=True, editable=False)
    # gongkai.lib.segment.SEGMENTER_VERSION the entry was indexed with.
    segmenter = models.CharField(max_length=60, blank=True, editable=False)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        db_table = "search_entry"
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="unique_search_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"
