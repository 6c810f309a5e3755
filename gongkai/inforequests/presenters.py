"""What a given viewer may see of a request: the masked staff view and the public tracking view.

The UI and the API render these values and never read personal fields off the model, so the
masking rule (permissions.can_view_personal_data) has one home.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.calendars.models import Clock
from gongkai.core.kit import audit
from gongkai.core.kit.workflow import actions_for
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.messages import plain_outcome
from gongkai.inforequests.models import ApplicantType, InfoRequest, Outcome
from gongkai.inforequests.permissions import can_view_personal_data
from gongkai.inforequests.workflow import Status

__all__ = [
    "InfoRequestView",
    "TrackingView",
    "mask_address",
    "mask_email",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "masked",
    "open_clock",
    "tracking_view",
]


def mask_id_number(value: str) -> str:
    """2101**********1234: the first and last four characters stay."""
    if not value:
        return ""
    if len(value) <= 8:
        return value[:1] + "*" * (len(value) - 1)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678: the first three and the last four digits stay, separators too."""
    digit_positions = [i for i, c in enumerate(value) if c.isdigit()]
    if len(digit_positions) <= 7:
        return "*" * len(value) if value else ""
    hidden = set(digit_positions[3:-4])
    return "".join("*" if i in hidden else c for i, c in enumerate(value))


def mask_email(value: str) -> str:
    """z***@example.com."""
    if not value:
        return ""
    local, _, domain = value.partition("@")
    return f"{local[:1]}***@{domain}" if domain else mask_id_number(value)


def mask_address(value: str) -> str:
    """The first six characters (province, city) and asterisks."""
    if not value:
        return ""
    keep = 6 if len(value) > 8 else 2
    return value[:keep] + "****"


def mask_name(value: str) -> str:
    """张*; 欧阳** — for natural persons on public pages."""
    if not value:
        return ""
    return value[:1] + "*" * max(len(value) - 1, 1)


def open_clock(info_request: InfoRequest, kind: ClockKind) -> Clock | None:
    """The open clock of a kind, from prefetched `open_clocks` when the selector provided them."""
    prefetched = getattr(info_request, "open_clocks", None)
    if prefetched is not None:
        return next((c for c in prefetched if c.kind == kind), None)
    return Clock.objects.open().for_subject(info_request).filter(kind=kind).first()


@dataclass(frozen=True)
class InfoRequestView:
    id: int
    case_number: str
    organ_id: int
    organ_name: str
    status: str
    status_label: str
    channel: str
    channel_label: str
    submitted_at: datetime
    received_date: date | None
    receipt_basis: str
    needs_receipt_confirmation: bool
    applicant_type: str
    applicant_type_label: str
    organisation_type: str
    organisation_type_label: str
    applicant_name: str
    contact_person: str
    id_type: str
    id_type_label: str
    id_number: str
    phone: str
    email: str
    address: str
    postcode: str
    personal_data_masked: bool
    info_title: str
    info_doc_number: str
    info_description: str
    document_id: int | None
    provision_form: str
    provision_form_label: str
    delivery: str
    delivery_label: str
    handling_department_id: int | None
    handling_department_name: str
    co_handling_departments: list[str]
    correction_notified_on: date | None
    correction_items: list[str]
    correction_period_days: int | None
    corrected_on: date | None
    correction_notice_received_on: date | None
    correction_lapsed_on: date | None
    receipt_confirm_due: date | None
    reasons_requested_on: date | None
    delayed_on: date | None
    delayed_days: int | None
    extension_days: int
    extended_on: date | None
    fee_mode: str
    fee_amount: int | None
    fee_notice_on: date | None
    fee_paid_on: date | None
    fee_excess_finding: str
    public_interest_finding: str
    outcome: str
    outcome_label: str
    decision_reasons: str
    # 部分公开: the grounds (条例第十四—十六条) of the withheld part, codes and labels.
    withheld_grounds: list[str]
    withheld_ground_labels: list[str]
    decided_on: date | None
    transferred_to_name: str
    transferred_to_contact: str
    replied_on: date | None
    reply_delivery: str
    closed_on: date | None
    archived_at: datetime | None
    reply_due: date | None
    reply_paused: bool
    reply_due_provisional: bool
    extra: dict[str, Any] = field(default_factory=dict)


