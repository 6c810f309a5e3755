"""A test URLconf mounting the interpretation router the way gongkai.api.urls will:
``api.add_router("/interpretations", router)`` under /api/v1/ with the API's auth and errors."""

from django.urls import path
from ninja import NinjaAPI

from gongkai.api.auth import ApiTokenAuth, StaffSessionAuth
from gongkai.api.errors import register_exception_handlers
from gongkai.interpretations.api import router

api = NinjaAPI(
    title="Gongkai API (interpretations test)",
    urls_namespace="interpretations-api-test",
    auth=[ApiTokenAuth(), StaffSessionAuth()],
)
register_exception_handlers(api)
api.add_router("/interpretations", router)

urlpatterns = [path("api/v1/", api.urls)]
