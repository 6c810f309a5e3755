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
from django.utils import timezone
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


def _detail(response: OpinionResponse) -> str:
    return reverse("hygz:detail", args=[response.uid])


def feed(limit: int) -> Sequence[FeedEntry]:
    entries = []
    for response in responses_public()[:limit]:
        published = response.published_at or response.occurred_at
        entries.append(
            FeedEntry(
                title=response.title,
                path=_detail(response),
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
        return _detail(item)

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
        return {_detail(instance)} | _column_paths()
    return set()


# --- search -------------------------------------------------------------------------------


def search_entry(object_id: int) -> Any:
    from gongkai.core.kit.search import EntryData

    response = responses_public().filter(pk=object_id).first()
    if response is None:
        return None
    case = response.case
    return EntryData(
        title=response.title,
        url=_detail(response),
        body=f"{case.topic}\n{response.content}",
        organ_id=response.organ_id,
        published_date=timezone.localdate(response.occurred_at),
    )


def public_search_ids(object_ids: Iterable[int]) -> set[int]:
    return set(responses_public().filter(pk__in=list(object_ids)).values_list("pk", flat=True))


def all_search_ids() -> Iterable[int]:
    return responses_public().order_by("pk").values_list("pk", flat=True).iterator()


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
    if apps.is_installed("gongkai.search"):
        from gongkai.core.kit.search import SearchProvider
        from gongkai.core.kit.search import register as register_search

        register_search(
            SearchProvider(
                kind="concern_response",
                label=str(_("回应关切")),
                entry_for=search_entry,
                public_ids=public_search_ids,
                all_ids=all_search_ids,
                model=OpinionResponse,
            )
        )
