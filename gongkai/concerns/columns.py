"""回应关切 on the portal: its column, feed, sitemap section, static pages and search
provider (registered from ConcernsConfig.ready).

Publishing or taking down a response changes its own page, the first page of /hygz/, the
column's feeds and the sitemap; the services announce it with the kit's `public_change`
signal and the publisher asks `change_paths` which pages to rebuild.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from gongkai.concerns.models import OpinionResponse
from gongkai.concerns.selectors import responses_public
from gongkai.core.kit import hooks
from gongkai.core.kit.columns import (
    CanonicalSitemap,
    Column,
    FeedEntry,
    feed_paths,
    register_sitemap,
    section_path,
)

KEY = "hygz"
SITEMAP_SECTION = "concerns"


def detail_path(response: OpinionResponse) -> str:
    return reverse("hygz:detail", args=[response.uid])


def feed(limit: int) -> Sequence[FeedEntry]:
    entries = []
    for response in responses_public()[:limit]:
        published = response.published_at or response.occurred_at
        entries.append(
            FeedEntry(
                title=response.title,
                path=detail_path(response),
                description=Truncator(" ".join(response.content.split())).chars(200),
                published=response.occurred_at,
                updated=max(published, response.updated_at),
                uid=str(response.uid),
                author=response.organ.name,
                categories=(str(response.get_form_display()),),
            )
        )
    return entries


class ResponseSitemap(CanonicalSitemap):
    def items(self) -> Any:
        return (
            responses_public().select_related(None).order_by("pk").only("pk", "uid", "updated_at")
        )

    def location(self, item: OpinionResponse) -> str:
        return detail_path(item)

    def lastmod(self, item: OpinionResponse) -> Any:
        return item.updated_at


def _column_paths() -> set[str]:
    return {
        reverse("hygz:list"),
        *feed_paths(KEY),
        section_path(SITEMAP_SECTION),
        reverse("portal:sitemap"),
    }


def static_paths() -> Iterable[str]:
    if not column_available():
        return
    yield reverse("hygz:list")
    for uid in responses_public().order_by("pk").values_list("uid", flat=True):
        yield reverse("hygz:detail", args=[uid])


def change_paths(instance: Any, change: str) -> set[str]:
    """Hook `public_change_paths`: the pages of 回应关切 a public change affects."""
    if isinstance(instance, OpinionResponse):
        return {detail_path(instance)} | _column_paths()
    return set()


def column_available() -> bool:
    """The column shows while its pages are routed and once a response is published (no
    empty placeholder columns, as the portal's other columns)."""
    try:
        reverse("hygz:list")
    except NoReverseMatch:
        return False
    return responses_public().exists()


def register() -> None:
    """Called from ConcernsConfig.ready(); idempotent."""
    hooks.register(
        "portal_columns",
        Column(
            key=KEY,
            title=_("回应关切"),
            url_name="hygz:list",
            order=60,
            nav=60,
            description=_(
                "政务舆情回应：权威信息发布、新闻发布会、媒体采访等，与所涉文件和政策解读相互链接。"
            ),
            feed=feed,
            available=column_available,
        ),
        key=KEY,
    )
    register_sitemap(SITEMAP_SECTION, ResponseSitemap)
    from django.apps import apps

    if apps.is_installed("gongkai.publishing"):
        hooks.register("public_change_paths", change_paths, key="concerns")
        hooks.register("public_paths", static_paths, key="concerns")
