"""政策性文件解读 (政策解读) on the portal: its column, feed, sitemap section and static pages.

Registered from InterpretationsConfig.ready (`columns.register()`), so the column exists
exactly when this module is installed. The static publisher learns here which pages show
an interpretation:

- publishing or withdrawing an interpretation changes its own page, the first page of
  /zcjd/, the column's feeds, the sitemap, and the pages of the documents it explains
  (their 相关解读);
- publishing or withdrawing a document changes the pages of the interpretations linked to
  it (their 关联文件) and, through them, /zcjd/.

The services announce every public change of an interpretation with the kit's generic
`public_change` signal (gongkai.core.kit.hooks); the publishing app asks the
`public_change_paths` hooks, among them `change_paths` below, which pages it affects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit import columns, hooks
from gongkai.core.kit.columns import (
    CanonicalSitemap,
    Column,
    FeedEntry,
    feed_moment,
    feed_paths,
    register_sitemap,
    section_path,
)
from gongkai.documents.models import Document
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.selectors import interpretations_public, public_interpretations_list
from gongkai.interpretations.workflow import Status

KEY = "zcjd"
SITEMAP_SECTION = "interpretations"


def _detail(interpretation: Interpretation) -> str:
    return reverse("zcjd:detail", args=[interpretation.uid])


def feed(limit: int) -> Sequence[FeedEntry]:
    entries = []
    for interpretation in public_interpretations_list()[:limit]:
        published = feed_moment(
            interpretation.published_date, interpretation.published_at or interpretation.updated_at
        )
        entries.append(
            FeedEntry(
                title=interpretation.title,
                path=_detail(interpretation),
                description=Truncator(" ".join(interpretation.body.split())).chars(200),
                published=published,
                updated=published,
                uid=str(interpretation.uid),
                author=interpretation.organ.name,
            )
        )
    return entries


class InterpretationSitemap(CanonicalSitemap):
    def items(self) -> Any:
        return (
            interpretations_public()
            .select_related(None)
            .order_by("pk")
            .only("pk", "uid", "updated_at")
        )

    def location(self, item: Interpretation) -> str:
        return _detail(item)

    def lastmod(self, item: Interpretation) -> Any:
        return item.updated_at


def _column_paths() -> set[str]:
    return {
        reverse("zcjd:list"),
        *feed_paths(KEY),
        section_path(SITEMAP_SECTION),
        reverse("portal:sitemap"),
    }


def static_paths() -> Iterable[str]:
    """The column's published pages (page 1 of the list; ?page=N stays dynamic)."""
    yield reverse("zcjd:list")
    for uid in interpretations_public().order_by("pk").values_list("uid", flat=True):
        yield reverse("zcjd:detail", args=[uid])


def document_paths(document: Document, change: str) -> set[str]:
    """Pages of interpretations that show `document` among their 关联文件."""
    linked = list(document.interpretations.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN]))
    if not linked:
        return set()
    return {_detail(i) for i in linked} | _column_paths()


def interpretation_paths(interpretation: Interpretation) -> set[str]:
    documents = interpretation.documents.all()
    return (
        {_detail(interpretation)}
        | {reverse("portal:document_detail", args=[d.uid]) for d in documents}
        | _column_paths()
    )


def change_paths(instance: Any, change: str) -> set[str]:
    """Hook `public_change_paths`: the pages of this column a public change affects."""
    if isinstance(instance, Interpretation):
        return interpretation_paths(instance)
    if isinstance(instance, Document):
        return document_paths(instance, change)
    return set()


def change_paths_many(changes: Iterable[tuple[Any, str]]) -> set[str]:
    """Hook `public_change_paths_many`: `change_paths` for a chunk of bulk work, with one
    query for all its documents (a bulk import must not query once per document)."""
    paths: set[str] = set()
    document_ids = []
    for instance, change in changes:
        if isinstance(instance, Document):
            document_ids.append(instance.pk)
        else:
            paths |= change_paths(instance, change)
    if document_ids:
        linked = Interpretation.objects.filter(
            documents__in=document_ids, status__in=[Status.PUBLISHED, Status.WITHDRAWN]
        ).distinct()
        details = {_detail(i) for i in linked}
        if details:
            paths |= details | _column_paths()
    return paths


def register() -> None:
    """Called from InterpretationsConfig.ready(); idempotent."""
    columns.register(
        Column(
            key=KEY,
            # The Dalian seed's name of the column (domain.md §2.2, §6.3); the URL stays /zcjd/.
            title=_("政策性文件解读"),
            url_name="zcjd:list",
            parent="xxgk",
            order=50,
            nav=30,
            description=_("政策性文件解读，与所解读的文件相互链接。"),
            feed=feed,
        )
    )
    register_sitemap(SITEMAP_SECTION, InterpretationSitemap)
    from django.apps import apps

    if apps.is_installed("gongkai.publishing"):
        hooks.register("public_change_paths", change_paths, key="interpretations")
        hooks.register("public_change_paths_many", change_paths_many, key="interpretations")
        hooks.register("public_paths", static_paths, key="interpretations")
