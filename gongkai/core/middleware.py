"""Language selection: Chinese by default, English only when the user chose it.

Django's LocaleMiddleware also follows the browser's Accept-Language, which would show
English labels on Chinese government content to anyone whose browser prefers English.
Here the language comes from the language cookie (set by /i18n/setlang/) or the default.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation


class LanguageCookieMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        # override, not activate/deactivate: static publishing renders pages through this
        # chain inside a staff request (publishing on commit), and the staff request must
        # keep its own language afterwards (its confirmation message was Chinese).
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """The site's content security policy on every response that does not carry its own:
    the pages of public_view set theirs (the PDF reader's allows <object>), files theirs
    (`sandbox`); search, login, the back office, the admin and error pages get this one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from gongkai.core.kit.views import CONTENT_SECURITY_POLICY

        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class DatabaseBusyMiddleware:
    """A database lock that outlasted the busy timeout (SQLite) or the lock timeout
    (PostgreSQL) is not a server error: the page says, in Chinese, that nothing was saved
    and to try again shortly (503 with Retry-After). A citizen's application is only
    acknowledged once it is stored, so a refused one is simply not there yet."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        from gongkai.core.database import is_busy_error
        from gongkai.core.views import busy

        if not is_busy_error(exc):
            return None
        return busy(request)
