"""sitemap.xml (django.contrib.sitemaps): an index, the columns, and documents by id range.

Documents are split into sections of SITEMAP_BUCKET consecutive ids (documents-1 holds ids
0–4999 …) rather than pages of a list: a document's section never changes, so publishing
or withdrawing one re-renders exactly one section and the index, whatever the number of
documents. Locations are absolute on settings.SITE_URL, not the request's host.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.db.models import Max, Min
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from gongkai.core.kit import columns, hooks
from gongkai.core.kit.columns import CanonicalSitemap, section_path
from gongkai.documents.models import Document
from gongkai.documents.selectors import documents_public

SITEMAP_BUCKET = 5000


class ColumnSitemap(CanonicalSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        paths = [reverse("portal:home")]
        for column in columns.all_columns():
            if columns.get(column.key) is not None:
                paths.append(column.url)
        return paths

    def location(self, item: str) -> str:
        return item


class DocumentSitemap(CanonicalSitemap):
    limit = SITEMAP_BUCKET

    def __init__(self, bucket: int) -> None:
        self.bucket = bucket

    def items(self) -> Any:
        low = self.bucket * SITEMAP_BUCKET
        return (
            documents_public()
            .filter(pk__gte=low, pk__lt=low + SITEMAP_BUCKET)
            .select_related(None)
            .order_by("pk")
            .only("pk", "uid", "updated_at")
        )

    def location(self, item: Document) -> str:
        return reverse("portal:document_detail", args=[item.uid])

    def lastmod(self, item: Document) -> datetime:
        return item.updated_at


def document_section(document_id: int) -> str:
    return f"documents-{document_id // SITEMAP_BUCKET + 1}"


def _document_buckets() -> list[int]:
    """Sections that hold public documents: a probe of the primary key per section, not a
    scan of the table (the sections' own <lastmod> entries carry the dates)."""
    public = documents_public().select_related(None).order_by()
    bounds = public.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return []
    buckets = range(bounds["low"] // SITEMAP_BUCKET, bounds["high"] // SITEMAP_BUCKET + 1)
    return [
        b
        for b in buckets
        if public.filter(pk__gte=b * SITEMAP_BUCKET, pk__lt=(b + 1) * SITEMAP_BUCKET).exists()
    ]


def sections() -> list[tuple[str, datetime | None]]:
    """Every section with its lastmod, in order: what the index lists."""
    listed: list[tuple[str, datetime | None]] = [("columns", None)]
    listed += [(f"documents-{b + 1}", None) for b in _document_buckets()]
    listed += [(name, None) for name in sorted(hooks.registered_items("sitemaps"))]
    return listed


def _sitemap_for(section: str) -> Sitemap:
    if section == "columns":
        return ColumnSitemap()
    extra = hooks.registered_items("sitemaps")
    if section in extra:
        return extra[section]()
    prefix, _sep, number = section.partition("-")
    if prefix == "documents" and number.isdigit() and int(number) >= 1:
        sitemap = DocumentSitemap(int(number) - 1)
        if sitemap.items().exists():
            return sitemap
    raise Http404


@x_robots_tag
def index(request: HttpRequest) -> HttpResponse:
    base = settings.SITE_URL
    items = [
        # django-stubs types lastmod as bool; Django's template reads a datetime.
        SitemapIndexItem(f"{base}{section_path(name)}", last)  # type: ignore[arg-type]
        for name, last in sections()
    ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


def section(request: HttpRequest, section: str) -> HttpResponse:
    if request.GET.get("p") not in (None, "1"):
        raise Http404
    return sitemap_view(request, {section: _sitemap_for(section)}, section=section)
