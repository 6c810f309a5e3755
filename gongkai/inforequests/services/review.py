"""保密审查 of the material provided on request (条例第十七条; 保密法第三十五条)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted
from gongkai.documents.models import Attribute, Document
from gongkai.inforequests import permissions as perms
from gongkai.inforequests.models import (
    InfoRequest,
    ReleaseReview,
    ReleaseReviewOutcome,
)
from gongkai.inforequests.services._common import (
    _day,
    _lock,
    _record,
    _require_handler,
    _transition,
    _user,
)
from gongkai.inforequests.workflow import Event


def document_withheld(document: Document | None) -> bool:
    """A linked document that may not be provided without a re-decision: it carries a 密级
    (保密法第十四条) or its 公开属性 is 不予公开."""
    if document is None:
        return False
    return bool(document.secrecy_level) or document.attribute == Attribute.NOT_DISCLOSED


def _clean_items(items: Sequence[Mapping[str, Any] | str]) -> list[dict[str, Any]]:
    clean: list[dict[str, Any]] = []
    for raw in items or []:
        if isinstance(raw, str):
            name, passed = raw.strip(), True
        elif isinstance(raw, Mapping):
            name = str(raw.get("item") or "").strip()
            passed = raw.get("passed", True)
        else:
            raise InvalidInput(_("审查事项无效。"), field="items")
        if not isinstance(passed, bool):
            raise InvalidInput(_("审查事项的结论须为是或否。"), field="items")
        if name:
            clean.append({"item": name[:300], "passed": passed})
    if not clean:
        raise InvalidInput(_("请逐项列明拟提供的材料（先审查、后公开、逐项审查）。"), field="items")
    return clean


@transaction.atomic
def inforequest_review_release(
    *,
    actor: Any,
    info_request: InfoRequest,
    items: Sequence[Mapping[str, Any] | str],
    opinion: str = "",
    reviewed_on: date | None = None,
    redecision: str = "",
) -> ReleaseReview:
    """Record the 保密审查 of each piece of material to be provided, one by one.

    The review passes only if every item passed: material that fails is not provided
    (部分公开) and a new review lists what is actually provided. A linked document with a
    密级 or 不予公开 can be provided only with ``redecision``: the reasons for which it may
    now be released (e.g. 解密, or the withholding reason no longer applies), given by the
    head of the openness office and recorded as its own audit event.
    """
    info_request = _lock(info_request)
    _require_handler(actor, info_request)
    _transition(info_request, Event.REVIEW_RELEASE)
    clean = _clean_items(items)
    reviewed_on = _day(
        reviewed_on,
        field="reviewed_on",
        label=pgettext("in error message", "审查日期"),
        not_before=info_request.received_date,
        not_before_label=pgettext("in error message", "收到申请之日"),
    )
    redecision = (redecision or "").strip()
    document = info_request.document
    withheld = document_withheld(document)
    if redecision:
        if not withheld:
            raise InvalidInput(
                _("关联公文未标注密级或不予公开，无需重新决定。"), field="redecision"
            )
        if not perms.is_openness_office_head(actor, info_request.organ_id):
            raise NotPermitted(
                _("对标注密级或不予公开的公文重新作出决定，须由政府信息公开工作机构负责人作出。")
            )
    outcome = (
        ReleaseReviewOutcome.PASS
        if all(item["passed"] for item in clean)
        else ReleaseReviewOutcome.FAIL
    )
    review = ReleaseReview.objects.create(
        info_request=info_request,
        items=clean,
        outcome=outcome,
        opinion=(opinion or "").strip(),
        reviewed_on=reviewed_on,
        document=document,
        redecision=redecision,
        reviewer=_user(actor),
    )
    _record(
        info_request,
        "release_reviewed",
        actor=actor,
        from_state=info_request.status,
        reason=review.opinion,
        data={
            "review": review.pk,
            "outcome": outcome.value,
            "items": clean,
            "reviewed_on": reviewed_on.isoformat(),
        },
    )
    if redecision and document is not None:
        _record(
            info_request,
            "document_redecided",
            actor=actor,
            from_state=info_request.status,
            reason=redecision,
            data={
                "review": review.pk,
                "document": document.pk,
                "secrecy_level": document.secrecy_level,
                "attribute": document.attribute,
            },
        )
    return review


def check_release_review(info_request: InfoRequest) -> ReleaseReview:
    """G6 for requests: a 予以公开 or 部分公开 decision needs a passed review of the material
    provided and, for a linked document marked 密级 or 不予公开, a re-decision."""
    review = info_request.release_reviews.order_by("-created_at", "-pk").first()
    if review is None or review.outcome != ReleaseReviewOutcome.PASS:
        raise GateRefused(
            "G6",
            _(
                "予以公开或部分公开前，应当对拟提供的材料逐项进行保密审查并通过"
                "（条例第十七条，保密法第三十五条）。"
            ),
            field="outcome",
        )
    document = info_request.document
    if document_withheld(document) and (
        not review.redecision or review.document_id != info_request.document_id
    ):
        raise GateRefused(
            "G6",
            _(
                "关联公文标注了密级或属于不予公开，须经政府信息公开工作机构负责人重新作出决定"
                "并记录理由后，方可通过依申请公开提供。"
            ),
            field="outcome",
        )
    return review
