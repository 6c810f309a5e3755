"""The portal column of the published annual reports (/ndbg/), registered through the kit's
hook registry (no import of the portal): its feed, its static pages, and which pages a
publication changes (for the static publisher)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit import hooks
from gongkai.core.kit.columns import Column, FeedEntry
from gongkai.reports.models import AnnualReport
from gongkai.reports.selectors import annual_reports_public

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
    return entries


def static_paths() -> Iterable[str]:
    yield reverse("ndbg:list")
    for report in annual_reports_public().order_by("pk"):
        yield _detail(report)


def change_paths(instance: Any, change: str) -> set[str]:
    if isinstance(instance, AnnualReport):
        return {reverse("ndbg:list"), _detail(instance)}
    return set()


def register() -> None:
    hooks.register(
        "portal_columns",
        Column(
            key=KEY,
            title=_("政府信息公开工作年度报告"),
            url_name="ndbg:list",
            parent="xxgk",
            order=71,
            description=_(
                "本平台编制发布的历年政府信息公开工作年度报告（含表二、表三、表四），逐年保留。"
            ),
            available=lambda: annual_reports_public().exists(),
            feed=feed,
        ),
        key=KEY,
    )
    hooks.register("public_paths", static_paths, key="annual_reports")
    hooks.register("public_change_paths", change_paths, key="annual_reports")
