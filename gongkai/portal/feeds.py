"""RSS 2.0 and Atom feeds of each column that lists items (django.contrib.syndication).

Links are absolute on settings.SITE_URL, not on the request's host, so a feed is the same
bytes whether Django serves it or it is published as a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import feedgenerator

from gongkai.core.kit import columns
from gongkai.core.kit.columns import Column, FeedEntry

DEFAULT_FEED_ITEMS = 20
# lastBuildDate/updated of a feed without items: fixed, so that the bytes do not depend on
# the clock (feedgenerator would use now()).
EMPTY_FEED_DATE = datetime(2019, 5, 15, tzinfo=UTC)  # 条例 (2019修订) 施行


def feed_items() -> int:
    return int(getattr(settings, "GONGKAI_FEED_ITEMS", DEFAULT_FEED_ITEMS))


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


class _StableDate:
    def latest_post_date(self) -> datetime:
        if not self.items:  # type: ignore[attr-defined]
            return EMPTY_FEED_DATE
        return super().latest_post_date()  # type: ignore[misc]


class StableRssFeed(_StableDate, feedgenerator.Rss201rev2Feed):
    pass


class StableAtomFeed(_StableDate, feedgenerator.Atom1Feed):
    pass


class ColumnRssFeed(Feed):
    """The feed of a registered column (`Column.feed`); language from the site's
    (portal.views.public_page renders in settings.LANGUAGE_CODE)."""

    feed_type: type[feedgenerator.SyndicationFeed] = StableRssFeed
    url_name = "portal:feed_rss"

    def get_object(self, request: HttpRequest, key: str) -> Column:
        column = columns.get(key)
        if column is None or column.feed is None:
            raise Http404
        return column

    def title(self, column: Column) -> str:
        return f"{column.title} - {settings.SITE_NAME}"

    def link(self, column: Column) -> str:
        return absolute(column.url)

    def feed_url(self, column: Column) -> str:
        return absolute(reverse(self.url_name, kwargs={"key": column.key}))

    def description(self, column: Column) -> str:
        return str(column.description or column.title)

    def items(self, column: Column) -> Sequence[FeedEntry]:
        if column.feed is None:
            raise Http404("this column has no feed")
        return column.feed(feed_items())

    def item_title(self, item: FeedEntry) -> str:
        return item.title

    def item_description(self, item: FeedEntry) -> str:
        return item.description

    def item_link(self, item: FeedEntry) -> str:
        return absolute(item.path)

    def item_guid(self, item: FeedEntry) -> str:
        return absolute(item.path)

    def item_pubdate(self, item: FeedEntry) -> datetime:
        return item.published

    def item_updateddate(self, item: FeedEntry) -> datetime:
        return item.updated

    def item_author_name(self, item: FeedEntry) -> str:
        return item.author

    def item_categories(self, item: FeedEntry) -> tuple[str, ...]:
        return item.categories


class ColumnAtomFeed(ColumnRssFeed):
    feed_type = StableAtomFeed
    url_name = "portal:feed_atom"

    def subtitle(self, column: Column) -> Any:
        return self.description(column)
