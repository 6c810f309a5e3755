"""The small API kit: the error envelope (`ErrorOut`, `ERROR_RESPONSES`) and the audit
event (`EventOut`) every router declares, who acts, what they see, idempotency tokens, plain values, the
client's address, and bounded input types. Used by every module's django-ninja router.

Bounded types for parameters and schema fields, so that no number reaches the database
outside what it can hold (the schema then says so too):
`Id` (1 … 2⁶³−1, every object id, in paths and bodies), `Year` (1949–2100), `Page`
(1 … 100,000) and the pagination class `Pagination` (ninja's page numbers, bounded).
Whatever escapes them is still answered 422, never 500 (gongkai.api.errors).
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from enum import Enum
from typing import Annotated, Any, TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

M = TypeVar("M", bound=Model)

MAX_ID = 2**63 - 1  # a BigAutoField
MAX_PAGE = 100_000
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Year = Annotated[
    int,
    Field(
        ge=getattr(settings, "GONGKAI_DATE_MIN_YEAR", 1949),
        le=getattr(settings, "GONGKAI_DATE_MAX_YEAR", 2100),
    ),
]
Page = Annotated[int, Field(ge=1, le=MAX_PAGE)]


class Pagination(PageNumberPagination):
    """ninja's page-number pagination with the page number bounded (`Page`)."""

    class Input(Schema):
        page: Page = 1
        page_size: int | None = Field(None, ge=1, le=1000)


def actor(request: HttpRequest) -> Any:
    """The authenticated user of an API call (token or session: gongkai.api.auth)."""
    return request.auth  # type: ignore[attr-defined]


def visible_or_404(visible: QuerySet[M], pk: int) -> M:
    """One object of the caller's visible set; 404 when it is not there (or not theirs)."""
    if not 1 <= pk <= MAX_ID:
        raise Http404
    return get_object_or_404(visible, pk=pk)


def reloaded(visible: QuerySet[M], obj: M) -> M:
    """The object after an action, with the relations the output needs; the service's
    instance when the action took it out of the caller's sight (a reviewer returning a draft
    to the drafting desk)."""
    return visible.filter(pk=obj.pk).first() or obj


def client_token(user: Any, key: str, *, scope: str = "") -> str:
    """An Idempotency-Key scoped to the caller (a guessed key never returns someone else's
    object) and to the kind of object, hashed to fit a 64-character column."""
    material = f"{user.pk}\x00{scope}\x00{key}" if scope else f"{user.pk}\x00{key}"
    return f"api:{hashlib.sha256(material.encode()).hexdigest()[:60]}"


def plain(value: Any) -> Any:
    """Enum members as their values, lists element by element (payload → service data)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def client_ip(request: HttpRequest) -> str:
    """Behind the reverse proxy (BEHIND_PROXY), the last X-Forwarded-For entry is the address
    the proxy saw; earlier entries are whatever the client claimed."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.SECURE_PROXY_SSL_HEADER and forwarded:
        return str(forwarded.split(",")[-1].strip())
    return str(request.META.get("REMOTE_ADDR", ""))


# --- the one error envelope and the audit-event schema every router declares --------------


class FieldErrorOut(Schema):
    field: str | None
    location: str
    message: str
    type: str


class ErrorDetailOut(Schema):
    code: str
    message: str
    gate: str | None = None
    field: str | None = None
    details: list[FieldErrorOut] | None = None


class ErrorOut(Schema):
    error: ErrorDetailOut


# Documented on every operation so the OpenAPI schema shows the error body.
ERROR_RESPONSES: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    413: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
    500: ErrorOut,
    503: ErrorOut,
}


class EventOut(Schema):
    id: int
    created_at: datetime
    action: str
    actor: str = Field(..., description="操作人名称")
    actor_id: int | None
    from_state: str
    to_state: str
    reason: str
    data: dict[str, Any]

    @staticmethod
    def resolve_actor(obj: Any) -> str:
        return str(obj.actor_label)
