"""Every answer under the API's prefix is the API's JSON error body, whoever produced it.

django-ninja's handlers (gongkai.api.errors) cover what its views raise. What happens around
them is Django's: the URL resolver's 404 for an unknown path, ninja's bare 405 for a method
the path does not take, Django's 400 for a request it refuses before any view (a
`DisallowedHost`; a body over `DATA_UPLOAD_MAX_MEMORY_SIZE`, which the site's handler400
answers 413: gongkai.core.views), the 500 of an exception
in a middleware. Those responses are HTML or text; this middleware, placed first, answers
them in the envelope instead, keeping the status (and `Allow` of a 405).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse

from gongkai.api.errors import busy_retry_seconds, status_error_body
from gongkai.core.database import is_busy_error

API_PREFIX = "/api/"
_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _json(status: int, body: dict[str, object]) -> HttpResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


class ApiErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        status = response.status_code
        rewritten = _json(status, status_error_body(status))
        for header in _KEPT_HEADERS:
            if header in response:
                rewritten[header] = response[header]
        return rewritten

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        """An exception that escaped a view or a later middleware under the API prefix."""
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exc, RequestDataTooBig):
            return _json(413, status_error_body(413))
        if is_busy_error(exc):
            response = _json(503, status_error_body(503))
            response["Retry-After"] = str(busy_retry_seconds())
            return response
        return None
