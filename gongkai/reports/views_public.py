"""The portal pages of published annual reports (/ndbg/): every year kept (条例第五十条,
domain.md §4.5), each with its DOCX, PDF and XLSX."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.core.kit.views import public_view
from gongkai.lib.officedoc import PdfUnavailable
from gongkai.reports import render as report_render
from gongkai.reports import selectors
from gongkai.reports.content import report_content
from gongkai.reports.views_staff import download_response


@public_view
def public_list(request: HttpRequest) -> HttpResponse:
    """The one 政府信息公开年报 column: generated reports and uploaded 年报, year by year."""
    return render(
        request, "reports/portal/list.html", {"entries": selectors.annual_report_column()}
    )


def _published(organ: str, year: int) -> object:
    return get_object_or_404(selectors.annual_reports_public(), organ__slug=organ, year=year)


@public_view
def public_detail(request: HttpRequest, organ: str, year: int) -> HttpResponse:
    report = _published(organ, year)
    body = report_render.context(report_content(report))  # type: ignore[arg-type]
    return render(request, "reports/portal/detail.html", {"report": report, **body})


@public_view
def public_download(request: HttpRequest, organ: str, year: int, fmt: str) -> HttpResponse:
    report = _published(organ, year)
    try:
        return download_response(report, fmt)  # type: ignore[arg-type]
    except PdfUnavailable as exc:
        raise Http404(str(exc)) from exc
