"""The public search page (a thin view over selectors.search; the lead wires it at /search/)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from gongkai.core.kit.search import kind_choices
from gongkai.documents.models import Topic, Validity
from gongkai.organizations.models import Organ
from gongkai.search.selectors import SearchFilters, search, search_years

PAGE_SIZE = 20


def _int(raw: str | None) -> int | None:
    try:
        value = int(raw or "")
    except ValueError:
        return None
    return value if value > 0 else None


def _filters(request: HttpRequest) -> SearchFilters:
    validity = request.GET.get("validity") or None
    kind = request.GET.get("kind") or None
    return SearchFilters(
        organ=_int(request.GET.get("organ")),
        topic=_int(request.GET.get("topic")),
        year=_int(request.GET.get("year")),
        validity=validity if validity in Validity.values else None,
        kind=kind if kind in dict(kind_choices()) else None,
    )


@require_GET
def search_view(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    filters = _filters(request)
    results = search(query, filters, page=_int(request.GET.get("page")) or 1, page_size=PAGE_SIZE)
    # A Page over the counted matches drives the usual pagination controls.
    page = Paginator(range(results.total), PAGE_SIZE).get_page(results.page)
    context = {
        "query": query,
        "filters": filters,
        "results": results,
        "page": page,
        "page_numbers": list(page.paginator.get_elided_page_range(page.number, on_each_side=2)),
        "organs": Organ.objects.filter(is_active=True).order_by("sort_order", "id"),
        "topics": Topic.objects.filter(is_active=True).select_related("parent"),
        "years": search_years(),
        "validities": Validity.choices,
        "kinds": kind_choices(),
        "filtered": any(vars(filters).values()),
    }
    return render(request, "search/results.html", context)
