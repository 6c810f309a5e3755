"""The public portal's own pages: the home page, 政府信息公开 (the columns), the 指南, the
old 年报 path and the elder mode. Each module serves its own column's pages (the documents':
gongkai.documents.views_public, included in gongkai.portal.urls).

Pages do not depend on who is logged in, so they can be rendered to static files
(settings.PUBLISH_ROOT) without change.
"""

from __future__ import annotations

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from gongkai.core.kit import columns
from gongkai.core.kit.steps import today as local_today
from gongkai.core.kit.views import public_view
from gongkai.documents.models import StatutoryItem
from gongkai.documents.selectors import PublicFilters, documents_public_list
from gongkai.portal.templatetags.portal_tags import ELDER_COOKIE
from gongkai.publishing import selectors as publishing_selectors

ELDER_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
HOME_LATEST = 10

# GET only, the site language and the site's content security policy (the module kit).
public_page = public_view


@public_page
def home(request: HttpRequest) -> HttpResponse:
    latest = documents_public_list(PublicFilters(), local_today())[:HOME_LATEST]
    return render(
        request,
        "portal/home.html",
        {"is_home": True, "latest": latest, "xxgk_columns": columns.children("xxgk")},
    )


@public_page
def xxgk(request: HttpRequest) -> HttpResponse:
    """政府信息公开: the platform's columns, from the registry (only those with content)."""
    tree = [(column, columns.children(column.key)) for column in columns.children("xxgk")]
    return render(
        request, "portal/xxgk.html", {"nav": "xxgk", "column": columns.get("xxgk"), "tree": tree}
    )


@public_page
def guide(request: HttpRequest) -> HttpResponse:
    """政府信息公开指南 (条例第十二条), generated from organ data so it stays current."""
    column = columns.column_or_404("guide")
    return render(
        request,
        "portal/guide.html",
        {
            "nav": "xxgk",
            "column": column,
            "tree": [(c, columns.children(c.key)) for c in columns.children("xxgk")],
            "topics": publishing_selectors.topic_tree(),
            "items20": [label for code, label in StatutoryItem.choices if code.startswith("20-")],
            "items21": [label for code, label in StatutoryItem.choices if code.startswith("21-")],
            "offices": publishing_selectors.openness_offices(),
            "index_example": _index_example(),
            "apply": columns.get("apply"),
            "workdays": settings.GONGKAI_PUBLICATION_WORKDAYS,
        },
    )


def _index_example() -> str:
    try:
        return settings.GONGKAI_INDEX_PATTERN.format(org_code="000014349", yyyy=2024, serial=203)
    except (KeyError, IndexError, ValueError):
        return "000014349/2024-00203"


def reports(request: HttpRequest, page: int | None = None) -> HttpResponse:
    """The old 政府信息公开年报 column: it is now the one column at /ndbg/ (reports generated
    here and uploaded 年报, year by year; gongkai.reports.columns). A permanent redirect keeps
    old links working."""
    return HttpResponsePermanentRedirect(reverse("ndbg:list"))


@require_GET
def elder_mode(request: HttpRequest) -> HttpResponse:
    """适老化 large-font mode without JavaScript: set the cookie, go back where the user was."""
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    if request.GET.get("on") == "1":
        response.set_cookie(
            ELDER_COOKIE,
            "1",
            max_age=ELDER_COOKIE_MAX_AGE,
            samesite="Lax",
            secure=request.is_secure(),
        )
    else:
        response.delete_cookie(ELDER_COOKIE, samesite="Lax")
    return response
