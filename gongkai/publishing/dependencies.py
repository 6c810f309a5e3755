"""Which static pages show what: the affected set of a change, computed explicitly.

A document that is published, withdrawn, repealed or expires appears on

- its own page;
- the unfiltered column lists it is (or was) on — 政策文件, 目录, 现行有效规范性文件 if
  normative, 政府信息公开制度 if an openness rule, and each 法定主动公开 item it is filed
  under. Lists are newest first and every page shows the total, so when the document joins
  or leaves a list every published page of that list changes (at most
  GONGKAI_PUBLISH_LIST_PAGES of them: gongkai.core.kit.paging); when it only changes in place
  (a repeal on 政策文件) only the page it sits on does;
- the home page, if it is among the HOME_LATEST newest;
- the feeds of those columns, if it is among the feed's newest items;
- its sitemap section (fixed by its id), and the sitemap index if the section appears or
  empties;
- the 法定主动公开内容 index, whose counts change when a tagged document joins or leaves;
- whatever registered modules add (政策解读: the interpretations that link to it).

Filtered views (?organ=…) are never published, so they are never in the set. Whether a
column is shown at all is handled separately (`column_state_paths`): when a column appears
or disappears, the pages that list columns change.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from gongkai.core.kit import columns, hooks, paging
from gongkai.core.kit.columns import Column, feed_paths, section_path
from gongkai.core.kit.steps import today as local_today
from gongkai.documents import lists as document_lists
from gongkai.documents import selectors as document_selectors
from gongkai.documents.models import Document, StatutoryItem, StatutoryItemTag
from gongkai.documents.selectors import PublicFilters, documents_public, documents_public_list
from gongkai.portal.feeds import feed_items
from gongkai.portal.sitemaps import SITEMAP_BUCKET, document_section, sections
from gongkai.portal.views import HOME_LATEST
from gongkai.publishing import selectors

# Changes that make a document join or leave every list it belongs to.
MEMBERSHIP_CHANGES = frozenset({"published", "withdrawn"})
# Changes of 有效性: the document stays on most lists, changed in place.
VALIDITY_CHANGES = frozenset({"repealed", "expired"})

# Modules register, in the kit's hook registry (gongkai.core.kit.hooks):
# - `public_change_paths`: callable(instance, change) → the pages of theirs that change when
#   `instance` (theirs, or a document they show) changes publicly;
# - `public_paths`: callable() → their own static pages, for a full rebuild.


def paths_for_change(instance: Any, change: str) -> set[str]:
    """Every static page affected by a public change of `instance`, from every module."""
    paths: set[str] = set()
    for hook in hooks.registered("public_change_paths"):
        paths.update(hook(instance, change))
    return paths


def statutory_change_paths(instance: Any, change: str) -> Iterable[str]:
    """A document filed under, or taken off, an item of 法定主动公开内容 (the documents
    services announce the tag; an unsaved one once it is deleted)."""
    if not isinstance(instance, StatutoryItemTag):
        return ()
    return tag_paths(instance.document, instance.item_code)


def document_change_paths(instance: Any, change: str) -> Iterable[str]:
    """The portal's own pages of a document (registered by PublishingConfig.ready)."""
    return document_paths(instance, change) if isinstance(instance, Document) else ()


@dataclass(frozen=True)
class StaticList:
    """An unfiltered column list published as files."""

    url_name: str
    members: QuerySet[Document]
    kwargs: dict[str, Any] = field(default_factory=dict)
    feed_key: str | None = None
    # Whether 有效性 decides membership (现行有效规范性文件).
    by_validity: bool = False
    on_home: bool = False
    index_path: str | None = None
    # False for a column's feed over several lists (法定主动公开内容): no pages of its own.
    paged: bool = True

    def bounded_count(self) -> int:
        """The number of members, counted no further than the published pages reach: a list
        of a million documents has as many published pages as one of a thousand, and
        counting it all costs a tenth of a second per list on each publication."""
        members = self.members.order_by()  # any rows will do: no sort of the whole list
        return members[: paging.static_list_pages() * paging.page_size()].count()

    def page_paths(self, total: int, *, extra: int = 0) -> list[str]:
        return paging.static_page_paths(self.url_name, total, self.kwargs, extra=extra)

    def page_of(self, rank: int) -> str | None:
        number = rank // paging.page_size() + 1
        if number > paging.static_list_pages():
            return None
        return paging.page_path(self.url_name, number, self.kwargs)


def lists_of(document: Document, today: date) -> list[StaticList]:
    """The static lists the document is on or could be on whatever its status and validity
    (the attributes that decide it — normative, genre, topic, tags — never change once
    published)."""
    return lists_of_many([document], today)


