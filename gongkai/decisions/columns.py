"""The portal columns 意见征集 (/yjzj/) and 重大行政决策 (/zdjc/): feeds, sitemap sections,
static pages and which pages a public change affects. Registered from DecisionsConfig.ready.

An open consultation's page is published as a static file (its comment links go to the
dynamic comment form); the daily job re-announces open consultations so their countdown
is republished.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit import hooks
from gongkai.core.kit.columns import (
    CanonicalSitemap,
    Column,
    FeedEntry,
    feed_paths,
    register_sitemap,
    section_path,
)
from gongkai.decisions.models import CatalogueItem, MajorDecision, PublicConsultation
from gongkai.decisions.selectors import (
    catalogue_years,
    consultations_public,
    decisions_public,
)

CONSULTATIONS = "yjzj"
DECISIONS = "zdjc"


def consultation_path(c: PublicConsultation) -> str:
    return reverse("yjzj:detail", args=[c.uid])


def decision_path(d: MajorDecision) -> str:
    return reverse("zdjc:detail", args=[d.uid])


def consultation_feed(limit: int) -> Sequence[FeedEntry]:
    entries = []
    for c in consultations_public().order_by("-announced_at", "-id")[:limit]:
        published = c.announced_at or c.created_at
        entries.append(
            FeedEntry(
                title=c.title,
                path=consultation_path(c),
                description=Truncator(" ".join(c.explanation.split())).chars(200),
                published=published,
                updated=max(published, c.updated_at),
                uid=str(c.uid),
                author=c.decision.organ.name,
            )
        )
    return entries


def decision_feed(limit: int) -> Sequence[FeedEntry]:
    entries = []
    for d in decisions_public().order_by("-updated_at", "-id")[:limit]:
        published = d.published_at or d.created_at
        entries.append(
            FeedEntry(
                title=d.title,
                path=decision_path(d),
                description=Truncator(" ".join((d.decision_text or d.explanation).split())).chars(
                    200
                ),
                published=published,
                updated=max(published, d.updated_at),
                uid=str(d.uid),
                author=d.organ.name,
            )
        )
    return entries


class ConsultationSitemap(CanonicalSitemap):
    def items(self) -> Any:
        return (
            consultations_public()
            .select_related(None)
            .order_by("pk")
            .only("pk", "uid", "updated_at")
        )

    def location(self, item: PublicConsultation) -> str:
        return consultation_path(item)

    def lastmod(self, item: PublicConsultation) -> Any:
        return item.updated_at


class DecisionSitemap(CanonicalSitemap):
    def items(self) -> Any:
        return (
            decisions_public().select_related(None).order_by("pk").only("pk", "uid", "updated_at")
        )

    def location(self, item: MajorDecision) -> str:
        return decision_path(item)

    def lastmod(self, item: MajorDecision) -> Any:
        return item.updated_at


def static_paths() -> Iterable[str]:
    """The columns' pages (only once a column has content: no placeholder pages)."""
    if consultations_available():
        yield reverse("yjzj:list")
    if decisions_available():
        yield reverse("zdjc:list")
    for year in catalogue_years():
        yield reverse("zdjc:catalogue", args=[year])
    for uid in consultations_public().order_by("pk").values_list("uid", flat=True):
        yield reverse("yjzj:detail", args=[uid])
    for uid in decisions_public().order_by("pk").values_list("uid", flat=True):
        yield reverse("zdjc:detail", args=[uid])


def _column_paths(key: str, section: str, list_name: str) -> set[str]:
    return {
        reverse(list_name),
        *feed_paths(key),
        section_path(section),
        reverse("portal:sitemap"),
    }


def change_paths(instance: Any, change: str) -> set[str]:
    """Hook `public_change_paths`."""
    if isinstance(instance, PublicConsultation):
        return (
            {consultation_path(instance), decision_path(instance.decision)}
            | _column_paths(CONSULTATIONS, "consultations", "yjzj:list")
            | _column_paths(DECISIONS, "decisions", "zdjc:list")
        )
    if isinstance(instance, MajorDecision):
        return (
            {decision_path(instance)}
            | _column_paths(DECISIONS, "decisions", "zdjc:list")
            | {consultation_path(c) for c in consultations_public().filter(decision=instance)}
        )
    if isinstance(instance, CatalogueItem):
        return {reverse("zdjc:catalogue", args=[instance.year]), reverse("zdjc:list")}
    return set()


def _routed(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def consultations_available() -> bool:
    """Shown while its pages are routed and there is a consultation to show."""
    return _routed("yjzj:list") and consultations_public().exists()


def decisions_available() -> bool:
    return _routed("zdjc:list") and (decisions_public().exists() or CatalogueItem.objects.exists())


def register() -> None:
    hooks.register(
        "portal_columns",
        Column(
            key=CONSULTATIONS,
            title=_("意见征集"),
            url_name="yjzj:list",
            order=90,
            nav=60,
            description=_("重大行政决策草案公开征求意见，公布意见采纳情况。"),
            feed=consultation_feed,
            available=consultations_available,
        ),
        key=CONSULTATIONS,
    )
    hooks.register(
        "portal_columns",
        Column(
            key=DECISIONS,
            title=_("重大行政决策"),
            url_name="zdjc:list",
            parent="xxgk",
            order=75,
            description=_("重大行政决策事项目录，以及每项决策的全过程记录。"),
            feed=decision_feed,
            available=decisions_available,
        ),
        key=DECISIONS,
    )
    register_sitemap("consultations", ConsultationSitemap)
    register_sitemap("decisions", DecisionSitemap)
    from django.apps import apps

    if apps.is_installed("gongkai.publishing"):
        hooks.register("public_change_paths", change_paths, key="decisions")
        hooks.register("public_paths", static_paths, key="decisions")


def now_local() -> Any:
    return timezone.localtime()
