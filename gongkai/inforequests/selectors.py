"""Reads of information disclosure requests: visibility, lists, inbox, tracking, fees, repeats.

Nothing here writes. "Overdue" and "due soon" are derived from the open REPLY clock, never
stored (STYLE.md §4); year-end carry-over (结转) is derived from the dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role, User
from gongkai.accounts.permissions import organs_for_role
from gongkai.calendars.models import Clock
from gongkai.calendars.selectors import current_calendar
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.inforequests.clocks import ClockKind
from gongkai.inforequests.codes import normalise_query_code, query_code_matches
from gongkai.inforequests.conf import setting
from gongkai.inforequests.intake import doc_number_key
from gongkai.inforequests.models import (
    ANSWERED,
    APPLICANT_LETTERS,
    DISCLOSED,
    ConsultationKind,
    FeeMode,
    InfoRequest,
    Letter,
    LetterKind,
    Outcome,
    ProvidedFile,
    ReminderKind,
)
from gongkai.inforequests.permissions import scope_inforequests
from gongkai.inforequests.workflow import HANDLING, PAUSED, Status
from gongkai.lib.fees import FeeQuote, quote
from gongkai.lib.similarity import Described, group_same_information, same_information
from gongkai.lib.workdays import add_workdays, workdays_between
from gongkai.organizations.models import Organ

__all__ = [
    "FrequentInformation",
    "InboxSection",
    "ListFilters",
    "RepeatCheck",
    "applicant_month_ordinal",
    "DueReminder",
    "carried_over",
    "case_handlers",
    "clocks_for",
    "deadline_reminders_due",
    "due_soon",
    "fee_quote",
    "frequently_requested",
    "inbox_for",
    "inforequest_for_tracking",
    "inforequest_list",
    "inforequests_visible_to",
    "letter_kinds_available",
    "letters_for_applicant",
    "overdue",
    "repeat_check",
    "with_reply_due",
]


def _open_clocks(kind: ClockKind) -> QuerySet[Clock]:
    return Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(InfoRequest),
        subject_id=OuterRef("pk"),
        kind=kind,
        closed_on__isnull=True,
    )


def with_reply_due(qs: QuerySet[InfoRequest]) -> QuerySet[InfoRequest]:
    """Annotate ``reply_due`` (None while paused or closed) from the open REPLY clock."""
    return qs.annotate(reply_due=Subquery(_open_clocks(ClockKind.REPLY).values("due_date")[:1]))


def inforequests_visible_to(user: Any) -> QuerySet[InfoRequest]:
    """The staff user's requests, with what lists and the presenter need."""
    open_clocks = Clock.objects.filter(
        subject_type=ContentType.objects.get_for_model(InfoRequest), closed_on__isnull=True
    )
    return with_reply_due(
        scope_inforequests(user, InfoRequest.objects.all())
        .select_related("organ", "handling_department")
        .prefetch_related(
            "co_handling_departments",
            Prefetch("clocks", queryset=open_clocks, to_attr="open_clocks"),
        )
    )


def overdue(qs: QuerySet[InfoRequest], today: date) -> QuerySet[InfoRequest]:
    """Past the reply deadline (条例第三十三条) and not replied."""
    return with_reply_due(qs).filter(reply_due__lt=today)


def due_soon(
    qs: QuerySet[InfoRequest], today: date, workdays: int | None = None
) -> QuerySet[InfoRequest]:
    """Reply due today or within the next ``workdays`` working days (GONGKAI_DUE_SOON_WORKDAYS)."""
    n = workdays if workdays is not None else getattr(settings, "GONGKAI_DUE_SOON_WORKDAYS", 3)
    horizon = add_workdays(current_calendar(today), today, n)
    return with_reply_due(qs).filter(reply_due__gte=today, reply_due__lte=horizon)


@dataclass(frozen=True)
class ListFilters:
    status: str | None = None
    organ: int | None = None
    year: int | None = None  # year of receipt
    overdue: bool = False
    due_soon: bool = False
    q: str = ""  # case number, applicant name or information title
    extension_pending: bool = False  # a 延期申请 awaits the head
    received_from: date | None = None  # 收到申请之日 within [from, to]
    received_to: date | None = None


