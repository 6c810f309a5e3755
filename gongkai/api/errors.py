"""One error body for every failure of the JSON API.

    {"error": {"code": "...", "message": "<中文>", "gate": "G1" | null, "field": "..." | null}}

Services raise the domain exceptions of gongkai.core.exceptions; this module maps them to
HTTP statuses ("you may not" 403, "not possible now" 409, a statutory gate 422, bad input
400) so that an OA system can branch on `code` and show `message` to its users.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gongkai.core.exceptions import (
    DomainError,
)


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
    422: ErrorOut,
}


class CsrfFailed(HttpError):
    def __init__(self) -> None:
        super().__init__(403, _("CSRF 校验失败：使用登录会话调用接口时须携带 X-CSRFToken 请求头。"))


def error_body(
    code: str,
    message: str,
    *,
    gate: str | None = None,
    field: str | None = None,
    details: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, "gate": gate, "field": field}
    if details is not None:
        error["details"] = details
    return {"error": error}


# pydantic error types → messages in the user's language; anything else: a generic line.
_VALIDATION_MESSAGES = {
    "missing": _lazy("必填项缺失。"),
    "missing_body": _lazy("缺少请求体（JSON）。"),
    "string_type": _lazy("须为字符串。"),
    "string_too_long": _lazy("内容过长。"),
    "string_too_short": _lazy("内容过短。"),
    "int_parsing": _lazy("须为整数。"),
    "int_type": _lazy("须为整数。"),
    "bool_parsing": _lazy("须为布尔值（true/false）。"),
    "bool_type": _lazy("须为布尔值（true/false）。"),
    "date_from_datetime_parsing": _lazy("须为 ISO 格式日期（YYYY-MM-DD）。"),
    "date_parsing": _lazy("须为 ISO 格式日期（YYYY-MM-DD）。"),
    "date_type": _lazy("须为 ISO 格式日期（YYYY-MM-DD）。"),
    "enum": _lazy("取值无效。"),
    "literal_error": _lazy("取值无效。"),
    "list_type": _lazy("须为数组。"),
    "greater_than_equal": _lazy("数值过小。"),
    "less_than_equal": _lazy("数值过大。"),
    "json_invalid": _lazy("请求体不是合法的 JSON。"),
    "model_attributes_type": _lazy("请求体格式无效。"),
    "dict_type": _lazy("请求体格式无效。"),
}

# Messages ninja raises itself, in the API's language.
_HTTP_ERRORS = {
    "Cannot parse request body": ("malformed_body", _lazy("请求体无法解析：须为合法的 JSON。")),
    "Too many requests.": ("throttled", _lazy("请求过于频繁，请稍后再试。")),
}

# Leading parts of a ninja error location that name the parameter, not the field.
_SOURCES = {"body", "query", "path", "header", "form", "file", "cookie"}


def _field_from_loc(loc: tuple[Any, ...] | list[Any]) -> tuple[str, str | None]:
    parts = list(loc)
    location = str(parts[0]) if parts else ""
    rest = parts[1:]
    # ninja nests a body schema under the argument name ("payload"): drop it, and name
    # no field when the whole body is missing.
    if location == "body" and rest:
        rest = rest[1:]
    field = ".".join(str(p) for p in rest) or None
    return location, field


def _validation_details(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    details = []
    for error in errors:
        location, field = _field_from_loc(error.get("loc", ()))
        error_type = str(error.get("type", ""))
        if location == "body" and field is None and error_type == "missing":
            error_type = "missing_body"
        details.append(
            {
                "field": field,
                "location": location if location in _SOURCES else "body",
                "message": str(_VALIDATION_MESSAGES.get(error_type, _("取值无效。"))),
                "type": error_type,
            }
        )
    return details


def register_exception_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return respond(
            request,
            exc.http_status,
            error_body(
                exc.code,
                exc.message,
                gate=getattr(exc, "gate", None),
                field=getattr(exc, "field", None),
            ),
        )

    # ninja looks the handler up along the exception's MRO: every subclass lands here.
    api.add_exception_handler(DomainError, domain)

    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = _validation_details(exc.errors)
        first = details[0] if details else {"field": None, "message": ""}
        if first["field"]:
            message = _("请求参数有误：%(field)s %(message)s") % first
        elif first["message"]:
            message = _("请求参数有误：%(message)s") % first
        else:
            message = _("请求参数有误")
        return respond(
            request,
            422,
            error_body("validation_error", message, field=first["field"], details=details),
        )

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, 404, error_body("not_found", _("未找到该资源，或您无权查看。")))

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = respond(
            request,
            401,
            error_body(
                "not_authenticated",
                _(
                    "未认证：请在 Authorization 请求头中提供有效的 API 令牌（Bearer gk_…），或先登录。"
                ),
            ),
        )
        response["WWW-Authenticate"] = 'Bearer realm="gongkai"'
        return response

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if isinstance(exc, CsrfFailed):
            code, message = "csrf_failed", exc.message
        else:
            code, message = _HTTP_ERRORS.get(exc.message, (f"http_{exc.status_code}", exc.message))
        return respond(request, exc.status_code, error_body(code, str(message)))

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
