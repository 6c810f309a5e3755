"""Every write of the annual report and the 复议/诉讼 register (kit.steps: lock → permission →
transition → save → audit → on-commit public change).

- ``annual_report_create`` generates the figures and the section drafts;
- ``annual_report_regenerate`` refreshes them; a section staff edited keeps its text unless
  ``overwrite`` names it (the staff page asks first), its new draft is stored beside it;
- ``annual_report_edit_section`` and ``annual_report_set_figure`` (a Table 2 figure from
  another register: refused without its source);
- ``annual_report_check`` / ``_sign_off`` / ``_publish`` / ``_reopen``: the workflow. Checking
  and publishing are refused (gate G16) while a table identity is broken, naming it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.exceptions import GateRefused, InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit import steps
from gongkai.core.kit.audit import record_event
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.stats import table3 as compute_table3
from gongkai.inforequests.stats import table3_with_previous
from gongkai.lib.annual_report import SECTION_KEYS, parse_value, t2_cells, table4_totals
from gongkai.lib.table3 import FIRST_YEAR, default_version
from gongkai.organizations.models import Organ, OrganKind
from gongkai.reports import permissions as perms
from gongkai.reports import selectors
from gongkai.reports.content import report_content, violations_as_dicts
from gongkai.reports.drafts import draft_sections
from gongkai.reports.labels import violation_text
from gongkai.reports.models import AnnualReport, ManualFigure, RemedyCase, Version
from gongkai.reports.workflow import EDITABLE_STATES, MACHINE, Event, Result, Route, Status

__all__ = [
    "annual_report_check",
    "annual_report_create",
    "annual_report_edit_section",
    "annual_report_publish",
    "annual_report_regenerate",
    "annual_report_reopen",
    "annual_report_set_figure",
    "annual_report_sign_off",
    "remedy_case_record",
    "remedy_case_update",
]

GATE = "G16"


def _table3_data(table: Any) -> dict[str, Any]:
    return {"version": table.version, "cells": table.cells}


def _compute(report: AnnualReport) -> tuple[dict[str, Any], dict[str, str]]:
    """The stored figures and the fresh section drafts of ``report``."""
    organ, year, version = report.organ, report.year, report.version
    previous_report = (
        AnnualReport.objects.filter(organ=organ, year=year - 1, status=Status.PUBLISHED)
        .only("tables", "sections", "version")
        .first()
    )
    previous_t3: dict[str, Any] | None = None
    previous_problems = ""
    if previous_report is None and year - 1 >= FIRST_YEAR:
        # This year's and last year's Table 3 from one pass over the requests.
        t3, computed_previous = table3_with_previous(organ=organ, year=year, version=version)
        previous_t3 = _table3_data(computed_previous)
    else:
        t3 = compute_table3(organ=organ, year=year, version=version)
    if previous_report is not None:
        # 二 of this year must equal 四 of the report published last year.
        stored = previous_report.tables.get("table3")
        if stored:
            previous_t3 = {"version": version, "cells": stored["cells"]}
        previous_problems = str((previous_report.sections.get("problems") or {}).get("text", ""))
    t4 = selectors.table4(organ=organ, year=year)
    figures = selectors.figures(organ=organ, year=year).as_dict()
    tables = {
        "table2_documents": selectors.table2_from_documents(
            organ=organ, year=year, version=version
        ),
        "table3": _table3_data(t3),
        "previous_table3": previous_t3,
        "table4": {"cells": t4.cells},
        "figures": figures,
    }
    drafts = draft_sections(
        organ_name=organ.name,
        is_government=organ.kind == OrganKind.DISTRICT_GOVERNMENT,
        year=year,
        version=version,
        table3=t3,
        t4_totals=table4_totals(t4),
        figures=figures,
        previous_problems=previous_problems,
    )
    return tables, drafts


def _version(year: int, version: str | None) -> tuple[str, bool]:
    if year < FIRST_YEAR:
        raise InvalidInput(
            _("年度报告自%(year)d年度起适用现行格式（国办公开办函〔2019〕60号）。")
            % {"year": FIRST_YEAR},
            field="year",
        )
    if year > timezone.localdate().year:
        raise InvalidInput(_("不能编制尚未开始年度的报告。"), field="year")
    default = default_version(year)
    if version in (None, ""):
        return default, False
    if version not in Version.values:
        raise InvalidInput(_("年报格式只能是2019或2021。"), field="version")
    return str(version), version != default


@transaction.atomic
def annual_report_create(
    *, actor: Any, organ: Organ, year: int, version: str | None = None
) -> AnnualReport:
    """A new draft report on ``year`` with the figures and section drafts generated."""
    steps.require_permission(
        perms.can_create_annual_report(actor, organ.pk),
        _("只有本机关政务公开工作机构或起草人员可以编制年度报告。"),
    )
    chosen, overridden = _version(year, version)
    if AnnualReport.objects.filter(organ=organ, year=year).exists():
        raise InvalidInput(
            _("%(organ)s%(year)d年度报告已存在。") % {"organ": organ.name, "year": year},
            field="year",
        )
    report = AnnualReport(
        organ=organ, year=year, version=chosen, version_overridden=overridden, created_by=actor
    )
    tables, drafts = _compute(report)
    report.tables = tables
    report.sections = {k: {"draft": v, "text": v, "edited": False} for k, v in drafts.items()}
    report.generated_at = timezone.now()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        raise InvalidInput(
            _("%(organ)s%(year)d年度报告已存在。") % {"organ": organ.name, "year": year},
            field="year",
        ) from None
    record_event(
        action="annual_report.created",
        subject=report,
        actor=actor,
        to_state=report.status,
        data={"year": year, "version": chosen},
    )
    return report


def _editable(report: AnnualReport, actor: Any) -> AnnualReport:
    report = steps.lock(report)
    steps.require_permission(
        perms.can_check_annual_report(actor, report),
        _("只有本机关政务公开工作机构或起草人员可以修改年度报告。"),
    )
    if report.status not in EDITABLE_STATES:
        raise TransitionNotAllowed(
            _("年度报告当前状态为“%(status)s”，请先退回修改再编辑。")
            % {"status": Status(report.status).label}
        )
    return report


@transaction.atomic
def annual_report_regenerate(
    *,
    actor: Any,
    report: AnnualReport,
    overwrite: Iterable[str] = (),
    version: str | None = None,
) -> list[str]:
    """Recompute the figures and drafts; returns the sections whose staff edits were kept
    although their draft changed (the page then asks whether to overwrite them)."""
    report = _editable(report, actor)
    if version is not None and version != report.version:
        report.version, report.version_overridden = _version(report.year, version)
    overwrite = set(overwrite)
    unknown = overwrite - set(SECTION_KEYS)
    if unknown:
        raise InvalidInput(_("没有这一部分：%(keys)s") % {"keys": "、".join(sorted(unknown))})
    tables, drafts = _compute(report)
    kept: list[str] = []
    sections = dict(report.sections)
    for key, draft in drafts.items():
        current = dict(sections.get(key) or {"text": "", "edited": False})
        if current.get("edited") and key not in overwrite:
            if current.get("draft") != draft:
                kept.append(key)
            current["draft"] = draft
        else:
            current = {"draft": draft, "text": draft, "edited": False}
        sections[key] = current
    report.tables, report.sections = tables, sections
    report.generated_at = timezone.now()
    report.violations = []
    report.save(
        update_fields=[
            "tables",
            "sections",
            "generated_at",
            "violations",
            "version",
            "version_overridden",
            "updated_at",
        ]
    )
    record_event(
        action="annual_report.regenerated",
        subject=report,
        actor=actor,
        data={"overwritten": sorted(overwrite), "kept": kept, "version": report.version},
    )
    return kept


@transaction.atomic
def annual_report_edit_section(
    *, actor: Any, report: AnnualReport, key: str, text: str
) -> AnnualReport:
    report = _editable(report, actor)
    if key not in SECTION_KEYS:
        raise InvalidInput(_("没有这一部分：%(keys)s") % {"keys": key}, field="key")
    text = text.replace("\r\n", "\n").strip()
    if len(text) > 20000:
        raise InvalidInput(_("每部分正文不能超过20000字。"), field="text")
    sections = dict(report.sections)
    current = dict(sections.get(key) or {"draft": ""})
    current.update(text=text, edited=text != current.get("draft", ""))
    sections[key] = current
    report.sections = sections
    report.save(update_fields=["sections", "updated_at"])
    record_event(
        action="annual_report.section_edited", subject=report, actor=actor, data={"section": key}
    )
    return report


@transaction.atomic
def annual_report_set_figure(
    *,
    actor: Any,
    report: AnnualReport,
    row: str,
    column: str,
    value: str | int | Decimal,
    source: str,
) -> ManualFigure:
    """A Table 2 figure from another register, with who entered it and its source."""
    report = _editable(report, actor)
    manual = {(r.key, c) for _b, r, c in t2_cells(report.version, source="manual")}
    if (row, column) not in manual:
        raise InvalidInput(
            _("表二的这一栏由系统统计或不属于本年报格式，不能人工填报。"), field="row"
        )
    source = (source or "").strip()
    if not source:
        raise InvalidInput(
            _("请填写数据来源（如行政许可系统、处罚台账），没有来源的数据不能填报。"),
            field="source",
        )
    if len(source) > 200:
        raise InvalidInput(_("数据来源不能超过200字。"), field="source")
    try:
        parsed = parse_value(report.version, row, column, value)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="value") from None
    figure, _created = ManualFigure.objects.update_or_create(
        report=report,
        row=row,
        column=column,
        defaults={"value": Decimal(parsed), "source": source, "entered_by": actor},
    )
    record_event(
        action="annual_report.figure_entered",
        subject=report,
        actor=actor,
        data={"row": row, "column": column, "value": str(parsed), "source": source},
    )
    return figure


def _require_consistent(report: AnnualReport) -> list[dict[str, Any]]:
    found = report_content(report).violations()
    errors = [v for v in found if v.severity == "error"]
    if errors:
        more = _("等%(n)d项") % {"n": len(errors)} if len(errors) > 1 else ""
        raise GateRefused(
            GATE,
            _("年度报告勾稽关系不成立：%(first)s%(more)s，请更正后再核验。")
            % {"first": violation_text(errors[0], report.version).rstrip("。."), "more": more},
            field=errors[0].row or None,
        )
    return violations_as_dicts(found)


@transaction.atomic
def annual_report_check(*, actor: Any, report: AnnualReport) -> AnnualReport:
    """核验: every identity holds (warnings are recorded and shown, not blocking)."""
    step = steps.begin(
        report,
        actor=actor,
        allowed=perms.can_check_annual_report,
        refusal=_("只有本机关政务公开工作机构或起草人员可以核验年度报告。"),
        machine=MACHINE,
        event=Event.CHECK,
    )
    report = step.obj
    report.violations = _require_consistent(report)
    report.checked_at = timezone.now()
    return step.finish(  # type: ignore[no-any-return]
        action="annual_report.checked",
        fields=["violations", "checked_at"],
        warnings=len(report.violations),
    )


@transaction.atomic
def annual_report_sign_off(*, actor: Any, report: AnnualReport, opinion: str = "") -> AnnualReport:
    step = steps.begin(
        report,
        actor=actor,
        allowed=perms.can_sign_off_annual_report,
        refusal=_("只有本机关负责人可以审签年度报告。"),
        machine=MACHINE,
        event=Event.SIGN_OFF,
    )
    report = step.obj
    report.signed_off_by = actor
    report.signed_off_at = timezone.now()
    return step.finish(  # type: ignore[no-any-return]
        action="annual_report.signed_off",
        reason=opinion.strip()[:2000],
        fields=["signed_off_by", "signed_off_at"],
    )


@transaction.atomic
def annual_report_publish(
    *, actor: Any, report: AnnualReport, today: date | None = None
) -> AnnualReport:
    """Publish in the 年报 column (kept year by year); the checks run once more."""
    step = steps.begin(
        report,
        actor=actor,
        allowed=perms.can_publish_annual_report,
        refusal=_("只有本机关政务公开工作机构可以发布年度报告。"),
        machine=MACHINE,
        event=Event.PUBLISH,
    )
    report = step.obj
    report.violations = _require_consistent(report)
    report.published_date = today or steps.today()
    report.published_at = timezone.now()
    due = selectors.deadline(report.organ, report.year)
    return step.finish(  # type: ignore[no-any-return]
        action="annual_report.published",
        fields=["violations", "published_date", "published_at"],
        public_change="published",
        late=report.published_date > due,
        due=due.isoformat(),
    )


@transaction.atomic
def annual_report_reopen(*, actor: Any, report: AnnualReport, reason: str) -> AnnualReport:
    step = steps.begin(
        report,
        actor=actor,
        allowed=perms.can_reopen_annual_report,
        refusal=_("只有本机关负责人或政务公开工作机构可以退回修改年度报告。"),
        machine=MACHINE,
        event=Event.REOPEN,
    )
    if not reason.strip():
        raise InvalidInput(_("请填写退回修改的理由。"), field="reason")
    report = step.obj
    report.signed_off_by = None
    report.signed_off_at = None
    report.checked_at = None
    return step.finish(  # type: ignore[no-any-return]
        action="annual_report.reopened",
        reason=reason.strip()[:2000],
        fields=["signed_off_by", "signed_off_at", "checked_at"],
    )


# --- the register of 行政复议、行政诉讼 (Table 4) ----------------------------------------------


def _case_fields(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "case_number" in data:
        number = str(data["case_number"] or "").strip()
        if not number:
            raise InvalidInput(_("请填写案号。"), field="case_number")
        out["case_number"] = number[:80]
    if "route" in data:
        if data["route"] not in Route.values:
            raise InvalidInput(_("请选择行政复议或行政诉讼途径。"), field="route")
        out["route"] = data["route"]
    if "result" in data:
        if data["result"] not in Result.values:
            raise InvalidInput(_("请选择案件结果。"), field="result")
        out["result"] = data["result"]
    for name in ("filed_on", "concluded_on"):
        if name in data:
            value = data[name]
            if value is not None and not isinstance(value, date):
                raise InvalidInput(_("日期格式不正确。"), field=name)
            out[name] = value
    if "summary" in data:
        out["summary"] = str(data["summary"] or "")[:5000]
    if "info_request" in data:
        out["info_request"] = data["info_request"]
    return out


def _validate_case(case: RemedyCase) -> None:
    if case.filed_on is None:
        raise InvalidInput(_("请填写立案（受理）日期。"), field="filed_on")
    if case.filed_on > steps.today():
        raise InvalidInput(_("立案日期不能晚于今天。"), field="filed_on")
    if case.result == Result.PENDING and case.concluded_on is not None:
        raise InvalidInput(_("已填写审结日期的案件请选择审结结果。"), field="result")
    if case.result != Result.PENDING and case.concluded_on is None:
        raise InvalidInput(_("已审结的案件请填写审结日期。"), field="concluded_on")
    if case.concluded_on is not None and case.concluded_on < case.filed_on:
        raise InvalidInput(_("审结日期不能早于立案日期。"), field="concluded_on")
    request = case.info_request
    if (
        request is not None
        and isinstance(request, InfoRequest)
        and request.organ_id != case.organ_id
    ):
        raise InvalidInput(_("关联申请不是本机关办理的申请。"), field="info_request")


@transaction.atomic
def remedy_case_record(*, actor: Any, organ: Organ, data: dict[str, Any]) -> RemedyCase:
    if not perms.can_manage_remedy_cases(actor, organ.pk):
        raise NotPermitted(_("只有本机关政务公开工作机构或法制机构可以登记复议、诉讼案件。"))
    fields = _case_fields(data)
    for required in ("case_number", "route"):
        if required not in fields:
            raise InvalidInput(_("请填写案号并选择途径。"), field=required)
    case = RemedyCase(organ=organ, created_by=actor, **fields)
    _validate_case(case)
    if RemedyCase.objects.filter(organ=organ, case_number=case.case_number).exists():
        raise InvalidInput(_("案号已登记。"), field="case_number")
    case.save()
    record_event(
        action="remedy_case.recorded", subject=case, actor=actor, data={"route": case.route}
    )
    return case


@transaction.atomic
def remedy_case_update(*, actor: Any, case: RemedyCase, data: dict[str, Any]) -> RemedyCase:
    case = steps.lock(case)
    if not perms.can_manage_remedy_cases(actor, case.organ_id):
        raise NotPermitted(_("只有本机关政务公开工作机构或法制机构可以登记复议、诉讼案件。"))
    for name, value in _case_fields(data).items():
        setattr(case, name, value)
    _validate_case(case)
    if (
        RemedyCase.objects.filter(organ_id=case.organ_id, case_number=case.case_number)
        .exclude(pk=case.pk)
        .exists()
    ):
        raise InvalidInput(_("案号已登记。"), field="case_number")
    case.save()
    record_event(
        action="remedy_case.updated",
        subject=case,
        actor=actor,
        data={"result": case.result, "concluded_on": str(case.concluded_on or "")},
    )
    return case
