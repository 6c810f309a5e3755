"""The one 政府信息公开年报 column of the portal (/ndbg/), registered through the kit's hook
registry (no import of the portal): the reports generated and published here and the 年报
uploaded as documents (genre 年报: earlier years, or reports written outside the platform),
year by year (条例第五十条; domain.md §4.5). Its feed, its static pages, and which pages a
publication changes (for the static publisher). The old column path /xxgk/reports/
redirects here (portal.views.reports)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit import hooks
from gongkai.core.kit.columns import Column, FeedEntry
from gongkai.documents.models import Document, Genre
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import annual_reports_public, legacy_annual_reports

KEY = "ndbg"


def _detail(report: AnnualReport) -> str:
    return reverse("ndbg:detail", args=[report.organ.slug, report.year])


def feed(limit: int) -> Sequence[FeedEntry]:
    entries = []
    for report in annual_reports_public().order_by("-published_at")[:limit]:
        published = report.published_at or report.updated_at
        entries.append(
            FeedEntry(
                title=report.title,
                path=_detail(report),
                description=report.title,
                published=published,
                updated=max(published, report.updated_at),
                uid=f"annual-report-{report.pk}",
                author=report.organ.name,
            )
        )
    for document in legacy_annual_reports().order_by("-published_at", "-pk")[:limit]:
        published = document.published_at or document.updated_at
        entries.append(
            FeedEntry(
                title=document.title,
                path=reverse("portal:document_detail", args=[document.uid]),
                description=document.summary or document.title,
                published=published,
                updated=max(published, document.updated_at),
                uid=f"document-{document.uid}",
                author=document.organ.name,
            )
        )
    entries.sort(key=lambda e: e.published, reverse=True)
    return entries[:limit]


def _feed_paths() -> set[str]:
    # The portal's feed URLs, by name (the portal is a layer above).
    return {reverse(name, kwargs={"key": KEY}) for name in ("portal:feed_rss", "portal:feed_atom")}


def static_paths() -> Iterable[str]:
    yield reverse("ndbg:list")
    for report in annual_reports_public().order_by("pk"):
        yield _detail(report)


def change_paths(instance: Any, change: str) -> set[str]:
    if isinstance(instance, AnnualReport):
        return {reverse("ndbg:list"), _detail(instance), *_feed_paths()}
    if isinstance(instance, Document) and instance.genre == Genre.ANNUAL_REPORT:
        return {reverse("ndbg:list"), *_feed_paths()}
    return set()


def register() -> None:
    hooks.register(
        "portal_columns",
        Column(
            key=KEY,
            title=_("政府信息公开年报"),
            url_name="ndbg:list",
            parent="xxgk",
            order=70,
            description=_("历年政府信息公开工作年度报告，逐年保留。"),
            available=lambda: annual_reports_public().exists() or legacy_annual_reports().exists(),
            feed=feed,
        ),
        key=KEY,
    )
    hooks.register("public_paths", static_paths, key="annual_reports")
    hooks.register("public_change_paths", change_paths, key="annual_reports")