def lists_of_many(documents: Sequence[Document], today: date) -> list[StaticList]:
    """The static lists any of the documents is on or could be on (``lists_of``), asked
    with one query per kind of list, whatever the number of documents."""
    if not documents:
        return []
    only = Document.objects.filter(pk__in=[d.pk for d in documents])
    everything = documents_public_list(PublicFilters(), today)
    found = [
        StaticList("portal:document_list", everything, feed_key="documents", on_home=True),
        StaticList("portal:catalogue", everything),
    ]
    if document_lists.normative(only).exists():
        found.append(
            StaticList(
                "portal:normative",
                document_lists.normative_current(today),
                feed_key="normative",
                by_validity=True,
            )
        )
    if document_lists.openness_rules(only).exists():
        found.append(StaticList("portal:rules", document_lists.openness_rules(), feed_key="rules"))
    if document_lists.annual_reports(only).exists():
        # An uploaded 年报 is listed in the one 政府信息公开年报 column (/ndbg/, the reports
        # module's), not paged, with its feed.
        found.append(
            StaticList("ndbg:list", document_lists.annual_reports(), feed_key="ndbg", paged=False)
        )
    if len(documents) == 1:
        items = document_selectors.statutory_items_of(documents[0])
    else:
        tagged = set(
            StatutoryItemTag.objects.filter(document__in=only).values_list("item_code", flat=True)
        )
        items = [code for code in StatutoryItem.values if code in tagged]
    statutory_index = reverse("portal:statutory")
    for code in items:
        found.append(
            StaticList(
                "portal:statutory_item",
                document_lists.statutory_documents(code),
                kwargs={"item": code},
                index_path=statutory_index,
            )
        )
    if items:
        # The column's feed covers every tagged document; no pages of its own.
        found.append(
            StaticList(
                "portal:statutory",
                document_lists.statutory_tagged(),
                feed_key="statutory",
                paged=False,
            )
        )
    return found


def list_paths(static: StaticList, document: Document, *, moved: bool) -> set[str]:
    paths: set[str] = set()
    # Past the published pages, the feed and the home page, the exact position is moot.
    deep = max(paging.static_list_pages() * paging.page_size(), feed_items(), HOME_LATEST)
    rank = selectors.rank_in(static.members, document, limit=deep + 1)
    if static.paged:
        if moved:
            present = static.members.filter(pk=document.pk).exists()
            paths.update(static.page_paths(static.bounded_count(), extra=0 if present else 1))
            if static.index_path:
                paths.add(static.index_path)
        elif (page := static.page_of(rank)) is not None:
            paths.add(page)
    if static.feed_key and rank < feed_items():
        paths.update(feed_paths(static.feed_key))
    if static.on_home and rank < HOME_LATEST:
        paths.add(reverse("portal:home"))
    return paths


def document_paths(document: Document, change: str, today: date | None = None) -> set[str]:
    """The portal's static pages that show `document`, after `change` (a public_change);
    other modules add theirs through the `public_change_paths` hook."""
    today = today or local_today()
    paths = {reverse("portal:document_detail", args=[document.uid])}
    for static in lists_of(document, today):
        if change in MEMBERSHIP_CHANGES:
            moved = True
        elif change in VALIDITY_CHANGES:
            moved = static.by_validity
        else:
            # An unknown kind of change: assume the worst, the document moved.
            moved = True
        paths |= list_paths(static, document, moved=moved)
    paths |= sitemap_paths(document, moved=change not in VALIDITY_CHANGES)
    return paths


def paths_for_changes(changes: Iterable[tuple[Any, str]]) -> set[str]:
    """``paths_for_change`` for a chunk of bulk work (kit.hooks.send_public_changes).

    Documents: each page of each list counted once for the whole chunk, not once per
    document (a count of a list of a million documents is tens of ms); every published page
    of every list they are on, their own pages, their sitemap sections and the index. Other
    modules' hooks are asked per item, as for a single change.
    """
    today = local_today()
    paths: set[str] = set()
    documents: list[Document] = []
    changes = list(changes)
    # A module that answers for a whole chunk at once (hook `public_change_paths_many`, same
    # key) is asked once; the others per item.
    many = hooks.registered_items("public_change_paths_many")
    for hook in many.values():
        paths.update(hook(changes))
    others = {
        key: hook
        for key, hook in hooks.registered_items("public_change_paths").items()
        if hook is not document_change_paths and key not in many
    }
    for instance, change in changes:
        for hook in others.values():
            paths.update(hook(instance, change))
        if not isinstance(instance, Document):
            continue
        documents.append(instance)
        paths.add(reverse("portal:document_detail", args=[instance.uid]))
    for static in lists_of_many(documents, today):
        if static.paged:
            paths.update(static.page_paths(static.bounded_count()))
            if static.index_path:
                paths.add(static.index_path)
        if static.feed_key:
            paths.update(feed_paths(static.feed_key))
        if static.on_home:
            paths.add(reverse("portal:home"))
    if documents:
        paths.update(section_path(document_section(d.pk)) for d in documents)
        paths.add(reverse("portal:sitemap"))
    return paths


