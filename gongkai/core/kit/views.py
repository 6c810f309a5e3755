"""The small view kit: the public-page decorator with the site's one content security
policy, the back-office decorator (login, the 403 page for NotPermitted) and the
action-view helper of the back offices."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.accounts.models import Membership
from gongkai.accounts.permissions import is_administrator
from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed

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


# --- the back office: login and the 403 page ----------------------------------------------

View = Callable[..., HttpResponseBase]


def forbidden(request: HttpRequest, message: str = "") -> HttpResponse:
    return render(request, "staff/403.html", {"message": message}, status=403)


def staff_view(view: View | None = None, *, members_only: Any = None) -> Any:
    """login_required, and NotPermitted from any service → the 403 page.

    With `members_only` (a message), only members of an organ and administrators get in;
    anyone else gets the 403 page with that message.
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if members_only is not None and not (
                is_administrator(user) or Membership.objects.filter(user=user).exists()
            ):
                return forbidden(request, str(members_only))
            try:
                return view(request, *args, **kwargs)
            except NotPermitted as exc:
                return forbidden(request, exc.message)

        return login_required(wrapper)

    return decorate(view) if view is not None else decorate
