"""The small view kit: the public-page decorator with the site's one content security
policy, and the action-view helper of the back offices."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.core.exceptions import GateRefused, InvalidInput, TransitionNotAllowed

# Nothing on public pages needs inline script or style, plugins or foreign origins. The
# policy is a second line of defence for docx→HTML output (already sanitised by filetext)
# and for uploaded media; 解读 videos play from this site (media-src).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self'; object-src 'none'; frame-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'"
)
# The one exception: 在线阅读 of a PDF attachment shows it in the browser's own viewer
# through <object> (portal attachment_view), which needs object-src.
CONTENT_SECURITY_POLICY_WITH_OBJECTS = CONTENT_SECURITY_POLICY.replace(
    "object-src 'none'", "object-src 'self'"
)


def public_view(
    view: Callable[..., HttpResponseBase] | None = None,
    *,
    methods: Iterable[str] | None = ("GET",),
    private: bool = False,
    embeds_objects: bool = False,
) -> Any:
    """A public page: allowed methods (GET unless told), rendered in the site language
    whatever the browser's Accept-Language (a page must be the same for every visitor to be
    published as a static file; English will come with its own URL prefix), and the site's
    content security policy on pages (files are left alone: a page policy on a PDF can break
    the browser's viewer). `private`: pages that carry a form token or a visitor's case are
    never cached.
    """

    def decorate(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
        policy = CONTENT_SECURITY_POLICY_WITH_OBJECTS if embeds_objects else CONTENT_SECURITY_POLICY

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            with translation.override(settings.LANGUAGE_CODE):
                response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", settings.LANGUAGE_CODE)
            if private:
                response.headers["Cache-Control"] = "private, no-store"
            if not response.streaming:
                response.headers.setdefault("Content-Security-Policy", policy)
            return response

        if methods is not None:
            return require_http_methods(list(methods))(wrapper)
        return wrapper

    return decorate(view) if view is not None else decorate


ACTION_ERRORS = (GateRefused, InvalidInput, TransitionNotAllowed)


def perform_action(
    request: HttpRequest,
    *,
    form: Any,
    call: Callable[[], Any],
    success: str | Callable[[], str],
    rerender: Callable[[Any, int], HttpResponse],
    done: Callable[[Any], HttpResponse],
    invalid_message: str | None = None,
) -> HttpResponse:
    """Run one action form through its service: post/redirect/get on success; on a bad form
    or a refusal ("not possible now", a gate, bad input) a message and the page again with
    the refusal's HTTP status. NotPermitted propagates to the back office's 403 handler.

    `success` is the message (or a callable giving it, after the call); `rerender(form,
    status)` renders the page (reloaded: the state may have moved on, e.g.
    another reviewer acted first); `done(result)` answers the success.
    """
    if form is not None and not form.is_valid():
        messages.error(request, invalid_message or _("提交的内容有误，请检查后重试。"))
        return rerender(form, 400)
    try:
        result = call()
    except ACTION_ERRORS as exc:
        messages.error(request, exc.message)
        if form is not None and getattr(exc, "field", None) in form.fields:
            form.add_domain_error(exc)
        return rerender(form, exc.http_status)
    messages.success(request, success() if callable(success) else success)
    return done(result)
