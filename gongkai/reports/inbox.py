"""The annual report and the self-inspection on the main 待办 (hook `inbox`), one line per
task with a stable key and its first tasks inline (kit.inbox.InboxItem):

- ``reports.check`` / ``reports.sign_off`` / ``reports.publish``: reports awaiting 核验 (the
  organ's openness office or drafters), 审签 (the organ's head), 发布 (the openness office);
- ``reports.inspection``: the self-inspection items still to decide (G17; the organ's
  openness office decides, 条例第十八条);
- ``reports.due``: the reports on last year still unpublished as the deadline approaches or
  after it (G16: departments by 31 January, governments by 31 March; shown from a month
  before), to the organ's openness office and the government office; each item opens the
  report or, before it exists, the form that generates it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, holder_names, organs_for_role
from gongkai.core.kit.inbox import InboxItem, InboxLink
from gongkai.core.kit.workflow import actions_for
from gongkai.reports import selectors
from gongkai.reports.models import AnnualReport, Decision, InspectionItem
from gongkai.reports.workflow import Status

INBOX_ITEMS = 10  # tasks shown inline per line

# action → the role that acts on it (当前办理人)
REPORT_TASKS = (
    ("check", Role.OPENNESS_OFFICER),
    ("sign_off", Role.HEAD),
    ("publish", Role.OPENNESS_OFFICER),
)


def _titles() -> dict[str, str]:
    return {
        "check": _("年度报告待核验"),
        "sign_off": _("年度报告待审签"),
        "publish": _("年度报告待发布"),
    }


def report_title(organ: Any, year: int) -> str:
    """The title of the report on ``year`` (as AnnualReport.__str__), existing or not."""
    return AnnualReport(organ=organ, year=year).title


def inbox_links(user: Any, today: date) -> list[InboxLink]:
    handlers = _handlers()
    links = _report_links(user, today, handlers)
    inspection = _inspection_link(user, today, handlers)
    if inspection is not None:
        links.append(inspection)
    due = _due_link(user, today, handlers)
    if due is not None:
        links.append(due)
    return links


def _handlers() -> Callable[[str, Any], str]:
    """当前办理人 by role and organ, each looked up once per 待办 (the items share organs)."""
    found: dict[tuple[str, int], str] = {}

    def names(role: str, organ: Any) -> str:
        key = (str(role), organ.pk)
        if key not in found:
            found[key] = holder_names(role, organ)
        return found[key]

    return names


def _report_links(user: Any, today: date, handlers: Callable[[str, Any], str]) -> list[InboxLink]:
    reports = list(
        selectors.annual_reports_visible_to(user)
        .exclude(status=Status.PUBLISHED)
        .order_by("year", "organ__name")
    )
    offered = {report.pk: actions_for(user, report) for report in reports}
    titles = _titles()
    links = []
    for action, role in REPORT_TASKS:
        pending = [r for r in reports if action in offered[r.pk]]
        if not pending:
            continue
        late = [r for r in pending if today > selectors.deadline(r.organ, r.year)]
        links.append(
            InboxLink(
                module=str(_("年度报告")),
                title=str(titles[action]),
                count=len(pending),
                url=reverse("reports:list"),
                urgent=bool(late),
                items=tuple(
                    InboxItem(
                        label=report.title,
                        url=reverse("reports:detail", args=[report.pk]),
                        handler=handlers(role, report.organ),
                        due=selectors.deadline(report.organ, report.year),
                        note=str(report.get_status_display()),
                    )
                    for report in pending[:INBOX_ITEMS]
                ),
                key=f"reports.{action}",
            )
        )
    return links


def _inspection_link(
    user: Any, today: date, handlers: Callable[[str, Any], str]
) -> InboxLink | None:
    """Items the user decides: those of the organs whose openness office the user is
    (reports.permissions.can_decide_inspection)."""
    organs = organs_for_role(user, Role.OPENNESS_OFFICER)
    if not organs:
        return None
    pending = InspectionItem.objects.filter(
        decision=Decision.PENDING, inspection__organ_id__in=organs
    ).select_related("inspection__organ")
    count = pending.count()
    if not count:
        return None
    first = list(
        pending.order_by("inspection__due_date", "inspection_id", "kind", "id")[:INBOX_ITEMS]
    )
    return InboxLink(
        module=str(_("年度自查")),
        title=str(_("自查事项待处理")),
        count=count,
        url=reverse("reports:inspections"),
        urgent=any(today > item.inspection.due_date for item in first),
        items=tuple(
            InboxItem(
                label=item.label,
                url=f"{reverse('reports:inspection', args=[item.inspection_id])}#item-{item.pk}",
                handler=handlers(Role.OPENNESS_OFFICER, item.inspection.organ),
                due=item.inspection.due_date,
                note=str(item.get_kind_display()),
            )
            for item in first
        ),
        key="reports.inspection",
    )


def _due_link(user: Any, today: date, handlers: Callable[[str, Any], str]) -> InboxLink | None:
    """The G16 reminder, to those who answer for the report: the organ's openness office
    (政府信息公开工作机构, 条例第四条) and the government office; drafters see it on the list."""
    if not (has_role(user, Role.OPENNESS_OFFICER) or has_role(user, Role.GOVERNMENT_OFFICE)):
        return None
    missing = [
        due
        for due in selectors.reports_due(user, today)
        if has_role(user, Role.OPENNESS_OFFICER, due.organ.pk)
        or has_role(user, Role.GOVERNMENT_OFFICE)
    ]
    if not missing:
        return None
    create = reverse("reports:create")

    def url(due: selectors.Due) -> str:
        if due.report is not None:
            return reverse("reports:detail", args=[due.report.pk])
        return f"{create}?{urlencode({'organ': due.organ.pk, 'year': due.year})}"

    return InboxLink(
        module=str(_("年度报告")),
        title=str(_("年度报告即将到期或已逾期未发布")),
        count=len(missing),
        url=f"{reverse('reports:list')}?year={missing[0].year}",
        urgent=any(m.late for m in missing),
        items=tuple(
            InboxItem(
                label=report_title(due.organ, due.year),
                url=url(due),
                handler=handlers(Role.OPENNESS_OFFICER, due.organ),
                due=due.due,
                note=str(due.report.get_status_display() if due.report else _("尚未编制")),
            )
            for due in missing[:INBOX_ITEMS]
        ),
        key="reports.due",
    )
