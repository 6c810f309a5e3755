"""政策性文件解读 (政策解读) on the portal: its column, feed, sitemap section and static pages.

Registered from InterpretationsConfig.ready (`columns.register()`), so the column exists
exactly when this module is installed. The static publisher learns here which pages show
an interpretation:

- publishing or withdrawing an interpretation changes its own page, the first page of
  /zcjd/, the column's feeds, the sitemap, and the pages of the documents it explains
  (their 相关解读);
- publishing or withdrawing a document changes the pages of the interpretations linked to
  it (their 关联文件) and, through them, /zcjd/.

Changes of an interpretation reach the publisher through
`gongkai.interpretations.signals.interpretation_public_change` once that signal exists;
until then through post_save of a status change (every public change of an
interpretation saves `status`: services._publish and interpretation_withdraw).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from gongkai.documents.models import Document
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.selectors import interpretations_public, public_interpretations_list
from gongkai.interpretations.workflow import Status
from gongkai.portal import columns
from gongkai.portal.columns import Column, FeedEntry
from gongkai.portal.feeds import feed_paths
from gongkai.portal.sitemaps import CanonicalSitemap, register_sitemap, section_path

KEY = "zcjd"
SITEMAP_SECTION = "interpretations"
DISPATCH_UID = "gongkai.interpretations.columns.publish"


def _detail(interpretation: Interpretation) -> str:
    return reverse("zcjd:detail", args=[interpretation.uid])


def feed(limit: int) -> Sequence[FeedEntry]:
    entries = []
    for interpretation in public_interpretations_list()[:limit]:
        published = interpretation.published_at or interpretation.updated_at
        entries.append(
            FeedEntry(
                title=interpretation.title,
                path=_detail(interpretation),
                description=Truncator(" ".join(interpretation.body.split())).chars(200),
                published=published,
                updated=max(published, interpretation.updated_at),
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


def _publish(interpretation: Interpretation, change: str) -> None:
    from gongkai.publishing import publisher

    publisher.publish_changed(
        interpretation_paths(interpretation), f"interpretation {interpretation.pk} {change}"
    )


def on_public_change(
    sender: Any, interpretation: Interpretation, change: str = "", **kwargs: Any
) -> None:
    """Receiver of interpretation_public_change (sent after commit)."""
    _publish(interpretation, change)


def on_saved(sender: Any, instance: Interpretation, **kwargs: Any) -> None:
    """Fallback while interpretations send no signal: a saved status change."""
    update_fields = kwargs.get("update_fields")
    if not update_fields or "status" not in update_fields:
        return
    if instance.status not in (Status.PUBLISHED, Status.WITHDRAWN):
        return
    transaction.on_commit(lambda: _publish(instance, instance.status))


def _connect_publishing() -> None:
    try:
        signals = importlib.import_module("gongkai.interpretations.signals")
    except ImportError:
        signals = None
    signal = getattr(signals, "interpretation_public_change", None)
    if signal is not None:
        signal.connect(on_public_change, dispatch_uid=DISPATCH_UID)
        post_save.disconnect(sender=Interpretation, dispatch_uid=DISPATCH_UID)
    else:
        post_save.connect(on_saved, sender=Interpretation, dispatch_uid=DISPATCH_UID)


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
        from gongkai.publishing import dependencies

        dependencies.register_document_hook(document_paths)
        dependencies.register_path_source(static_paths)
        _connect_publishing()
