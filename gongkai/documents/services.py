"""Every mutation of a document goes through one of these functions.

HTML views, the JSON API, admin actions and management commands all call them, so
gates, permissions and the audit trail are the same on every path. Each service:
locks the row, checks permission (NotPermitted), asks the workflow (TransitionNotAllowed),
checks the statutory gates (GateRefused), mutates, records an AuditEvent and schedules
side effects on commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongkai.calendars.services import clock_close, clock_open
from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit import hooks, steps
from gongkai.core.kit.audit import record_event
from gongkai.core.kit.hooks import announce_public_change
from gongkai.core.kit.querycodes import created_once
from gongkai.core.kit.serials import next_serial
from gongkai.core.kit.steps import Step, lock
from gongkai.documents import files, gates
from gongkai.documents import permissions as perms
from gongkai.documents.clocks import ClockKind
from gongkai.documents.models import (
    Attachment,
    Attribute,
    ConfidentialityReview,
    DisclosureReview,
    Document,
    DocumentReturn,
    LegalityReview,
    OnRequestReason,
    ReasonCode,
    ReturnCategory,
    ReviewOutcome,
    SecrecyLevel,
    SignOff,
    StatutoryItem,
    StatutoryItemTag,
    Topic,
    Validity,
)
from gongkai.documents.workflow import (
    CONFIDENTIALITY_REVIEW_STATES,
    MACHINE,
    VALIDITY_MACHINE,
    Event,
    Status,
    ValidityEvent,
)
from gongkai.lib import filework
from gongkai.lib.corpus import validity_end
from gongkai.lib.docnumber import DocNumberError, normalise_doc_number
from gongkai.lib.filetext import FileRejected
from gongkai.lib.indexno import format_index_number
from gongkai.organizations.models import Organ, OrganKind

# Extra checks other apps register in the kit's hook registry (e.g. interpretations add G8
# at the department head's sign-off, the government's acceptance and publication):
# `pre_sign_off_checks`, `pre_government_checks` and `pre_publish_checks` take the document and
# raise GateRefused; `publish_companions` (document, actor) run inside the publish transaction.


EDITABLE_FIELDS = (
    "title",
    "doc_number",
    "written_date",
    "effective_date",
    "expires_on",
    "validity_years",
    "topic",
    "genre",
    "summary",
    "keywords",
    "body",
    "attribute",
    "reason_codes",
    "on_request_reason",
    "legal_explanation",
    "secrecy_level",
    "secrecy_period",
    "is_policy",
    "is_normative",
    "for_government",
    "source",
)


def _transition(document: Document, event: Event, **context: Any) -> Status:
    return MACHINE.require(document.status, event, **context)


def clean_document_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Normalise and validate user-supplied field values; raise InvalidInput listing every
    field's problem (its `errors`), not only the first."""
    unknown = set(data) - set(EDITABLE_FIELDS) - {"co_organs"}
    if unknown:
        raise InvalidInput(
            _("未知字段：%(fields)s") % {"fields": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    problems: list[tuple[str | None, str]] = []
    clean = dict(data)
    if "title" in clean:
        clean["title"] = (clean["title"] or "").strip()
        if not clean["title"]:
            problems.append(("title", _("标题不能为空。")))
    if clean.get("doc_number"):
        try:
            clean["doc_number"] = normalise_doc_number(clean["doc_number"])
        except DocNumberError as exc:
            problems.append(("doc_number", str(exc)))
    elif "doc_number" in clean:
        clean["doc_number"] = ""
    if clean.get("keywords") and len(clean["keywords"]) > 150:
        problems.append(("keywords", _("主题词不能超过150个字符。")))
    if "reason_codes" in clean:
        codes = list(dict.fromkeys(clean["reason_codes"] or []))
        valid = {c.value for c in ReasonCode}
        bad = [c for c in codes if c not in valid]
        if bad:
            problems.append(
                ("reason_codes", _("不予公开理由代码无效：%(codes)s") % {"codes": ", ".join(bad)})
            )
        clean["reason_codes"] = codes
    if clean.get("on_request_reason") and clean["on_request_reason"] not in OnRequestReason.values:
        problems.append(("on_request_reason", _("依申请公开理由无效。")))
    elif "on_request_reason" in clean:
        clean["on_request_reason"] = clean["on_request_reason"] or ""
    if clean.get("attribute") and clean["attribute"] not in Attribute.values:
        problems.append(("attribute", _("公开属性无效。")))
    if clean.get("secrecy_level") and clean["secrecy_level"] not in SecrecyLevel.values:
        problems.append(("secrecy_level", _("密级无效。")))
    if isinstance(clean.get("topic"), int):
        clean["topic"] = Topic.objects.filter(pk=clean["topic"]).first()
        if clean["topic"] is None:
            problems.append(("topic", _("主题分类不存在。")))
    if problems:
        field, message = problems[0]
        raise InvalidInput(message, field=field, errors=problems)
    return clean


def document_create(
    *,
    actor: Any,
    organ: Organ,
    data: dict[str, Any],
    client_token: str | None = None,
) -> Document:
    """Create a draft. A repeated client_token returns the document created the first time."""
    if not perms.can_create_document(actor, organ.pk):
        raise NotPermitted(_("只有本单位起草人员可以起草公文。"))

    def create() -> Document:
        clean = clean_document_fields(data)
        co_organs = clean.pop("co_organs", None) or []
        document = Document(organ=organ, created_by=actor, client_token=client_token or None)
        for name, value in clean.items():
            setattr(document, name, value)
        validate_document(document)
        document.save()
        if co_organs:
            document.co_organs.set(co_organs)
        record_event(
            action="document.created", subject=document, actor=actor, to_state=document.status
        )
        return document

    return created_once(Document, actor, client_token, create)


def validate_document(document: Document, *, constraints: bool = True) -> None:
    """Field validation with Chinese messages. ``constraints=False`` leaves the table's
    check constraints to the database (bulk imports: Django checks each one with a query;
    the import reports an IntegrityError as a failed row)."""
    from django.core.exceptions import ValidationError

    # Contradictions no draft may hold (规范性文件 not proactive, a 密级 without 属于国家秘密,
    # a reason from the other attribute's list) are refused on every save, as GateRefused.
    gates.check_consistent(document)
    try:
        document.full_clean(
            # uid: a random UUID, unique in the database (checking it costs a query).
            exclude=["organ", "created_by", "client_token", "index_number", "co_organs", "uid"],
            validate_constraints=constraints,
        )
    except ValidationError as exc:
        problems: list[tuple[str | None, str]] = [
            (None if name == "__all__" else name, str(message))
            for name, messages in exc.message_dict.items()
            for message in messages
        ]
        field, message = problems[0]
        raise InvalidInput(message, field=field, errors=problems) from None


@transaction.atomic
def document_update(*, actor: Any, document: Document, data: dict[str, Any]) -> Document:
    document = lock(document)
    if not perms.can_edit_document(actor, document):
        if document.is_editable:
            raise NotPermitted(_("只有本单位起草人员可以修改草稿。"))
        raise TransitionNotAllowed(
            _("公文当前状态为“%(status)s”，不能修改；退回后方可修改。")
            % {"status": document.get_status_display()}
        )
    clean = clean_document_fields(data)
    co_organs = clean.pop("co_organs", None)
    before = {name: _jsonable(getattr(document, name)) for name in clean}
    for name, value in clean.items():
        setattr(document, name, value)
    validate_document(document)
    document.save()
    if co_organs is not None:
        document.co_organs.set(co_organs)
    changes = {
        name: [before[name], _jsonable(getattr(document, name))]
        for name in clean
        if before[name] != _jsonable(getattr(document, name))
    }
    record_event(
        action="document.updated", subject=document, actor=actor, data={"changes": changes}
    )
    return document


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def document_submit(*, actor: Any, document: Document) -> Document:
    """报送审签: G1 attribute, G2 reason, G5 secrecy; G3 routes to the openness office."""
    document = lock(document)
    if not perms.can_submit_document(actor, document):
        raise NotPermitted(_("只有本单位起草人员可以报送。"))
    needs_review = gates.needs_disclosure_review(document)
    target = _transition(
        document,
        Event.SUBMIT,
        needs_disclosure_review=needs_review,
        needs_legality_review=gates.needs_legality_review(document),
    )
    gates.check_g1_attribute(document)
    gates.check_g2_reason(document)
    gates.check_g5_secrecy(document)
    return _move(document, target, actor=actor, action="document.submitted")


def _move(
    document: Document, target: Status, *, actor: Any, action: str, reason: str = "", **data: Any
) -> Document:
    """The end of a service step (the kit's Step.finish): status, audit event."""
    step = Step(obj=document, actor=actor, source=document.status, target=target)
    return step.finish(action=action, reason=reason, **data)  # type: ignore[no-any-return]


@transaction.atomic
def document_review_disclosure(
    *, actor: Any, document: Document, approve: bool, opinion: str = ""
) -> Document:
    """公开属性审查 by the openness office (G3). Not approving returns the document."""
    document = lock(document)
    if not perms.can_review_disclosure(actor, document):
        raise NotPermitted(_("只有本单位政务公开工作机构可以进行公开属性审查。"))
    if not approve:
        if not opinion.strip():
            raise InvalidInput(_("退回时须填写审查意见。"), field="opinion")
        _transition(document, Event.REVIEW_RETURN)
        DisclosureReview.objects.create(
            document=document,
            reviewer=actor,
            outcome=ReviewOutcome.FAIL,
            attribute=document.attribute,
            opinion=opinion,
        )
        return _return(
            document, actor=actor, category=ReturnCategory.UNLAWFUL_REASON, reason=opinion
        )
    target = _transition(
        document, Event.REVIEW_PASS, needs_legality_review=gates.needs_legality_review(document)
    )
    DisclosureReview.objects.create(
        document=document,
        reviewer=actor,
        outcome=ReviewOutcome.PASS,
        attribute=document.attribute,
        opinion=opinion,
    )
    return _move(
        document, target, actor=actor, action="document.disclosure_reviewed", reason=opinion
    )


@transaction.atomic
def document_review_legality(
    *,
    actor: Any,
    document: Document,
    approve: bool,
    opinion: str = "",
    category: ReturnCategory | str = ReturnCategory.LEGALITY,
) -> Document:
    """合法性审核 of a 行政规范性文件 by the legal reviewer (国办发〔2018〕37号): passing sends it
    to the head for sign-off; not passing returns it to the drafter (退文, with the category
    the reviewer chooses and the opinion)."""
    document = lock(document)
    if not perms.can_review_legality(actor, document):
        raise NotPermitted(_("只有合法性审核人员可以进行合法性审核。"))
    if not approve:
        _transition(document, Event.LEGAL_RETURN)
        if not opinion.strip():
            raise InvalidInput(_("审核不通过时须填写审核意见。"), field="opinion")
        if category not in ReturnCategory.values:
            raise InvalidInput(_("退文类别无效。"), field="category")
        LegalityReview.objects.create(
            document=document, reviewer=actor, outcome=ReviewOutcome.FAIL, opinion=opinion
        )
        return _return(document, actor=actor, category=category, reason=opinion)
    target = _transition(document, Event.LEGAL_PASS)
    LegalityReview.objects.create(
        document=document, reviewer=actor, outcome=ReviewOutcome.PASS, opinion=opinion
    )
    return _move(document, target, actor=actor, action="document.legality_reviewed", reason=opinion)


def _return(document: Document, *, actor: Any, category: str, reason: str) -> Document:
    DocumentReturn.objects.create(
        document=document,
        stage=document.status,
        category=category,
        reason=reason,
        returned_by=actor,
    )
    return _move(
        document,
        Status.RETURNED,
        actor=actor,
        action="document.returned",
        reason=reason,
        category=category,
    )


@transaction.atomic
def document_return(*, actor: Any, document: Document, category: str, reason: str) -> Document:
    """退回 / 退文 (G4): the reviewer at the current stage sends the document back with a reason."""
    document = lock(document)
    if not perms.can_return_document(actor, document):
        raise NotPermitted(_("您无权退回该公文。"))
    if category not in ReturnCategory.values:
        raise InvalidInput(_("退文类别无效。"), field="category")
    if not reason.strip():
        raise InvalidInput(_("须填写退文理由，起草单位将看到该理由。"), field="reason")
    event = {
        Status.DISCLOSURE_REVIEW: Event.REVIEW_RETURN,
        Status.SIGNOFF: Event.SIGN_OFF_REJECT,
        Status.GOVERNMENT_OFFICE: Event.GOV_RETURN,
    }.get(Status(document.status))
    if event is None:
        raise TransitionNotAllowed(
            _("公文当前状态为“%(status)s”，不能退回。") % {"status": document.get_status_display()}
        )
    _transition(document, event)
    return _return(document, actor=actor, category=category, reason=reason.strip())


@transaction.atomic
def document_sign_off(*, actor: Any, document: Document, opinion: str = "") -> Document:
    """审签 by the department head; the gates are checked again (defence in depth)."""
    document = lock(document)
    if not perms.can_sign_off_document(actor, document):
        raise NotPermitted(_("只有本单位负责人可以审签。"))
    target = _transition(document, Event.SIGN_OFF, for_government=document.for_government)
    gates.check_g1_attribute(document)
    gates.check_g2_reason(document)
    gates.check_g5_secrecy(document)
    gates.check_g3_review(document)
    gates.check_g9_legality(document)
    for check in hooks.registered("pre_sign_off_checks"):
        check(document)
    SignOff.objects.create(
        document=document,
        signer=actor,
        attribute=document.attribute,
        opinion=opinion,
        content_sha256=gates.signed_content_digest(document),
    )
    if target == Status.ISSUED:
        _issue(document, actor=actor)
    return _move(document, target, actor=actor, action="document.signed_off", reason=opinion)


@transaction.atomic
def document_re_sign_off(*, actor: Any, document: Document, opinion: str = "") -> Document:
    """重新审签: the head signs a 成文 document whose attachments changed after sign-off
    (what was signed stays signed, G19). Status and clocks are unchanged; the new sign-off
    records what is signed now."""
    document = lock(document)
    if not perms.can_re_sign_off_document(actor, document):
        raise NotPermitted(_("只有本单位负责人可以重新审签。"))
    if not gates.changed_since_signed(document):
        raise TransitionNotAllowed(_("成文后内容没有变动，无需重新审签。"))
    before = document.signoffs.order_by("-created_at", "-id").first()
    SignOff.objects.create(
        document=document,
        signer=actor,
        attribute=document.attribute,
        opinion=opinion,
        content_sha256=gates.signed_content_digest(document),
    )
    record_event(
        action="document.re_signed_off",
        subject=document,
        actor=actor,
        from_state=document.status,
        to_state=document.status,
        reason=opinion,
        data={"previous": before.content_sha256 if before else ""},
    )
    return document


def _issue(document: Document, *, actor: Any) -> None:
    """成文: fix the 成文日期, the 附注 and the 密级 mark (every attribute, 80号细则 一(一)),
    and start the 20-working-day publication clock (G7, 条例第二十六条)."""
    if document.written_date is None:
        document.written_date = steps.today()
    document.marking, document.secrecy_mark = gates.marks_at_issue(document)
    document.save(update_fields=["written_date", "marking", "secrecy_mark", "updated_at"])
    if document.attribute == Attribute.PROACTIVE:
        clock_open(
            subject=document,
            kind=ClockKind.PUBLICATION,
            start=document.written_date,
            days=settings.GONGKAI_PUBLICATION_WORKDAYS,
            actor=actor,
        )


@transaction.atomic
def document_accept_for_government(
    *, actor: Any, document: Document, opinion: str = ""
) -> Document:
    """区政府办公室 accepts a 代拟稿 for issue in the government's name."""
    document = lock(document)
    if not perms.can_review_for_government(actor, document):
        raise NotPermitted(_("只有区政府办公室审核人员可以审核代拟稿。"))
    target = _transition(document, Event.GOV_ACCEPT)
    gates.check_g1_attribute(document)
    gates.check_g2_reason(document)
    gates.check_g5_secrecy(document)
    for check in hooks.registered("pre_government_checks"):
        check(document)
    government = government_of(document.organ)
    if government is None:
        raise InvalidInput(
            _("未找到“%(organ)s”所属的区政府，无法以政府名义成文；请先在机关设置中指定上级机关。")
            % {"organ": document.organ.name},
            field="organ",
        )
    drafting_organ = document.organ
    if government.pk != drafting_organ.pk:
        # Adopted, the 代拟稿 is the government's document: its name on the portal and its
        # 索引号 prefix (条例第十条: the organ that makes the information discloses it); the
        # drafting department stays on record (起草单位) and interprets (谁起草谁解读).
        document.drafting_organ = drafting_organ
        document.organ = government
        document.save(update_fields=["drafting_organ", "organ", "updated_at"])
    _issue(document, actor=actor)
    return _move(
        document,
        target,
        actor=actor,
        action="document.accepted",
        reason=opinion,
        organ=document.organ_id,
        drafting_organ=drafting_organ.pk,
    )


def government_of(organ: Organ) -> Organ | None:
    """The 区政府 an organ belongs to (itself if it is one): the issuer of an adopted 代拟稿."""
    seen: set[int] = set()
    current: Organ | None = organ
    while current is not None and current.pk not in seen:
        if current.kind == OrganKind.DISTRICT_GOVERNMENT:
            return current
        seen.add(current.pk)
        current = current.parent
    return None


@transaction.atomic
def document_review_confidentiality(
    *, actor: Any, document: Document, approve: bool, items: list[str], opinion: str = ""
) -> ConfidentialityReview:
    """保密审查, item by item (逐项): every item listed by gates.confidentiality_items must be ticked."""
    document = lock(document)
    if not perms.can_review_confidentiality(actor, document):
        raise NotPermitted(_("只有保密审查人员可以进行保密审查。"))
    if document.status not in CONFIDENTIALITY_REVIEW_STATES:
        raise TransitionNotAllowed(_("只有已成文、待发布的公文可以进行发布前保密审查。"))
    required = gates.confidentiality_items(document)
    if approve:
        missing = [item for item in required if item not in items]
        if missing:
            raise InvalidInput(
                ngettext(
                    "保密审查须逐项确认，尚有%(count)s项未审查。",
                    "保密审查须逐项确认，尚有%(count)s项未审查。",
                    len(missing),
                )
                % {"count": len(missing)},
                field="items",
            )
    elif not opinion.strip():
        raise InvalidInput(_("审查不通过时须填写意见。"), field="opinion")
    review = ConfidentialityReview.objects.create(
        document=document,
        reviewer=actor,
        outcome=ReviewOutcome.PASS if approve else ReviewOutcome.FAIL,
        opinion=opinion,
        items=[item for item in items if item in required],
    )
    record_event(
        action="document.confidentiality_reviewed",
        subject=document,
        actor=actor,
        reason=opinion,
        data={"outcome": review.outcome, "items": review.items},
    )
    return review


INDEX_SERIES = "documents.index_number"  # 索引号后段码: per publisher, per year (domain.md §7.1)


def next_index_number(document: Document, year: int) -> str:
    """The next free 索引号 of the organ's serial for ``year``. A number already in the
    database (given outside the serial: an earlier system, a restored backup, another organ
    with the same 前段码) is skipped, so the counter moves past it instead of failing the
    publication — and, on import, every later row with it (issue 16)."""
    while True:
        number = format_index_number(
            settings.GONGKAI_INDEX_PATTERN,
            org_code=document.organ.index_prefix,
            year=year,
            serial=next_serial(INDEX_SERIES, year=year, key=document.organ_id),
        )
        if not Document.objects.filter(index_number=number).exists():
            return number


@transaction.atomic
def document_publish(*, actor: Any, document: Document, today: date | None = None) -> Document:
    """Publish on the portal: G5, G6 (and registered checks such as G8), then assign the
    immutable 索引号, the 发布日期 and the 附注, strip attachment metadata, close the
    publication clock."""
    document = lock(document)
    if not perms.can_publish_document(actor, document):
        raise NotPermitted(_("只有本单位政务公开工作机构可以发布。"))
    target = _transition(document, Event.PUBLISH)
    gates.check_publishable(document)
    for check in hooks.registered("pre_publish_checks"):
        check(document)
    today = today or steps.today()
    now = timezone.now()
    if not document.index_number:
        # 索引号 is never regenerated (domain.md §7.1).
        document.index_number = next_index_number(document, today.year)
    document.published_date = today
    document.published_at = now
    if not document.marking:
        # Issued before the 附注 was fixed at 成文.
        document.marking, _mark = gates.marks_at_issue(document)
    if document.validity_years and not document.expires_on:
        document.expires_on = validity_end(today, document.validity_years)
    document.save(
        update_fields=[
            "index_number",
            "published_date",
            "published_at",
            "marking",
            "expires_on",
            "updated_at",
        ]
    )
    # Stripped copies are made (in a bounded child process) before anything is written, so
    # that a refusal leaves the stored files as they were.
    copies = files.publication_copies(document)
    files.check_metadata_accepted(copies)
    for copy in copies:
        files.store_publication_copy(copy)
    overdue = False
    clock = document.publication_clock()
    if clock is not None and clock.closed_on is None:
        overdue = bool(clock.due_date and today > clock.due_date)
        clock_close(clock=clock, on=today)
    for companion in hooks.registered("publish_companions"):
        companion(document, actor)
    _move(
        document,
        target,
        actor=actor,
        action="document.published",
        index_number=document.index_number,
        late=overdue,
    )
    _notify(document, "published")
    return document


def _notify(document: Document, change: str) -> None:
    announce_public_change(document, change)


@transaction.atomic
def document_withdraw(*, actor: Any, document: Document, reason: str) -> Document:
    document = lock(document)
    if not perms.can_withdraw_document(actor, document):
        raise NotPermitted(_("只有本单位政务公开工作机构可以撤回。"))
    target = _transition(document, Event.WITHDRAW)
    if not reason.strip():
        raise InvalidInput(_("须填写撤回理由。"), field="reason")
    _move(document, target, actor=actor, action="document.withdrawn", reason=reason)
    _notify(document, "withdrawn")
    return document


@transaction.atomic
def document_repeal(
    *, actor: Any, document: Document, reason: str, repealed_date: date | None = None
) -> Document:
    """废止: the page stays, marked as repealed (47号)."""
    document = lock(document)
    if not perms.can_repeal_document(actor, document):
        raise NotPermitted(_("只有本单位政务公开工作机构可以废止公文。"))
    if document.status != Status.PUBLISHED:
        raise TransitionNotAllowed(_("只有已发布的公文可以标记为废止。"))
    if not VALIDITY_MACHINE.can(document.validity, ValidityEvent.REPEAL):
        raise TransitionNotAllowed(_("该公文已废止。"))
    if not reason.strip():
        raise InvalidInput(_("须填写废止依据。"), field="reason")
    before = document.validity
    document.validity = VALIDITY_MACHINE.require(before, ValidityEvent.REPEAL)
    document.repealed_date = repealed_date or steps.today()
    document.save(update_fields=["validity", "repealed_date", "updated_at"])
    record_event(
        action="document.repealed",
        subject=document,
        actor=actor,
        from_state=before,
        to_state=Validity.REPEALED,
        reason=reason,
    )
    _notify(document, "repealed")
    return document


@transaction.atomic
def document_convert_to_proactive(
    *, actor: Any, document: Document, reason: str, basis: str = "条例第十八条"
) -> Document:
    """动态调整: an issued document withheld (不予公开) or 依申请公开 becomes 主动公开 — after the
    annual self-inspection (条例第十八条) or because several applicants asked for it (第四十四条).
    The decision is recorded as a passed 公开属性审查 (DisclosureReview) of the new attribute.

    Only the openness office (政务公开工作机构) decides; a document with a 密级 cannot be converted
    before it is declassified (G5). The 附注 becomes （此件公开发布）, the 20-working-day publication
    clock starts from today (G7, 条例第二十六条: from the change), and the document then goes the
    usual way: 保密审查 (G6) and publication with every registered check (G8 …).
    """
    document = lock(document)
    if not perms.can_review_disclosure(actor, document):
        raise NotPermitted(_("只有本单位政务公开工作机构可以调整公开属性。"))
    if document.status != Status.ISSUED:
        raise TransitionNotAllowed(
            _("只有已成文、尚未发布的公文可以转为主动公开（当前状态为“%(status)s”）。")
            % {"status": document.get_status_display()}
        )
    if document.attribute == Attribute.PROACTIVE:
        raise InvalidInput(_("该公文已经是主动公开。"), field="attribute")
    if document.secrecy_level != SecrecyLevel.NONE:
        raise GateRefused(
            "G5",
            _("该公文定有密级，解密前不能转为主动公开（保守国家秘密法）。"),
            field="secrecy_level",
        )
    if not reason.strip():
        raise InvalidInput(_("请填写转为主动公开的理由。"), field="reason")
    before = {
        "attribute": document.attribute,
        "reason_codes": list(document.reason_codes or []),
        "on_request_reason": document.on_request_reason,
        "legal_explanation": document.legal_explanation,
    }
    document.attribute = Attribute.PROACTIVE
    document.reason_codes = []
    document.on_request_reason = ""
    document.legal_explanation = ""
    document.marking, document.secrecy_mark = gates.marks_at_issue(document)
    validate_document(document)
    document.save(
        update_fields=[
            "attribute",
            "reason_codes",
            "on_request_reason",
            "legal_explanation",
            "marking",
            "secrecy_mark",
            "updated_at",
        ]
    )
    # The conversion is itself a 公开属性审查 by the openness office (G3, 实施细则 一(一)3):
    # recorded as one, passed, with the attribute it sets and the reason, so the document's
    # review trail shows why a withheld document became 主动公开 before it goes on through
    # 保密审查 (G6) and publication.
    review = DisclosureReview.objects.create(
        document=document,
        reviewer=actor,
        outcome=ReviewOutcome.PASS,
        attribute=Attribute.PROACTIVE,
        opinion=_("动态调整为主动公开（%(basis)s）：%(reason)s")
        % {"basis": basis[:60], "reason": reason.strip()},
    )
    clock_open(
        subject=document,
        kind=ClockKind.PUBLICATION,
        start=steps.today(),
        days=settings.GONGKAI_PUBLICATION_WORKDAYS,
        actor=actor,
    )
    record_event(
        action="document.converted_to_proactive",
        subject=document,
        actor=actor,
        reason=reason.strip(),
        data={"before": before, "basis": basis[:60], "disclosure_review": review.pk},
    )
    return document


def documents_expire(*, today: date | None = None) -> int:
    """有效 → 失效 at expiry (G14). Idempotent: only rows still 有效 are touched, each once."""
    today = today or steps.today()
    count = 0
    expired = VALIDITY_MACHINE.require(Validity.VALID, ValidityEvent.EXPIRE)
    candidates = Document.objects.filter(validity=Validity.VALID, expires_on__lte=today)
    for pk in candidates.values_list("pk", flat=True):
        with transaction.atomic():
            updated = Document.objects.filter(pk=pk, validity=Validity.VALID).update(
                validity=expired, updated_at=timezone.now()
            )
            if not updated:
                continue
            document = Document.objects.get(pk=pk)
            record_event(
                action="document.expired",
                subject=document,
                actor="system",
                from_state=Validity.VALID,
                to_state=expired,
                reason=f"有效期至{document.expires_on:%Y年%m月%d日}届满",
            )
            if document.status == Status.PUBLISHED:
                _notify(document, "expired")
            count += 1
    return count


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes
    title: str = ""


@transaction.atomic
def attachment_add(*, actor: Any, document: Document, upload: Upload) -> Attachment:
    document = lock(document)
    if not perms.can_manage_attachments(actor, document):
        raise NotPermitted(_("当前状态下您无权上传附件。"))
    try:
        # Parsed in a child process bounded in time and memory, with every derived size capped
        # (decompression bombs).
        inspection = filework.inspect_upload(
            upload.data,
            upload.filename,
            settings.GONGKAI_MAX_UPLOAD_BYTES,
            files.attachment_limits(),
        )
    except FileRejected as exc:
        raise InvalidInput(str(exc), field="file") from None
    attachment = Attachment(
        document=document,
        title=(upload.title or upload.filename.rsplit(".", 1)[0])[:200],
        original_name=upload.filename[:255],
        kind=inspection.kind,
        text=inspection.text,
        text_truncated=inspection.text_truncated,
        metadata_residual=inspection.residual,
        uploaded_by=actor,
        sort_order=document.attachments.count(),
    )
    attachment.record_content(upload.data)
    attachment.file.save(f"{inspection.kind}", ContentFile(upload.data), save=False)
    attachment.save()
    record_event(
        action="document.attachment_added",
        subject=document,
        actor=actor,
        data={
            "attachment": attachment.pk,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
        },
    )
    return attachment


@transaction.atomic
def attachment_remove(*, actor: Any, attachment: Attachment) -> None:
    document = lock(attachment.document)
    if not perms.can_manage_attachments(actor, document):
        raise NotPermitted(_("当前状态下您无权删除附件。"))
    data = {"attachment": attachment.pk, "name": attachment.original_name}
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    record_event(action="document.attachment_removed", subject=document, actor=actor, data=data)
    # The file goes once the removal is committed: a removal rolled back keeps its file.
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def attachment_accept_metadata(*, actor: Any, attachment: Attachment, reason: str) -> Attachment:
    """Accept that an attachment is published with metadata that cannot be removed (a legacy
    DOC, or a file the stripper cannot process): G6 (保密审查, 条例第十七条) otherwise refuses
    publication. Only the openness office that publishes may accept, before publication."""
    document = lock(attachment.document)
    attachment.refresh_from_db()
    if not perms.can_publish_document(actor, document):
        raise NotPermitted(_("只有本单位政务公开工作机构可以确认附件按原样发布。"))
    if document.status == Status.PUBLISHED or attachment.metadata_stripped:
        raise TransitionNotAllowed(_("该附件已发布或已清除元数据，无需确认。"))
    if attachment.metadata_accepted_at is not None:
        raise TransitionNotAllowed(_("该附件已确认按原样发布。"))
    if not reason.strip():
        raise InvalidInput(_("须填写确认理由。"), field="reason")
    attachment.metadata_accepted_by = actor
    attachment.metadata_accepted_at = timezone.now()
    attachment.metadata_acceptance_reason = reason.strip()
    attachment.save(
        update_fields=[
            "metadata_accepted_by",
            "metadata_accepted_at",
            "metadata_acceptance_reason",
        ]
    )
    record_event(
        action="document.attachment_metadata_accepted",
        subject=document,
        actor=actor,
        reason=attachment.metadata_acceptance_reason,
        data={
            "attachment": attachment.pk,
            "name": attachment.original_name,
            "sha256": attachment.sha256,
            "residual": attachment.metadata_residual,
        },
    )
    return attachment


# --- 法定主动公开内容 (条例第二十条、第二十一条) --------------------------------------------


def _check_statutory(actor: Any, document: Document, item_code: str) -> None:
    if not perms.can_tag_document(actor, document):
        raise NotPermitted(_("只有本单位政务公开工作机构可以标注法定主动公开事项。"))
    if item_code not in StatutoryItem.values:
        raise InvalidInput(_("不是条例第二十条、第二十一条规定的事项。"), field="item_code")


@transaction.atomic
def statutory_item_tag(*, actor: Any, document: Document, item_code: str) -> StatutoryItemTag:
    """File a document under an item of 条例第二十条/第二十一条 (idempotent)."""
    document = lock(document)
    _check_statutory(actor, document, item_code)
    tag, created = StatutoryItemTag.objects.get_or_create(
        document=document,
        item_code=item_code,
        defaults={"created_by": actor if getattr(actor, "is_authenticated", False) else None},
    )
    if created:
        record_event(
            action="document.statutory_item_tagged",
            subject=document,
            actor=actor,
            data={"item": item_code},
        )
        announce_public_change(tag, "tagged")
    return tag


@transaction.atomic
def statutory_item_untag(*, actor: Any, document: Document, item_code: str) -> None:
    document = lock(document)
    _check_statutory(actor, document, item_code)
    deleted, _rows = StatutoryItemTag.objects.filter(
        document=document, item_code=item_code
    ).delete()
    if deleted:
        record_event(
            action="document.statutory_item_untagged",
            subject=document,
            actor=actor,
            data={"item": item_code},
        )
        # The row is gone; an unsaved tag tells the consumers which item's pages changed.
        announce_public_change(StatutoryItemTag(document=document, item_code=item_code), "untagged")
