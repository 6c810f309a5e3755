"""The JSON API (django-ninja), mounted at /api/v1/ by config/urls.py.

Authentication: `Authorization: Bearer gk_…` (an ApiToken, issued with
`manage.py issue_api_token`) or the staff session with a CSRF token. OpenAPI at
/api/v1/openapi.json, interactive docs at /api/v1/docs.
"""

from typing import Any

from ninja.renderers import JSONRenderer

from gongkai.api import reference
from gongkai.api.auth import ApiTokenAuth, StaffSessionAuth
from gongkai.api.errors import register_exception_handlers
from gongkai.api.openapi import GongkaiNinjaAPI
from gongkai.api.parser import StrictParser
from gongkai.concerns.api import router as concerns_router
from gongkai.decisions.api import router as decisions_router
from gongkai.documents.api import router as documents_router
from gongkai.inforequests.api import router as inforequests_router
from gongkai.interpretations.api import router as interpretations_router
from gongkai.mailbox.api import router as mailbox_router
from gongkai.mailbox.api import solicitations_router
from gongkai.meetings.api import router as meetings_router
from gongkai.reports.api import router as reports_router

DESCRIPTION = """\
政务公开平台接口：OA 系统可通过本接口推送公文并完成审签、保密审查、发布等全部流程操作。

- 认证：`Authorization: Bearer gk_…`（API 令牌），或已登录的会话（须带 `X-CSRFToken`）。
- 错误：统一返回 `{"error": {"code", "message", "gate", "field"}}`；
  无权限 403，当前状态不可操作 409，法定关口拒绝 422（`gate` 如 "G1"），输入有误 400/422，
  资源不存在 404，方法不支持 405，请求体过大 413，请求过于频繁 429，服务器错误 500，
  数据库繁忙 503（附 `Retry-After`）。
- 请求体须为 JSON 对象；字符串不得含 NUL 字符；日期须在 1949—2100 年之间。
"""


class ReadableJSONRenderer(JSONRenderer):
    # Chinese messages as text, not \u escapes: easier to read in OA logs and curl.
    json_dumps_params: dict[str, Any] = {"ensure_ascii": False}


# Bearer first: a token request never reaches the session check (and its CSRF test).
api = GongkaiNinjaAPI(
    title="Gongkai API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[ApiTokenAuth(), StaffSessionAuth()],
    renderer=ReadableJSONRenderer(),
    parser=StrictParser(),
)
register_exception_handlers(api)
api.add_router("", documents_router)
api.add_router("", reference.router)
api.add_router("/interpretations", interpretations_router)
api.add_router("/inforequests", inforequests_router)
api.add_router("/meetings", meetings_router)
api.add_router("/concerns", concerns_router)
api.add_router("/decisions", decisions_router)
api.add_router("/messages", mailbox_router)
api.add_router("/solicitations", solicitations_router)
api.add_router("/annual-reports", reports_router)