def masked(info_request: InfoRequest, user: Any) -> InfoRequestView:
    """The request as ``user`` may see it: personal data in clear only for the case's handlers."""
    ir = info_request
    clear = can_view_personal_data(user, ir)
    reply = open_clock(ir, ClockKind.REPLY)

    def personal(value: str, mask: Any) -> str:
        return value if clear else mask(value)

    return InfoRequestView(
        id=ir.pk,
        case_number=ir.case_number,
        organ_id=ir.organ_id,
        organ_name=ir.organ.name,
        status=ir.status,
        status_label=ir.get_status_display(),
        channel=ir.channel,
        channel_label=ir.get_channel_display(),
        submitted_at=ir.submitted_at,
        received_date=ir.received_date,
        receipt_basis=ir.receipt_basis,
        needs_receipt_confirmation=ir.needs_receipt_confirmation,
        applicant_type=ir.applicant_type,
        applicant_type_label=ir.get_applicant_type_display(),
        organisation_type=ir.organisation_type,
        organisation_type_label=ir.get_organisation_type_display() if ir.organisation_type else "",
        applicant_name=ir.applicant_name,
        contact_person=ir.contact_person,
        id_type=ir.id_type,
        id_type_label=ir.get_id_type_display(),
        id_number=personal(ir.id_number, mask_id_number),
        phone=personal(ir.phone, mask_phone),
        email=personal(ir.email, mask_email),
        address=personal(ir.address, mask_address),
        postcode=personal(ir.postcode, lambda v: v[:2] + "****" if v else ""),
        personal_data_masked=not clear,
        info_title=ir.info_title,
        info_doc_number=ir.info_doc_number,
        info_description=ir.info_description,
        document_id=ir.document_id,
        provision_form=ir.provision_form,
        provision_form_label=ir.get_provision_form_display(),
        delivery=ir.delivery,
        delivery_label=ir.get_delivery_display(),
        handling_department_id=ir.handling_department_id,
        handling_department_name=ir.handling_department.name if ir.handling_department else "",
        co_handling_departments=[o.name for o in ir.co_handling_departments.all()],
        correction_notified_on=ir.correction_notified_on,
        correction_items=list(ir.correction_items),
        correction_period_days=ir.correction_period_days,
        corrected_on=ir.corrected_on,
        correction_notice_received_on=ir.correction_notice_received_on,
        correction_lapsed_on=ir.correction_lapsed_on,
        receipt_confirm_due=ir.receipt_confirm_due,
        reasons_requested_on=ir.reasons_requested_on,
        delayed_on=ir.delayed_on,
        delayed_days=ir.delayed_days,
        extension_days=ir.extension_days,
        extended_on=ir.extended_on,
        fee_mode=ir.fee_mode,
        fee_amount=ir.fee_amount,
        fee_notice_on=ir.fee_notice_on,
        fee_paid_on=ir.fee_paid_on,
        fee_excess_finding=ir.fee_excess_finding,
        public_interest_finding=ir.public_interest_finding,
        outcome=ir.outcome,
        outcome_label=ir.get_outcome_display() if ir.outcome else "",
        decision_reasons=ir.decision_reasons,
        withheld_grounds=list(ir.withheld_grounds),
        withheld_ground_labels=[str(dict(Outcome.choices).get(g, g)) for g in ir.withheld_grounds],
        decided_on=ir.decided_on,
        transferred_to_name=ir.transferred_to_name,
        transferred_to_contact=ir.transferred_to_contact,
        replied_on=ir.replied_on,
        reply_delivery=ir.reply_delivery,
        closed_on=ir.closed_on,
        archived_at=ir.archived_at,
        reply_due=reply.due_date if reply else None,
        reply_paused=bool(reply and reply.paused),
        reply_due_provisional=bool(reply and reply.provisional),
    )


