"""Who may file documents under the items of 法定主动公开内容."""

from __future__ import annotations

from typing import Any

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, is_administrator
from gongkai.documents.models import Document


def can_tag_document(user: Any, document: Document) -> bool:
    """The organ's openness office (政务公开工作机构) or an administrator."""
    return is_administrator(user) or has_role(user, Role.OPENNESS_OFFICER, document.organ_id)
