"""can_<verb>_document(user, document) predicates and queryset scopers."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, is_administrator, organs_for_role
from gongkai.documents.models import Document
from gongkai.documents.workflow import EDITABLE_STATES, Status

_DRAFTING = (Status.DRAFT, Status.RETURNED)


def scope_documents(user: Any, qs: QuerySet[Document]) -> QuerySet[Document]:
    """Documents a staff user may see in the back office."""
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_administrator(user):
        return qs
    drafting_organs = organs_for_role(user, Role.CLERK) | organs_for_role(user, Role.HEAD)
    reviewing_organs = (
        organs_for_role(user, Role.OPENNESS_OFFICER)
        | organs_for_role(user, Role.CONFIDENTIALITY)
        | organs_for_role(user, Role.LEGAL)
    )
    condition = Q(organ_id__in=drafting_organs)
    # The drafting department of an adopted 代拟稿 keeps sight of it (it interprets it).
    condition |= Q(drafting_organ_id__in=drafting_organs | reviewing_organs)
    # Reviewers see a unit's documents once they leave the drafting desk.
    condition |= Q(organ_id__in=reviewing_organs) & ~Q(status__in=_DRAFTING)
    condition |= Q(organ_id__in=reviewing_organs, status=Status.RETURNED)
    if has_role(user, Role.GOVERNMENT_OFFICE):
        condition |= Q(for_government=True) & ~Q(status=Status.DRAFT)
    return qs.filter(condition)


def can_view_document(user: Any, document: Document) -> bool:
    return scope_documents(user, Document.objects.filter(pk=document.pk)).exists()


def can_create_document(user: Any, organ_id: int) -> bool:
    return has_role(user, Role.CLERK, organ_id)


def can_edit_document(user: Any, document: Document) -> bool:
    return document.status in EDITABLE_STATES and has_role(user, Role.CLERK, document.organ_id)


can_submit_document = can_edit_document


def can_review_disclosure(user: Any, document: Document) -> bool:
    return has_role(user, Role.OPENNESS_OFFICER, document.organ_id)


def can_sign_off_document(user: Any, document: Document) -> bool:
    return has_role(user, Role.HEAD, document.organ_id)


def can_review_for_government(user: Any, document: Document) -> bool:
    return document.for_government and has_role(user, Role.GOVERNMENT_OFFICE)


def can_return_document(user: Any, document: Document) -> bool:
    """Who may return (退回/退文) depends on the stage the document is at."""
    if document.status == Status.DISCLOSURE_REVIEW:
        return can_review_disclosure(user, document)
    if document.status == Status.SIGNOFF:
        return can_sign_off_document(user, document)
    if document.status == Status.GOVERNMENT_OFFICE:
        return can_review_for_government(user, document)
    return False


def can_re_sign_off_document(user: Any, document: Document) -> bool:
    """重新审签 of a 成文 document changed since its sign-off: the organ's head."""
    return document.status == Status.ISSUED and has_role(user, Role.HEAD, document.organ_id)


def can_review_legality(user: Any, document: Document) -> bool:
    """合法性审核 of a 行政规范性文件 (国办发〔2018〕37号): the legal reviewer (法制机构)."""
    return has_role(user, Role.LEGAL, document.organ_id)


def can_review_confidentiality(user: Any, document: Document) -> bool:
    return has_role(user, Role.CONFIDENTIALITY, document.organ_id)


def can_publish_document(user: Any, document: Document) -> bool:
    return has_role(user, Role.OPENNESS_OFFICER, document.organ_id)


can_withdraw_document = can_publish_document
can_repeal_document = can_publish_document


def can_manage_attachments(user: Any, document: Document) -> bool:
    if document.status in EDITABLE_STATES:
        return has_role(user, Role.CLERK, document.organ_id)
    if document.status == Status.ISSUED:
        return has_role(user, Role.CLERK, document.organ_id) or has_role(
            user, Role.OPENNESS_OFFICER, document.organ_id
        )
    return False


def can_import_documents(user: Any, organ_id: int) -> bool:
    """Importing creates published documents directly, so it is the publisher's right: the
    organ's openness office (政务公开工作机构) or an administrator."""
    return is_administrator(user) or has_role(user, Role.OPENNESS_OFFICER, organ_id)


def can_tag_document(user: Any, document: Document) -> bool:
    """Filing under the items of 法定主动公开内容: the organ's openness office
    (政务公开工作机构) or an administrator."""
    return is_administrator(user) or has_role(user, Role.OPENNESS_OFFICER, document.organ_id)