@dataclass(frozen=True)
class TrackingView:
    """What the applicant sees with the case number and the query code (no personal data)."""

    case_number: str
    organ_name: str
    applicant: str
    status: str
    status_label: str
    submitted_on: date
    received_date: date | None
    reply_due: date | None
    reply_paused: bool
    extension_days: int
    correction_items: list[str]
    correction_due: date | None
    fee_amount: int | None
    fee_due: date | None
    outcome_label: str
    replied_on: date | None
    closed_on: date | None
    # How the reply deadline was computed (Chinese steps of the REPLY clock) and whether it is
    # provisional (a counted day lies in a year without an official holiday schedule).
    reply_steps: list[str] = field(default_factory=list)
    reply_due_provisional: bool = False


def _public_steps(info_request: InfoRequest, clock: Clock | None) -> list[str]:
    """The clock's explanation for the applicant: the approver of an extension is named by
    office, not by person (staff names are not needed on a public page)."""
    if clock is None:
        return []
    approver = info_request.extension_approved_by
    name = str(approver) if approver else ""
    steps = []
    for step in clock.explanation:
        text = str(step.get("zh", ""))
        if name and step.get("code") == "extension":
            text = text.replace(name, "政府信息公开工作机构负责人")
        steps.append(text)
    return steps


def tracking_view(info_request: InfoRequest) -> TrackingView:
    ir = info_request
    reply = open_clock(ir, ClockKind.REPLY)
    correction = (
        open_clock(ir, ClockKind.CORRECTION_PERIOD) if ir.status == Status.CORRECTION else None
    )
    fee = open_clock(ir, ClockKind.FEE_PAYMENT) if ir.status == Status.PAUSED_FEE else None
    applicant = (
        mask_name(ir.applicant_name)
        if ir.applicant_type == ApplicantType.NATURAL
        else ir.applicant_name
    )
    return TrackingView(
        case_number=ir.case_number,
        organ_name=ir.organ.name,
        applicant=applicant,
        status=ir.status,
        status_label=str(PUBLIC_STATUS.get(ir.status, ir.get_status_display())),
        submitted_on=timezone.localdate(ir.submitted_at),
        received_date=ir.received_date,
        reply_due=reply.due_date if reply else None,
        reply_paused=bool(reply and reply.paused),
        extension_days=ir.extension_days,
        correction_items=list(ir.correction_items) if correction else [],
        correction_due=correction.due_date if correction else None,
        fee_amount=ir.fee_amount if fee else None,
        fee_due=fee.due_date if fee else None,
        # Plain words for the applicant: no Table 3 row codes (issue 15 §10).
        outcome_label=plain_outcome(ir.get_outcome_display())
        if ir.outcome and ir.replied_on
        else "",
        replied_on=ir.replied_on,
        closed_on=ir.closed_on,
        reply_steps=_public_steps(ir, reply),
        reply_due_provisional=bool(reply and reply.provisional),
    )


# What the applicant reads for the statuses whose staff label is office jargon.
PUBLIC_STATUS: dict[str, Any] = {
    Status.SUBMITTED: _("已提交，待受理机关确认收到"),
    Status.DECIDED: _("已作出决定，正在送达答复"),
    Status.ARCHIVED: _("已办结"),
}


# --- staff pages -----------------------------------------------------------------------------


def action_label(action: str) -> str:
    """The label registered in the kit's audit registry (this module's scope first)."""
    return audit.action_label(action, scope="inforequest")


def available_actions(user: Any, info_request: InfoRequest) -> frozenset[str]:
    """The action forms to show now (inforequests.actions, through the kit's actions_for).

    Display only: a form shown by mistake still ends in NotPermitted / TransitionNotAllowed
    from the service.
    """
    return frozenset(actions_for(user, info_request))
