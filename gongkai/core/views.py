"""The site's own error pages, in Chinese: a failed CSRF check, a request too large, a
busy database. (404 and 500 are the templates 404.html and 500.html.)"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views.defaults import bad_request as django_bad_request


def _page(request: HttpRequest, template: str, status: int, **context: Any) -> HttpResponse:
    body = render_to_string(template, context, request=request)
    response = HttpResponse(body, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: an expired or missing form token (a form left open too long,
    cookies blocked). Nothing was saved; the visitor goes back and submits again."""
    return _page(request, "403_csrf.html", 403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a body over DATA_UPLOAD_MAX_MEMORY_SIZE is 413, not a generic 400."""
    if isinstance(exception, RequestDataTooBig):
        return _page(request, "413.html", 413)
    return django_bad_request(request, exception)


def busy(request: HttpRequest) -> HttpResponse:
    retry = int(getattr(settings, "GONGKAI_BUSY_RETRY_SECONDS", 5))
    response = _page(request, "503_busy.html", 503, retry_seconds=retry)
    response["Retry-After"] = str(retry)
    return response
