"""Reads of the public mailbox: visibility, tracking, the 待办 lines, 留言选登, statistics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Count,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from gongkai.calendars.models import Clock
from gongkai.calendars.selectors import current_calendar
from gongkai.core.kit.querycodes import normalise_query_code, query_code_matches
from gongkai.lib.workdays import add_workdays, workdays_between
from gongkai.mailbox import permissions as perms
from gongkai.mailbox.conf import setting
from gongkai.mailbox.models import (
    PublicMessage,
    Solicitation,
    SolicitationAnswer,
    SolicitationOption,
    SolicitationQuestion,
)
from gongkai.mailbox.workflow import (
    ANSWERED,
    DIVERTED,
    OPEN,
    SOLICITATION_PUBLIC,
    Kind,
    Rating,
    SolicitationStatus,
    Status,
)
from gongkai.organizations.models import Organ

__all__ = [
    "DUE_BANDS",
    "clocks_for",
    "due_counts",
    "message_for_tracking",
    "messages_due",
    "messages_public",
    "messages_visible_to",
    "monthly_statistics",
    "remaining_workdays",
    "with_due",
    "export_rows",
    "solicitation_results",
    "solicitations_public",
    "solicitations_visible_to",
]


def messages_visible_to(user: Any) -> QuerySet[PublicMessage]:
    return perms.scope_messages(user, PublicMessage.objects.select_related("organ", "replied_by"))


def message_for_tracking(number: str, query_code: str) -> PublicMessage | None:
    """The message if the query code is right; None otherwise (the caller counts failures)."""
    number = (number or "").strip().upper()
    code = normalise_query_code(query_code)
    if not number or not code:
        return None
    message = PublicMessage.objects.select_related("organ").filter(number=number).first()
    if message is None or not query_code_matches(number, code, message.query_code_hash):
        return None
    return message


def clocks_for(message: PublicMessage) -> QuerySet[Clock]:
    return Clock.objects.for_subject(message).order_by("pk")


def with_due(qs: QuerySet[PublicMessage]) -> QuerySet[PublicMessage]:
    """Annotate `due` (the open limit's due date) and `due_kind` (受理 or 答复)."""
    return qs.annotate(due=F("open_due"), due_kind=F("open_clock__kind"))


# 待办 bands by remaining working days: (key, label, lower bound, upper bound) — bounds in
# working days from today; None is open-ended. Overdue is a due date before today.
@dataclass(frozen=True)
class DueBand:
    key: str
    label: str
    urgent: bool


def _bands() -> list[DueBand]:
    from django.utils.translation import gettext as _

    urgent = int(setting("GONGKAI_MAILBOX_URGENT_WORKDAYS"))
    return [
        DueBand("overdue", _("留言已逾期"), True),
        DueBand("soon", _("留言%(days)s个工作日内到期") % {"days": urgent}, True),
        DueBand("week", _("留言5个工作日内到期"), False),
        DueBand("later", _("留言待办（5个工作日以后到期）"), False),
    ]


DUE_BANDS = ("overdue", "soon", "week", "later")


def _band_dates(today: date) -> tuple[date, date]:
    cal = current_calendar(today)
    urgent = int(setting("GONGKAI_MAILBOX_URGENT_WORKDAYS"))
    return add_workdays(cal, today, urgent), add_workdays(cal, today, 5)


def _band_filters(today: date) -> dict[str, Q]:
    """On the row's copy of the running limit's due date (`open_due`): the counts scan the
    partial index (organ, open_due) of open messages, no join."""
    soon, week = _band_dates(today)
    due = "open_due"
    return {
        "overdue": Q(**{f"{due}__lt": today}),
        "soon": Q(**{f"{due}__gte": today, f"{due}__lte": soon}),
        "week": Q(**{f"{due}__gt": soon, f"{due}__lte": week}),
        "later": Q(**{f"{due}__gt": week}),
    }


def due_counts(
    user: Any, today: date, filters: dict[str, Q] | None = None
) -> list[tuple[DueBand, int]]:
    """The 待办 lines of `user`: open messages by remaining working days (one query)."""
    ids = perms.handled_organ_ids(user)
    if not ids:
        return []
    filters = filters or _band_filters(today)
    counts = PublicMessage.objects.filter(
        organ_id__in=ids, status__in=OPEN, open_due__isnull=False
    ).aggregate(**{band: Count("pk", filter=filters[band]) for band in DUE_BANDS})
    return [(band, int(counts[band.key] or 0)) for band in _bands()]


def messages_due(qs: QuerySet[PublicMessage], band: str, today: date) -> QuerySet[PublicMessage]:
    if band not in DUE_BANDS:
        return qs
    return qs.filter(_band_filters(today)[band], status__in=OPEN)


def remaining_workdays(due: date | None, today: date) -> int | None:
    """Working days left until `due` (negative: overdue by that many)."""
    if due is None:
        return None
    cal = current_calendar(today)
    if due >= today:
        return workdays_between(cal, today, due)
    return -workdays_between(cal, due, today)


def messages_public() -> QuerySet[PublicMessage]:
    """留言选登: published replies, newest first. Only the masked copy may be shown."""
    return (
        PublicMessage.objects.filter(status=Status.PUBLISHED)
        .select_related("replied_by")
        .order_by("-published_at", "-pk")
    )


@dataclass(frozen=True)
class MonthFigures:
    month: int
    received: int
    replied: int
    on_time: int
    diverted: int

    @property
    def on_time_rate(self) -> float | None:
        return round(100.0 * self.on_time / self.replied, 1) if self.replied else None


@dataclass(frozen=True)
class YearFigures:
    year: int
    months: list[MonthFigures]
    by_kind: dict[str, int]
    ratings: dict[int, int]

    @property
    def total(self) -> MonthFigures:
        return MonthFigures(
            month=0,
            received=sum(m.received for m in self.months),
            replied=sum(m.replied for m in self.months),
            on_time=sum(m.on_time for m in self.months),
            diverted=sum(m.diverted for m in self.months),
        )


def monthly_statistics(
    year: int, *, organ_id: int | None = None, until: date | None = None
) -> YearFigures:
    """The mailbox's public figures of `year` by month: received (by the day of the message),
    replied and on time (by the day of the reply), diverted (转依申请公开, 转信访, 不予受理 —
    by the day of the message); months after `until` are left out."""
    qs = PublicMessage.objects.all()
    if organ_id is not None:
        qs = qs.filter(Q(organ_id=organ_id) | Q(replied_by_id=organ_id))
    received = dict(
        qs.filter(submitted_at__year=year)
        .annotate(m=ExtractMonth("submitted_at"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    diverted = dict(
        qs.filter(submitted_at__year=year, status__in=DIVERTED)
        .annotate(m=ExtractMonth("submitted_at"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .values_list("m", "n")
    )
    replied_rows = (
        qs.filter(replied_on__year=year, status__in=ANSWERED)
        .annotate(m=ExtractMonth("replied_on"))
        .values_list("m")
        .annotate(n=Count("pk"), t=Count("pk", filter=Q(replied_on_time=True)))
        .values_list("m", "n", "t")
    )
    replied = {m: (n, t) for m, n, t in replied_rows}
    last = 12 if until is None or until.year > year else (until.month if until.year == year else 0)
    months = [
        MonthFigures(
            month=m,
            received=int(received.get(m, 0)),
            replied=int(replied.get(m, (0, 0))[0]),
            on_time=int(replied.get(m, (0, 0))[1]),
            diverted=int(diverted.get(m, 0)),
        )
        for m in range(1, last + 1)
    ]
    kinds = dict(
        qs.filter(submitted_at__year=year)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    ratings = dict(
        qs.filter(replied_on__year=year, rating__isnull=False)
        .values_list("rating")
        .annotate(n=Count("pk"))
        .values_list("rating", "n")
    )
    return YearFigures(
        year=year,
        months=months,
        by_kind={k: int(kinds.get(k, 0)) for k in Kind.values},
        ratings={r: int(ratings.get(r, 0)) for r in Rating.values},
    )


# --- 征集调查 -----------------------------------------------------------------------------------


def solicitations_visible_to(user: Any) -> QuerySet[Solicitation]:
    return perms.scope_solicitations(user, Solicitation.objects.select_related("organ"))


def solicitations_public() -> QuerySet[Solicitation]:
    """Published solicitations, newest opening first (drafts and withdrawn ones never)."""
    return (
        Solicitation.objects.filter(status__in=SOLICITATION_PUBLIC)
        .select_related("organ")
        .order_by("-opens_at", "-pk")
    )


@dataclass(frozen=True)
class OptionResult:
    option: SolicitationOption
    count: int
    percent: float  # of the responses that answered the question


@dataclass(frozen=True)
class QuestionResult:
    question: SolicitationQuestion
    answered: int  # responses that answered this question
    options: list[OptionResult]
    texts: list[str]  # the free-text answers selected for publication (选登)
    text_count: int  # free-text answers received


def solicitation_results(s: Solicitation, *, featured_only: bool = True) -> list[QuestionResult]:
    """Counts per option and the selected free-text answers, from the stored answers (three
    grouped queries whatever the number of responses)."""
    questions = list(s.questions.prefetch_related("options"))
    per_option = dict(
        SolicitationAnswer.objects.filter(question__solicitation=s, option__isnull=False)
        .values_list("option_id")
        .annotate(n=Count("pk"))
        .values_list("option_id", "n")
    )
    answered = dict(
        SolicitationAnswer.objects.filter(question__solicitation=s)
        .values_list("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("question_id", "n")
    )
    texts: dict[int, list[str]] = {}
    text_counts = dict(
        SolicitationAnswer.objects.filter(question__solicitation=s, option__isnull=True)
        .values_list("question_id")
        .annotate(n=Count("pk"))
        .values_list("question_id", "n")
    )
    featured = SolicitationAnswer.objects.filter(question__solicitation=s, option__isnull=True)
    if featured_only:
        featured = featured.filter(featured=True)
    for question_id, text in featured.order_by("pk").values_list("question_id", "text"):
        texts.setdefault(question_id, []).append(text)
    results = []
    for q in questions:
        total = answered.get(q.pk, 0)
        options = [
            OptionResult(
                option=o,
                count=per_option.get(o.pk, 0),
                percent=round(100.0 * per_option.get(o.pk, 0) / total, 1) if total else 0.0,
            )
            for o in q.options.all()
        ]
        results.append(
            QuestionResult(
                question=q,
                answered=total,
                options=options,
                texts=texts.get(q.pk, []),
                text_count=text_counts.get(q.pk, 0),
            )
        )
    return results


EXPORT_HEADER = ("回执编号", "提交时间", "姓名", "联系方式", "题号", "题目", "回答", "选登")


def export_rows(s: Solicitation) -> Any:
    """Every answer with the respondent's details, one row per answer, in answer order
    (streamed: linear in the number of answers)."""
    rows = (
        SolicitationAnswer.objects.filter(response__solicitation=s)
        .order_by("response_id", "question__order", "pk")
        .values_list(
            "response__number",
            "response__submitted_at",
            "response__name",
            "response__contact",
            "question__order",
            "question__text",
            "option__text",
            "text",
            "featured",
        )
        .iterator(chunk_size=2000)
    )
    for number, at, name, contact, order, question, option, text, featured in rows:
        yield (
            number,
            timezone.localtime(at),
            name,
            contact,
            order,
            question,
            option if option is not None else text,
            featured if option is None else "",
        )


def text_answers(s: Solicitation) -> QuerySet[SolicitationAnswer]:
    """The free-text answers (staff page: to select some for publication), newest first."""
    return (
        SolicitationAnswer.objects.filter(response__solicitation=s, option__isnull=True)
        .select_related("question", "response")
        .order_by("-pk")
    )


def refresh_open_due(clock_ids: list[int]) -> int:
    """Hook `clocks_recomputed`: copy the recomputed due dates onto the open messages whose
    running limit they are (one UPDATE per chunk of clocks)."""
    updated = 0
    for start in range(0, len(clock_ids), 5000):
        chunk = clock_ids[start : start + 5000]
        updated += PublicMessage.objects.filter(open_clock_id__in=chunk).update(
            open_due=Subquery(
                Clock.objects.filter(pk=OuterRef("open_clock_id")).values("due_date")[:1]
            )
        )
    return updated


# --- the main 待办 (hook `inbox`, built by gongkai.mailbox.inbox) ------------------------------

# 留言选登 selects among recent replies: a reply the office has not published within this
# many days leaves the 待办 (it can still be published from the message's page).
PUBLISH_WINDOW_DAYS = 30


def inbox_bands(
    user: Any, today: date, *, per_band: int
) -> list[tuple[DueBand, int, list[PublicMessage]]]:
    """The 待办 lines of `user` with their first messages: for each band by remaining working
    days, its count (`due_counts`) and its first `per_band` open messages, nearest limit
    first (their ids from the index mailbox_open_items, then one query for the rows)."""
    filters = _band_filters(today)
    counts = [(band, n) for band, n in due_counts(user, today, filters) if n]
    if not counts:
        return []
    ids = perms.handled_organ_ids(user)
    open_messages = PublicMessage.objects.filter(
        organ_id__in=ids, status__in=OPEN, open_due__isnull=False
    )
    first = {
        band.key: list(
            open_messages.filter(filters[band.key])
            .order_by("open_due", "pk")
            .values_list("pk", flat=True)[:per_band]
        )
        for band, _n in counts
    }
    rows = PublicMessage.objects.only(
        "pk", "number", "subject", "kind", "status", "open_due", "organ_id"
    ).in_bulk([pk for pks in first.values() for pk in pks])
    organs = {o.pk: o for o in Organ.objects.filter(pk__in={m.organ_id for m in rows.values()})}
    for message in rows.values():
        message.organ = organs[message.organ_id]
    return [(band, n, [rows[pk] for pk in first[band.key]]) for band, n in counts]


def messages_awaiting_publication(user: Any, today: date) -> QuerySet[PublicMessage]:
    """Replies the writer agreed to publish, not yet in 留言选登, for the openness office
    that publishes them (recent ones: PUBLISH_WINDOW_DAYS), oldest reply first."""
    from datetime import timedelta

    organs = perms.publisher_organ_ids(user)
    if not organs:
        return PublicMessage.objects.none()
    return (
        PublicMessage.objects.filter(
            organ_id__in=organs,
            status=Status.REPLIED,
            consent_publish=True,
            replied_on__gte=today - timedelta(days=PUBLISH_WINDOW_DAYS),
        )
        .select_related("organ")
        .order_by("replied_on", "pk")
    )


def solicitations_closed_for(user: Any) -> QuerySet[Solicitation]:
    """Closed solicitations of the user's organs waiting for their 结果反馈, oldest first."""
    organs = perms.handled_organ_ids(user)
    return (
        Solicitation.objects.filter(organ_id__in=organs, status=SolicitationStatus.CLOSED)
        .select_related("organ")
        .order_by("closes_at", "pk")
    )
