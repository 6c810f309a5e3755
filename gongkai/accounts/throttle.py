"""Staff login throttling (django-axes): which address a login attempt comes from.

Failed logins are counted per account and per address (settings.AXES_LOCKOUT_PARAMETERS);
both the staff login (accounts:login) and the admin login authenticate through
`django.contrib.auth.authenticate`, which the axes backend guards.
"""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str:
    """The client address. Behind the reverse proxy (BEHIND_PROXY) it is the last
    X-Forwarded-For entry, the address the proxy saw: earlier entries are whatever the client
    claimed, and trusting them would let an attacker pick a fresh address for every attempt."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return str(forwarded.split(",")[-1].strip())
    return str(request.META.get("REMOTE_ADDR", ""))


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The page shown to a locked-out login (staff and admin), in Chinese, with 429."""
    cooloff: timedelta | None = settings.AXES_COOLOFF_TIME
    minutes = math.ceil(cooloff.total_seconds() / 60) if cooloff else None
    return render(
        request,
        "accounts/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )
