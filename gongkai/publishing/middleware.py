"""Serve published pages from settings.PUBLISH_ROOT before Django renders them.

The embedded default needs no nginx: for a GET or HEAD of a public path without a query
string, the published file is sent if there is one (with ETag and Last-Modified, 304 on a
match, the .gz to clients that accept gzip); otherwise the request goes on to the dynamic
view. The same rule as the nginx example (deploy/nginx/gongkai.conf):

- a query string (filters, ?page=N) always goes to Django;
- so does a visitor with the 适老化 cookie, whose pages Django renders with the large-font
  class (published pages are rendered without it; elder.js adds it for visitors with
  JavaScript);
- the publisher's own requests are never answered from the files it is replacing.

Place it right after WhiteNoiseMiddleware: the fast path then skips sessions and auth,
and SecurityMiddleware still adds its headers. Enabled by GONGKAI_SERVE_PUBLISHED, by
default when DEBUG is off (in development a template edit shows at once; after a template
change in production run `publish_site --full`).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe

from gongkai.core.kit.views import CONTENT_SECURITY_POLICY
from gongkai.portal.templatetags.portal_tags import ELDER_COOKIE
from gongkai.publishing.publisher import PUBLISH_ENVIRON_KEY, file_for

# Content types as Django sends them (portal.feeds, contrib.sitemaps).
CONTENT_TYPES = {
    "rss.xml": "application/rss+xml; charset=utf-8",
    "atom.xml": "application/atom+xml; charset=utf-8",
}
DEFAULT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml",
}
# Paths Django always serves itself.
DYNAMIC_PREFIXES = ("/static/", "/media/", "/admin/", "/api/", "/staff/", "/accounts/", "/i18n/")


def serving_enabled() -> bool:
    return bool(getattr(settings, "GONGKAI_SERVE_PUBLISHED", not settings.DEBUG))


def content_type_for(name: str) -> str | None:
    if name in CONTENT_TYPES:
        return CONTENT_TYPES[name]
    return DEFAULT_TYPES.get(os.path.splitext(name)[1])


def etag_for(st: os.stat_result) -> str:
    """nginx's form: "<mtime hex>-<size hex>"."""
    return f'"{int(st.st_mtime):x}-{st.st_size:x}"'


def _not_modified(request: HttpRequest, etag: str, mtime: int) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return etag in tags or "*" in tags
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and mtime <= since


def published_response(request: HttpRequest) -> HttpResponse | None:
    """The published file for this request as a response, or None to render dynamically."""
    if request.method not in ("GET", "HEAD") or request.META.get(PUBLISH_ENVIRON_KEY):
        return None
    if request.META.get("QUERY_STRING") or request.COOKIES.get(ELDER_COOKIE) == "1":
        return None
    path = request.path_info
    if path.startswith(DYNAMIC_PREFIXES):
        return None
    # The Host header is checked against ALLOWED_HOSTS as for a rendered page (CommonMiddleware
    # would do it later): a DisallowedHost here answers 400, never a file under a forged host.
    request.get_host()
    target = file_for(path)
    if target is None:
        return None
    content_type = content_type_for(target.name)
    if content_type is None:
        return None
    try:
        st = target.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if not stat.S_ISREG(st.st_mode):
        return None
    etag, mtime = etag_for(st), int(st.st_mtime)
    if _not_modified(request, etag, mtime):
        response: HttpResponse = HttpResponseNotModified()
    else:
        gzip_ok = "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")
        gz = target.with_name(target.name + ".gz")
        try:
            data = gz.read_bytes() if gzip_ok and gz.exists() else None
            encoding = "gzip" if data is not None else None
            if data is None:
                data = target.read_bytes()
        except FileNotFoundError:
            # Deleted between stat and read (a withdrawal): render dynamically.
            return None
        response = HttpResponse(b"" if request.method == "HEAD" else data)
        response.headers["Content-Type"] = content_type
        response.headers["Content-Length"] = str(len(data))
        if encoding:
            response.headers["Content-Encoding"] = encoding
    patch_vary_headers(response, ["Accept-Encoding"])
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(mtime)
    response.headers["Content-Language"] = settings.LANGUAGE_CODE
    response.headers["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY")
    if content_type.startswith("text/html"):
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Gongkai-Published"] = "1"
    return response


class PublishedPageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.enabled = serving_enabled()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.enabled:
            response = published_response(request)
            if response is not None:
                return response
        return self.get_response(request)
