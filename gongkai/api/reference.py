"""Reference data an OA system needs to fill in a document, and the caller's identity."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import is_administrator
from gongkai.core.kit.api import ERROR_RESPONSES
from gongkai.documents.models import Topic
from gongkai.documents.schemas import OrganOut, OrganRefOut, TopicOut
from gongkai.organizations.models import Organ

router = Router(tags=["reference"])


class MembershipOut(Schema):
    organ: OrganRefOut
    role: str
    role_label: str

    @staticmethod
    def resolve_role_label(obj: Any) -> str:
        return str(Role(obj.role).label)


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    is_administrator: bool
    roles: list[MembershipOut]


@router.get("/organs", response={200: list[OrganOut], **ERROR_RESPONSES}, summary="机关单位")
def list_organs(request: HttpRequest) -> Any:
    return Organ.objects.filter(is_active=True).order_by("sort_order", "id")


@router.get("/topics", response={200: list[TopicOut], **ERROR_RESPONSES}, summary="主题分类")
def list_topics(request: HttpRequest) -> Any:
    return Topic.objects.filter(is_active=True).order_by("sort_order", "id")


@router.get("/me", response={200: MeOut, **ERROR_RESPONSES}, summary="当前用户及岗位")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    memberships = Membership.objects.filter(user=user).select_related("organ")
    return {
        "id": user.pk,
        "username": user.get_username(),
        "full_name": user.get_full_name(),
        "email": user.email,
        "is_administrator": is_administrator(user),
        "roles": list(memberships.order_by("organ__sort_order", "organ_id", "role")),
    }
