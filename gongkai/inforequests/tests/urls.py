"""A URLconf mounting the inforequests router the way the lead does (api/v1/inforequests).

Tests use it with ``@pytest.mark.urls`` so they do not depend on the lead's mount.
"""

from django.urls import path
from ninja import NinjaAPI

from gongkai.api.auth import ApiTokenAuth, StaffSessionAuth
from gongkai.api.errors import register_exception_handlers
from gongkai.api.urls import ReadableJSONRenderer
from gongkai.inforequests.api import router

api = NinjaAPI(
    title="Gongkai API (inforequests tests)",
    urls_namespace="inforequests-test-api",
    auth=[ApiTokenAuth(), StaffSessionAuth()],
    renderer=ReadableJSONRenderer(),
)
register_exception_handlers(api)
api.add_router("/inforequests", router)

urlpatterns = [path("api/v1/", api.urls)]
