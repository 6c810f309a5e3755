"""What every back-office view shares: login, the 403 page for NotPermitted.

Used by the document views here and by the back-office views of 政策解读 and 依申请公开.
Other domain refusals are answered by the view itself, with the form and
`DomainError.http_status`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from gongkai.accounts.models import Membership
from gongkai.accounts.permissions import is_administrator
from gongkai.core.exceptions import NotPermitted

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