def inforequest_list(user: Any, filters: ListFilters, today: date) -> QuerySet[InfoRequest]:
    qs = inforequests_visible_to(user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.organ:
        qs = qs.filter(organ_id=filters.organ)
    if filters.year:
        qs = qs.filter(received_date__year=filters.year)
    if filters.q:
        q = filters.q.strip()
        match = (
            Q(case_number__icontains=q)
            | Q(applicant_name__icontains=q)
            | Q(info_title__icontains=q)
            | Q(info_doc_number__icontains=q)
            # The requested document, once linked: its 文号 and 索引号 (issue 15).
            | Q(document__doc_number__icontains=q)
            | Q(document__index_number__icontains=q)
        )
        # A 文号 typed with other brackets or spaces (示教发[2025]3号) finds 〔2025〕.
        key = doc_number_key(q)
        if key and key != q:
            match |= Q(doc_number_key=key) | Q(document__doc_number__icontains=key)
        qs = qs.filter(match)
    if filters.received_from:
        qs = qs.filter(received_date__gte=filters.received_from)
    if filters.received_to:
        qs = qs.filter(received_date__lte=filters.received_to)
    if filters.extension_pending:
        qs = extension_requests(qs, organs_for_role(user, Role.OPENNESS_OFFICE_HEAD))
    if filters.overdue:
        qs = overdue(qs, today)
    if filters.due_soon:
        qs = due_soon(qs, today)
    return qs.order_by("reply_due", "pk") if (filters.overdue or filters.due_soon) else qs


def extension_requests(qs: QuerySet[InfoRequest], organs: set[int]) -> QuerySet[InfoRequest]:
    """Cases of ``organs`` whose 延期申请 awaits the head's decision."""
    return qs.filter(
        organ_id__in=organs,
        status__in=HANDLING,
        extension_requested_at__isnull=False,
        extension_days=0,
    )


@dataclass
class InboxSection:
    key: str
    title: str
    info_requests: list[InfoRequest] = field(default_factory=list)


def inbox_for(user: Any, today: date) -> list[InboxSection]:
    """The 待办 of the openness office and of handling departments, most urgent first."""
    base = inforequests_visible_to(user)
    sections: list[InboxSection] = []

    def add(key: str, title: str, qs: QuerySet[InfoRequest]) -> None:
        sections.append(InboxSection(key, title, list(qs.order_by("reply_due", "pk")[:200])))

    offices = organs_for_role(user, Role.OPENNESS_OFFICER)
    if offices:
        mine = base.filter(organ_id__in=offices)
        add("overdue", _("已超过答复期限"), overdue(mine, today))
        add("due_soon", _("即将到期"), due_soon(mine, today))
        add(
            "confirm_overdue",
            _("已超过确认收到时限"),
            mine.filter(status=Status.SUBMITTED, receipt_confirm_due__lt=today),
        )
        add("to_confirm", _("待确认收到日期"), mine.filter(status=Status.SUBMITTED))
        add(
            "correction_lapsed",
            _("补正期限届满待核实"),
            mine.filter(status=Status.CORRECTION, correction_lapsed_on__isnull=False),
        )
        add("to_assign", _("待分办"), mine.filter(status=Status.RECEIVED))
        add("correction", _("待申请人补正"), mine.filter(status=Status.CORRECTION))
        add("paused", _("征求意见/待缴费（期限中止）"), mine.filter(status__in=PAUSED))
        add(
            "reported",
            _("承办单位已反馈"),
            mine.filter(status=Status.IN_PROCESS, department_reported_at__isnull=False),
        )
        add("in_process", _("办理中"), mine.filter(status=Status.IN_PROCESS))
        add("to_reply", _("已决定待答复"), mine.filter(status=Status.DECIDED))
        add("to_archive", _("待归档"), mine.filter(status__in=[Status.REPLIED, Status.TERMINATED]))
    heads = organs_for_role(user, Role.OPENNESS_OFFICE_HEAD)
    if heads:
        # 条例第三十三条第二款: the officer's 延期申请 awaits the head of the office.
        add("extension_requests", _("待审批延期申请"), extension_requests(base, heads))
    departments = organs_for_role(user, Role.CLERK) | organs_for_role(user, Role.HEAD)
    if departments:
        add(
            "assigned",
            _("本单位承办/协办待反馈"),
            base.filter(
                Q(handling_department_id__in=departments)
                | Q(co_handling_departments__in=departments)
            )
            .filter(status__in=[Status.IN_PROCESS, *PAUSED])
            .distinct(),
        )
    return sections


def inforequest_for_tracking(case_number: str, query_code: str) -> InfoRequest | None:
    """The request if the query code is right; None otherwise (the caller counts failures)."""
    number = (case_number or "").strip().upper()
    code = normalise_query_code(query_code)
    if not number or not code:
        return None
    info_request = InfoRequest.objects.select_related("organ").filter(case_number=number).first()
    if info_request is None or not query_code_matches(number, code, info_request.query_code_hash):
        return None
    return info_request


def clocks_for(info_request: InfoRequest) -> QuerySet[Clock]:
    """The case's clocks and the answer windows of its consultations (each its own clock)."""
    windows = info_request.consultations.filter(window_clock__isnull=False).values("window_clock")
    return Clock.objects.filter(
        Q(
            subject_type=ContentType.objects.get_for_model(InfoRequest),
            subject_id=info_request.pk,
        )
        | Q(pk__in=windows)
    ).order_by("created_at", "pk")


# --- fees ---------------------------------------------------------------------------------------


def _month_bounds(d: date) -> tuple[date, date]:
    start = d.replace(day=1)
    end = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    return start, end


def applicant_month_ordinal(info_request: InfoRequest) -> int:
    """Position of the request among the same applicant's requests to the organ in its month.

    收费办法: per-request fees count 同一申请人 in one calendar month (by 收到申请之日).
    """
    received = info_request.received_date
    if received is None:
        raise ValueError("the request has not been received yet")
    start, end = _month_bounds(received)
    return (
        InfoRequest.objects.filter(
            organ_id=info_request.organ_id,
            applicant_key=info_request.applicant_key,
            received_date__gte=start,
            received_date__lt=end,
        )
        .filter(Q(received_date__lt=received) | Q(received_date=received, pk__lte=info_request.pk))
        .count()
    )


def fee_quote(info_request: InfoRequest, mode: FeeMode | str, pages: int | None = None) -> FeeQuote:
    """What a fee notice would charge (lib.fees raises FeeError for impossible input)."""
    ordinal = applicant_month_ordinal(info_request) if mode == FeeMode.PER_REQUEST else None
    return quote(mode, ordinal=ordinal, pages=pages)


# --- same information: repeats and frequent requests (条例第三十六条第六项、第四十四条) -----------


def _described(info_request: InfoRequest) -> Described:
    # The linked document's title describes the information too (a request that only links
    # the record and one that names it in words ask for the same thing).
    document = info_request.document if info_request.document_id else None
    title = document.title if document is not None else ""
    text = " ".join(t for t in (info_request.info_title, info_request.info_description, title) if t)
    return Described(
        key=info_request.pk,
        text=text,
        document_id=info_request.document_id,
        doc_number=info_request.doc_number_key,
    )


def _threshold(threshold: float | None) -> float:
    return float(
        threshold if threshold is not None else setting("GONGKAI_INFOREQUEST_SIMILARITY_THRESHOLD")
    )


@dataclass(frozen=True)
class RepeatCheck:
    """Earlier answered requests of the same applicant for the same information."""

    earlier: list[InfoRequest]

    @property
    def is_repeat(self) -> bool:
        return bool(self.earlier)

    @property
    def suggested_outcome(self) -> Outcome | None:
        """重复申请 → 不予处理 2 (条例第三十六条第六项)."""
        return Outcome.NP_REPEAT if self.earlier else None


def repeat_check(info_request: InfoRequest, threshold: float | None = None) -> RepeatCheck:
    earlier = (
        InfoRequest.objects.filter(
            organ_id=info_request.organ_id,
            applicant_key=info_request.applicant_key,
            outcome__in=list(ANSWERED),
            replied_on__isnull=False,
        )
        .select_related("document")
        .exclude(pk=info_request.pk)
        .order_by("replied_on", "pk")
    )
    this = _described(info_request)
    limit = _threshold(threshold)
    return RepeatCheck([ir for ir in earlier if same_information(this, _described(ir), limit)])


@dataclass(frozen=True)
class FrequentInformation:
    """Information asked for by several applicants in a year (条例第四十四条)."""

    label: str
    info_requests: list[InfoRequest]
    applicant_count: int
    document_id: int | None
    doc_number: str
    disclosed: bool  # at least one request was answered 予以公开 or 部分公开
    suggest_proactive: bool  # may be converted to proactive disclosure (第四十四条)

    @property
    def case_numbers(self) -> list[str]:
        return [ir.case_number for ir in self.info_requests]


def request_groups(
    info_requests: Sequence[InfoRequest], threshold: float | None = None
) -> list[list[InfoRequest]]:
    by_pk = {ir.pk: ir for ir in info_requests}
    groups = group_same_information([_described(ir) for ir in info_requests], _threshold(threshold))
    return [[by_pk[pk] for pk in group] for group in groups]  # type: ignore[index]


def frequently_requested(
    *,
    organ: Organ,
    year: int,
    min_applicants: int | None = None,
    threshold: float | None = None,
) -> list[FrequentInformation]:
    """Groups of same-information requests received in ``year`` from ≥ K distinct applicants."""
    k = int(min_applicants or setting("GONGKAI_INFOREQUEST_FREQUENT_MIN_APPLICANTS"))
    requests = list(
        InfoRequest.objects.filter(organ=organ, received_date__year=year)
        .select_related("document")
        .order_by("received_date", "pk")
    )
    found: list[FrequentInformation] = []
    for group in request_groups(requests, threshold):
        applicants = {ir.applicant_key for ir in group}
        if len(applicants) < k:
            continue
        first = group[0]
        document = next((ir.document for ir in group if ir.document_id), None)
        disclosed = any(ir.outcome in DISCLOSED for ir in group)
        already_public = document is not None and document.status == DocumentStatus.PUBLISHED
        found.append(
            FrequentInformation(
                label=(document.title if document else "")
                or first.info_title
                or first.info_doc_number
                or first.info_description[:60],
                info_requests=group,
                applicant_count=len(applicants),
                document_id=document.pk if document else None,
                doc_number=next((ir.doc_number_key for ir in group if ir.doc_number_key), ""),
                disclosed=disclosed,
                suggest_proactive=disclosed and not already_public,
            )
        )
    return sorted(found, key=lambda f: (-f.applicant_count, f.label))


# --- year end ------------------------------------------------------------------------------------


def carried_over(organ: Organ, year: int) -> QuerySet[InfoRequest]:
    """结转下年度继续办理: received by 31 December of ``year`` and not closed by then."""
    end = date(year, 12, 31)
    return InfoRequest.objects.filter(organ=organ, received_date__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    )


# --- letters -------------------------------------------------------------------------------------

CONSULTATION_LETTER = {
    ConsultationKind.THIRD_PARTY: LetterKind.THIRD_PARTY,
    ConsultationKind.OTHER_ORGAN: LetterKind.OTHER_ORGAN,
}


def letter_kinds_available(info_request: InfoRequest) -> list[LetterKind]:
    """The letters the case has the facts for (a decision, a notice, a consultation…)."""
    ir = info_request
    kinds = []
    if ir.outcome:
        kinds.append(LetterKind.REPLY)
    if ir.correction_notified_on:
        kinds.append(LetterKind.CORRECTION)
    if ir.extension_days:
        kinds.append(LetterKind.EXTENSION)
    consultation_kinds = set(ir.consultations.values_list("kind", flat=True))
    kinds += [letter for kind, letter in CONSULTATION_LETTER.items() if kind in consultation_kinds]
    if ir.fee_notice_on:
        kinds.append(LetterKind.FEE)
    if ir.public_interest_finding:
        kinds.append(LetterKind.DISCLOSURE)
    return kinds


def letters_for_applicant(info_request: InfoRequest) -> QuerySet[Letter]:
    """The letters sent to the applicant (not the consultation letters to third parties)."""
    return Letter.objects.filter(
        info_request=info_request, sent_at__isnull=False, kind__in=list(APPLICANT_LETTERS)
    ).order_by("sent_at", "pk")


def provided_files_for_applicant(info_request: InfoRequest) -> QuerySet[ProvidedFile]:
    """The information provided, for the applicant once the reply was given (条例第四十条)."""
    if info_request.replied_on is None:
        return ProvidedFile.objects.none()
    return info_request.provided_files.order_by("sort_order", "pk")


# --- deadline reminders (send_deadline_reminders) ---------------------------------------------


@dataclass(frozen=True)
class DueReminder:
    info_request_id: int
    clock_id: int
    kind: ReminderKind
    due_date: date
    workdays: int  # left before the due date (due soon) or past it (overdue)


def deadline_reminders_due(today: date, workdays: int | None = None) -> list[DueReminder]:
    """Reply deadlines (条例第三十三条) due within ``workdays`` working days, or past.

    Derived from the open REPLY clocks as they stand today, so a run after a missed one
    still finds everything to remind about. Paused clocks (consultation, fee) are left out:
    their due date is not running.
    """
    n = workdays if workdays is not None else getattr(settings, "GONGKAI_DUE_SOON_WORKDAYS", 3)
    cal = current_calendar(today)
    horizon = add_workdays(cal, today, n)
    clocks = (
        Clock.objects.open()
        .filter(
            subject_type=ContentType.objects.get_for_model(InfoRequest),
            kind=ClockKind.REPLY,
            paused=False,
            due_date__isnull=False,
            due_date__lte=horizon,
        )
        .order_by("due_date", "pk")
    )
    found = []
    for clock in clocks:
        due = clock.due_date
        if due is None:  # excluded by the query; narrows the type
            continue
        if due < today:
            found.append(
                DueReminder(
                    clock.subject_id,
                    clock.pk,
                    ReminderKind.OVERDUE,
                    due,
                    workdays_between(cal, due, today),
                )
            )
        else:
            found.append(
                DueReminder(
                    clock.subject_id,
                    clock.pk,
                    ReminderKind.DUE_SOON,
                    due,
                    workdays_between(cal, today, due),
                )
            )
    return found


def case_handlers(info_request: InfoRequest) -> list[User]:
    """Who is reminded of a case's deadline: its openness office and its lead department.

    The officers attached to the organ itself; if it has none, those of the nearest organ
    above whose office covers it (the roles are hierarchical). Plus the clerks and heads of
    the handling department (承办单位), once assigned.
    """
    organ = info_request.organ
    officers: list[User] = []
    for level in [organ, *organ.ancestors()]:
        officers = list(
            User.objects.filter(
                is_active=True,
                memberships__organ=level,
                memberships__role=Role.OPENNESS_OFFICER,
            ).distinct()
        )
        if officers:
            break
    department: list[User] = []
    if info_request.handling_department_id:
        department = list(
            User.objects.filter(
                is_active=True,
                memberships__organ_id=info_request.handling_department_id,
                memberships__role__in=[Role.CLERK, Role.HEAD],
            ).distinct()
        )
    seen: dict[int, User] = {}
    for user in officers + department:
        seen.setdefault(user.pk, user)
    return sorted(seen.values(), key=lambda u: u.pk)


def outbox_scope(user: Any) -> QuerySet[InfoRequest]:
    """The cases whose outgoing messages (receipt, 补正, 延期, reply) the user may see and
    send again: those of the organs where the user is in the openness office."""
    organs = organs_for_role(user, Role.OPENNESS_OFFICER) | organs_for_role(
        user, Role.OPENNESS_OFFICE_HEAD
    )
    return InfoRequest.objects.filter(organ_id__in=organs)