def sitemap_paths(document: Document, *, moved: bool) -> set[str]:
    """Its sitemap section (fixed by id); the index only when the section appears or
    empties (the index lists sections without dates)."""
    paths = {section_path(document_section(document.pk))}
    if moved:
        low = document.pk // SITEMAP_BUCKET * SITEMAP_BUCKET
        left = documents_public().filter(pk__gte=low, pk__lt=low + SITEMAP_BUCKET).count()
        present = documents_public().filter(pk=document.pk).exists()
        if left == (1 if present else 0):
            paths.add(reverse("portal:sitemap"))
    return paths


def tag_paths(document: Document, item_code: str) -> set[str]:
    """A document filed under, or taken off, an item of 法定主动公开内容."""
    if not documents_public().filter(pk=document.pk).exists():
        return set()
    paths = {reverse("portal:document_detail", args=[document.uid])}
    item = StaticList(
        "portal:statutory_item",
        document_lists.statutory_documents(item_code),
        kwargs={"item": item_code},
        index_path=reverse("portal:statutory"),
    )
    paths |= list_paths(item, document, moved=True)
    feed = StaticList(
        "portal:statutory", document_lists.statutory_tagged(), feed_key="statutory", paged=False
    )
    paths |= list_paths(feed, document, moved=False)
    return paths


# --- columns ----------------------------------------------------------------------------------


def column_paths(column: Column) -> list[str]:
    """The static pages of one column (its own page and, for lists, the published pages)."""
    if not column.static:
        return []
    today = local_today()
    lists: dict[str, tuple[str, QuerySet[Document]]] = {
        "documents": ("portal:document_list", documents_public_list(PublicFilters(), today)),
        "catalogue": ("portal:catalogue", documents_public_list(PublicFilters(), today)),
        "normative": ("portal:normative", document_lists.normative_current(today)),
        "rules": ("portal:rules", document_lists.openness_rules()),
    }
    if column.key in lists:
        url_name, qs = lists[column.key]
        return paging.static_page_paths(url_name, qs.count())
    if column.key == "statutory":
        found = [column.url]
        for item in document_lists.statutory_items_with_content():
            found += paging.static_page_paths(
                "portal:statutory_item", item.count, {"item": item.code}
            )
        return found
    return [column.url]


def column_state_paths(before: frozenset[str], after: frozenset[str]) -> set[str]:
    """Pages to re-render when the set of shown columns changes from `before` to `after`."""
    changed = before ^ after
    if not changed:
        return set()
    nav_keys = {c.key for c in columns.all_columns() if c.nav is not None}
    if changed & nav_keys:
        # The navigation is on every page.
        return set(all_paths())
    paths = {
        reverse("portal:home"),  # its 政府信息公开 entry names the columns
        reverse("portal:xxgk"),
        reverse("portal:sitemap"),
        section_path("columns"),
    }
    for key in changed:
        column = columns.registered(key)
        if column is None:
            continue
        for parent in columns.ancestors(key):
            paths.update(column_paths(parent))
        if key in after:
            paths.update(column_paths(column))
        else:
            paths.update(_removed_column_paths(column))
        if column.feed is not None:
            paths.update(feed_paths(key))
    if columns.registered("guide") is not None:
        paths.add(reverse("portal:guide"))
    return paths


def _removed_column_paths(column: Column) -> list[str]:
    """A column that disappeared: its own page (now 404, so the file goes)."""
    if not column.static:
        return []
    return [column.url]


# --- everything ------------------------------------------------------------------------------


def all_paths() -> Iterator[str]:
    """Every page of the static site (publish_site --full)."""
    yield reverse("portal:home")
    for column in columns.all_columns():
        if columns.get(column.key) is None:
            continue
        yield from column_paths(column)
        if column.feed is not None:
            yield from feed_paths(column.key)
    for uid in documents_public().order_by("pk").values_list("uid", flat=True).iterator():
        yield reverse("portal:document_detail", args=[uid])
    yield reverse("portal:sitemap")
    for name, _last in sections():
        yield section_path(name)
    for source in hooks.registered("public_paths"):
        yield from source()
