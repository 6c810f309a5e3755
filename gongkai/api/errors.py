"""One error body for every failure of the JSON API.

    {"error": {"code": "...", "message": "<中文>", "gate": "G1" | null, "field": "..." | null}}

Services raise the domain exceptions of gongkai.core.exceptions; this module maps them to
HTTP statuses ("you may not" 403, "not possible now" 409, a statutory gate 422, bad input
400) so that an OA system can branch on `code` and show `message` to its users.

Everything else that can go wrong answers in the same envelope, whatever the router and in
production as in development: a body over the size limit 413, a multipart body without a
boundary 400, a value out of the database's range 422, a locked database 503 with
`Retry-After`, and any other exception 500 (logged with its traceback, never shown).
Errors raised outside the API's views (an unknown path 404, a method the path does not
take 405, Django's own 400/413) are rewritten by `gongkai.api.middleware`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DataError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gongkai.core.database import is_busy_error
from gongkai.core.exceptions import (
    DomainError,
)

logger = logging.getLogger("gongkai.api")


class InputRefused(Exception):
    """Input refused before validation (gongkai.api.parser): answered 422 like a validation
    error, naming the location and the field."""

    def __init__(self, code: str, location: str, field: str | None) -> None:
        super().__init__(code)
        self.code = code
        self.location = location
        self.field = field


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
    "missing": gettext_lazy("必填项缺失。"),
    "missing_body": gettext_lazy("缺少请求体（JSON）。"),
    "string_type": gettext_lazy("须为字符串。"),
    "string_too_long": gettext_lazy("内容过长。"),
    "string_too_short": gettext_lazy("内容过短。"),
    "int_parsing": gettext_lazy("须为整数。"),
    "int_type": gettext_lazy("须为整数。"),
    "bool_parsing": gettext_lazy("须为布尔值（true/false）。"),
    "bool_type": gettext_lazy("须为布尔值（true/false）。"),
    "date_from_datetime_parsing": gettext_lazy("须为 ISO 格式日期（YYYY-MM-DD）。"),
    "date_parsing": gettext_lazy("须为 ISO 格式日期（YYYY-MM-DD）。"),
    "date_type": gettext_lazy("须为 ISO 格式日期（YYYY-MM-DD）。"),
    "enum": gettext_lazy("取值无效。"),
    "literal_error": gettext_lazy("取值无效。"),
    "list_type": gettext_lazy("须为数组。"),
    "greater_than_equal": gettext_lazy("数值过小。"),
    "less_than_equal": gettext_lazy("数值过大。"),
    "json_invalid": gettext_lazy("请求体不是合法的 JSON。"),
    "model_attributes_type": gettext_lazy("请求体格式无效。"),
    "dict_type": gettext_lazy("请求体格式无效。"),
    "string_nul": gettext_lazy("不得包含 NUL 字符（\\0）。"),
    "body_not_object": gettext_lazy("请求体须为 JSON 对象（{…}）。"),
    "date_out_of_range": gettext_lazy("日期超出合理范围。"),
    "out_of_range": gettext_lazy("数值超出范围。"),
}

# Messages ninja raises itself, in the API's language.
_HTTP_ERRORS = {
    "Cannot parse request body": (
        "malformed_body",
        gettext_lazy("请求体无法解析：须为合法的 JSON。"),
    ),
    "Too many requests.": ("throttled", gettext_lazy("请求过于频繁，请稍后再试。")),
}

# Errors by status, for answers that carry no message of their own (the middleware's
# rewrite of Django's error pages, ninja's 405).
STATUS_ERRORS = {
    400: ("bad_request", gettext_lazy("请求无法处理：格式有误。")),
    403: ("forbidden", gettext_lazy("无权访问。")),
    404: ("not_found", gettext_lazy("未找到该资源，或您无权查看。")),
    405: ("method_not_allowed", gettext_lazy("该地址不支持此请求方法。")),
    413: ("payload_too_large", gettext_lazy("请求体过大，超过了允许的大小。")),
    429: ("throttled", gettext_lazy("请求过于频繁，请稍后再试。")),
    500: ("server_error", gettext_lazy("服务器内部错误，已记录，请稍后再试。")),
    503: ("service_unavailable", gettext_lazy("系统繁忙，本次操作未完成，请稍后再试。")),
}


def status_error_body(status: int) -> dict[str, Any]:
    code, message = STATUS_ERRORS.get(status, (f"http_{status}", gettext_lazy("请求失败。")))
    return error_body(code, str(message))


def busy_retry_seconds() -> int:
    return int(getattr(settings, "GONGKAI_BUSY_RETRY_SECONDS", 5))


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

    def refused(request: HttpRequest, exc: InputRefused) -> HttpResponse:
        message = str(_VALIDATION_MESSAGES.get(exc.code, _("取值无效。")))
        detail = {
            "field": exc.field,
            "location": exc.location,
            "message": message,
            "type": exc.code,
        }
        if exc.field:
            text = _("请求参数有误：%(field)s %(message)s") % detail
        else:
            text = _("请求参数有误：%(message)s") % detail
        return respond(
            request,
            422,
            error_body("validation_error", text, field=exc.field, details=[detail]),
        )

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        # ninja wraps whatever the body parser raised into "Cannot parse request body".
        if isinstance(exc.__cause__, InputRefused):
            return refused(request, exc.__cause__)
        if isinstance(exc, CsrfFailed):
            code, message = "csrf_failed", exc.message
        else:
            key = exc.message.split(" (", 1)[0]  # DEBUG appends the parser's exception
            code, message = _HTTP_ERRORS.get(key, (f"http_{exc.status_code}", exc.message))
        return respond(request, exc.status_code, error_body(code, str(message)))

    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return respond(request, 413, status_error_body(413))

    def malformed_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        return respond(
            request,
            400,
            error_body(
                "malformed_body",
                _("请求体无法解析：multipart/form-data 格式有误（缺少 boundary）。"),
            ),
        )

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        if is_busy_error(exc):
            response = respond(request, 503, status_error_body(503))
            response["Retry-After"] = str(busy_retry_seconds())
            return response
        if isinstance(exc, OverflowError | DataError) and not isinstance(exc, OperationalError):
            # A number the database cannot hold (an id past 64 bits on SQLite, a value out
            # of a column's range on PostgreSQL): the input is wrong, not the server.
            message = str(_VALIDATION_MESSAGES["out_of_range"])
            return respond(
                request, 422, error_body("validation_error", _("请求参数有误：%s") % message)
            )
        logger.error(
            "Unhandled exception in the API: %s %s",
            request.method,
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return respond(request, 500, status_error_body(500))

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(InputRefused, refused)
    api.add_exception_handler(RequestDataTooBig, too_large)
    api.add_exception_handler(MultiPartParserError, malformed_multipart)
    api.add_exception_handler(Exception, unexpected)
