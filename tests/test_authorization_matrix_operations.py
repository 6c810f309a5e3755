"""The authorisation matrix of the operations that are not workflow actions (issue 16):
意见征集 comments (moderation, ruling, near-duplicate groups, export), 年度自查 (generate,
decide an item, set the deadline), the 年度报告's sections and 工作要点, every API edit
(PATCH / PUT / DELETE) of meetings, documents and reports, the 政策解读's media (deleted) and
the 征集调查's free-text answers (listed, 选登), through the staff pages and the API.

The cast is every role at the owning organ (教育局) and at another department (财政局), the
roles that cover the organs below (HIERARCHICAL_ROLES) at the 区政府, and a staff user with
no role. For each user × object × operation × channel:

- allowed (the object is visible through the module's selector and the module's `can_*`
  says yes) → the operation succeeds (2xx; a redirect from a staff form);
- otherwise → refused with 400/403/404/405/409/422 and nothing written (the object's rows
  and the audit trail are unchanged).

Each attempt runs inside a savepoint that is rolled back: every user meets the same data.
The workflow actions of each module (ActionSpecs) are in tests/test_authorization_matrix.py
and tests/test_authorization_matrix_modules.py.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import docx
import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import ApiToken
from gongkai.core.kit import steps
from gongkai.core.models import AuditEvent
from gongkai.decisions import permissions as decision_perms
from gongkai.decisions import services as decision_services
from gongkai.decisions.models import Comment, CommentCluster
from gongkai.decisions.selectors import consultations_visible_to
from gongkai.decisions.tests import factories as decision_factories
from gongkai.documents import permissions as document_perms
from gongkai.documents import services as document_services
from gongkai.documents.models import Attachment, Attribute, ReasonCode
from gongkai.documents.selectors import documents_visible_to
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.interpretations import permissions as interpretation_perms
from gongkai.interpretations import services as interpretation_services
from gongkai.interpretations.models import Interpretation, Media
from gongkai.interpretations.selectors import interpretations_visible_to
from gongkai.interpretations.tests.factories import png_bytes, upload
from gongkai.interpretations.workflow import Status as InterpretationStatus
from gongkai.mailbox import permissions as mailbox_perms
from gongkai.mailbox import services as mailbox_services
from gongkai.mailbox.models import Solicitation, SolicitationAnswer
from gongkai.mailbox.selectors import solicitations_visible_to
from gongkai.mailbox.tests.test_solicitations import ids, open_survey
from gongkai.mailbox.workflow import SolicitationStatus
from gongkai.meetings import permissions as meeting_perms
from gongkai.meetings import services as meeting_services
from gongkai.meetings.models import AgendaItem, Meeting, MeetingLink
from gongkai.meetings.selectors import meetings_visible_to
from gongkai.meetings.workflow import MeetingKind
from gongkai.meetings.workflow import Status as MeetingStatus
from gongkai.reports import inspection
from gongkai.reports import permissions as report_perms
from gongkai.reports import priorities as priority_services
from gongkai.reports import services as report_services
from gongkai.reports.models import InspectionItem, SelfInspection, WorkPriority
from gongkai.reports.selectors import annual_reports_visible_to
from tests.test_authorization_matrix import _interpretation as make_interpretation
from tests.test_authorization_matrix_modules import _cast as modules_cast

# Permission logic, the same on every backend: CI runs it once, on SQLite (Makefile test-ci).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

API = "/api/v1"
REFUSED = {400, 403, 404, 405, 409, 422}
# (method, url, data): form fields for a staff page, the JSON body for the API.
Route = tuple[str, str, dict[str, Any]]


@dataclass(frozen=True)
class Op:
    name: str
    allowed: Callable[[Any, Any], bool]
    api: Callable[[Any], Route] | None = None
    ui: Callable[[Any], Route] | None = None
    # False: an organ-level operation (the object only names the organ), not bound to seeing it
    needs_visible: bool = True


def cast(district: Any) -> list[Any]:
    """The cast of tests/test_authorization_matrix_modules.py."""
    return modules_cast(district)


def _send(client: Client, route: Route, *, api: bool) -> Any:
    method, url, data = route
    if method == "get":
        return client.get(url)
    if api:
        return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")
    return client.post(url, data=data)


def run_operations(
    district: Any,
    objects: list[Model],
    visible: Callable[[Any], QuerySet[Any]],
    ops: list[Op],
    snapshot: Callable[[Model], Any],
) -> tuple[list[str], dict[str, int]]:
    problems: list[str] = []
    checked = {"allowed": 0, "refused": 0}
    # One client each for the API and the staff pages, switched from user to user: a new
    # test client loads the middleware again (whitenoise scans the static files each time).
    api, ui = Client(), Client()
    for user in cast(district):
        cache.clear()  # rate limits: thousands of requests from one address
        _, raw = ApiToken.issue(user=user, name="matrix")
        api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        ui.force_login(user)
        visible_pks = set(visible(user).values_list("pk", flat=True))
        for obj in objects:
            obj = type(obj)._default_manager.get(pk=obj.pk)
            seen = obj.pk in visible_pks
            for op in ops:
                expected = (seen or not op.needs_visible) and op.allowed(user, obj)
                for where, client, route in (("API", api, op.api), ("staff", ui, op.ui)):
                    if route is None:
                        continue
                    label = f"{type(obj).__name__}[{getattr(obj, 'status', '')}] × {user.username}"
                    before = (snapshot(obj), AuditEvent.objects.count())
                    with transaction.atomic():
                        response = _send(client, route(obj), api=where == "API")
                        after = (snapshot(obj), AuditEvent.objects.count())
                        transaction.set_rollback(True)
                    code = response.status_code
                    if expected:
                        checked["allowed"] += 1
                        if code >= 400:
                            problems.append(f"{label}: {where} {op.name} allowed, answered {code}")
                        continue
                    checked["refused"] += 1
                    if code not in REFUSED:
                        problems.append(f"{label}: {where} {op.name} not allowed, answered {code}")
                    if after != before:
                        problems.append(f"{label}: {where} {op.name} not allowed, but wrote")
    return problems, checked


def _rows(*querysets: QuerySet[Any]) -> list[Any]:
    return [list(qs.order_by("pk").values()) for qs in querysets]


def _assert_clean(problems: list[str], checked: dict[str, int], **least: int) -> None:
    assert not problems, f"{len(problems)} disagreements:\n" + "\n".join(problems[:60])
    assert all(checked[k] >= n for k, n in least.items()), checked


# --- 意见征集: comments --------------------------------------------------------------------------

SIMILAR = [
    "建议将免费停车时段由十五分钟延长至三十分钟，方便市民临时停车办事。",
    "建议将免费停车时段由十五分钟延长到三十分钟，方便市民临时停车办事！",
    "收费标准应当向社会公开听证，按照路段繁忙程度分级确定收费价格。",
    "收费标准应当向社会公开听证，按照路段的繁忙程度分级确定收费价格。",
]


def test_consultation_comments(district, clerk):
    """Moderation, ruling (one comment, a whole group), split and merge of near-duplicate
    groups, re-grouping and the export: the 决策承办单位 (can_manage_consultation) only."""
    decision = decision_factories.to_participation(clerk, district.education)
    c = decision_factories.open_consultation(clerk, decision)
    for body in SIMILAR:
        decision_services.comment_submit(consultation=c, body=body)
    decision_services.consultation_cluster(actor=clerk, consultation=c)
    decision_factories.close(c)
    groups = list(CommentCluster.objects.filter(consultation=c).order_by("pk"))
    assert len(groups) == 2, groups
    first, second = groups
    member = Comment.objects.filter(cluster=first).order_by("pk").first()
    single = Comment.objects.filter(consultation=c).order_by("pk").first()
    assert member is not None and single is not None
    base = f"{API}/decisions/consultations/{c.pk}"

    def staff(name: str, *args: int) -> str:
        return reverse(f"decisions:{name}", args=[c.pk, *args])

    manage = decision_perms.can_manage_consultation
    ops = [
        Op(
            "moderate",
            manage,
            api=lambda o: ("post", f"{base}/comments/{single.pk}/moderate", {"approve": True}),
            ui=lambda o: ("post", staff("moderate", single.pk), {"approve": "1"}),
        ),
        Op(
            "rule",
            manage,
            api=lambda o: ("post", f"{base}/comments/{single.pk}/rule", {"disposition": "adopted"}),
            ui=lambda o: ("post", staff("rule", single.pk), {"disposition": "adopted"}),
        ),
        Op(
            "rule_group",
            manage,
            api=lambda o: ("post", f"{base}/clusters/{first.pk}/rule", {"disposition": "adopted"}),
            ui=lambda o: ("post", staff("cluster_rule", first.pk), {"disposition": "adopted"}),
        ),
        Op(
            "split",
            manage,
            api=lambda o: ("post", f"{base}/comments/{member.pk}/split", {}),
            ui=lambda o: ("post", staff("comment_split", member.pk), {}),
        ),
        Op(
            "merge",
            manage,
            api=lambda o: ("post", f"{base}/clusters/{first.pk}/merge", {"other": second.pk}),
            ui=lambda o: ("post", staff("cluster_merge", first.pk), {"other": second.pk}),
        ),
        Op(
            "regroup",
            manage,
            api=lambda o: ("post", f"{base}/cluster", {}),
            ui=lambda o: ("post", reverse("decisions:cluster", args=[c.pk]), {}),
        ),
        Op(
            "export",
            manage,
            ui=lambda o: ("get", reverse("decisions:export", args=[c.pk, "csv"]), {}),
        ),
        Op(
            "comments",
            lambda user, o: True,  # whoever sees the consultation reads its moderation list
            api=lambda o: ("get", f"{base}/comments", {}),
        ),
    ]

    def snapshot(o: Any) -> Any:
        return [model_to_dict(type(o).objects.get(pk=o.pk))] + _rows(
            Comment.objects.filter(consultation=o), CommentCluster.objects.filter(consultation=o)
        )

    problems, checked = run_operations(district, [c], consultations_visible_to, ops, snapshot)
    _assert_clean(problems, checked, allowed=60, refused=250)


# --- 年度自查 and the 年度报告 ---------------------------------------------------------------------


def test_self_inspection_and_annual_report_edits(district, reviewer):
    """年度自查: generate (the organ's compilers, the 区政府办公室), decide an item (the organ's
    openness office), set the deadline (the office and the openness offices over the organ);
    the report's sections (PUT) and the 工作要点 (POST, PATCH)."""
    organ = district.education
    year = steps.today().year - 1
    DocumentFactory(
        organ=organ,
        status=DocumentStatus.ISSUED,
        attribute=Attribute.NOT_DISCLOSED,
        reason_codes=[ReasonCode.INTERNAL_AFFAIRS],
        legal_explanation="内部事务信息。",
        written_date=date(year, 3, 1),
    )
    current, added = inspection.self_inspection_generate(actor=reviewer, organ=organ, year=year)
    assert added == 1
    item = InspectionItem.objects.get(inspection=current)
    report = report_services.annual_report_create(actor=reviewer, organ=organ, year=year)
    priority = priority_services.priority_add(
        actor=reviewer,
        organ=organ,
        year=year + 1,
        data={
            "title": "推进政务公开",
            "responsible_unit": "办公室",
            "deadline": date(year + 1, 12, 1),
        },
    )
    due = (steps.today() + timedelta(days=30)).isoformat()
    note = {"decision": "keep", "note": "经复核仍属内部事务信息。"}
    inspection_ops = [
        Op(
            "generate",
            lambda user, o: report_perms.can_generate_inspection(user, o.organ_id),
            api=lambda o: (
                "post",
                f"{API}/annual-reports/inspections/",
                {"organ": organ.pk, "year": year},
            ),
            ui=lambda o: (
                "post",
                reverse("reports:inspections"),
                {"organ": organ.pk, "year": year},
            ),
            needs_visible=False,
        ),
        Op(
            "decide",
            lambda user, o: report_perms.can_decide_inspection(user, o.organ_id),
            api=lambda o: (
                "post",
                f"{API}/annual-reports/inspections/{o.pk}/items/{item.pk}/decision",
                note,
            ),
            ui=lambda o: (
                "post",
                reverse("reports:inspection_decide", args=[o.pk]),
                {"item": item.pk, **note},
            ),
        ),
        Op(
            "set_due",
            report_perms.can_set_inspection_due,
            ui=lambda o: (
                "post",
                reverse("reports:inspection_due", args=[o.pk]),
                {"due_date": due},
            ),
        ),
    ]

    def inspection_snapshot(o: Any) -> Any:
        return _rows(SelfInspection.objects.all(), InspectionItem.objects.all())

    problems, checked = run_operations(
        district,
        [current],
        lambda user: report_perms.scope_inspections(user, SelfInspection.objects.all()),
        inspection_ops,
        inspection_snapshot,
    )

    progress = {"progress": "in_progress", "progress_note": "已启动。"}
    here = f"{reverse('reports:priorities')}?organ={organ.slug}&year={year + 1}"
    report_ops = [
        Op(
            "edit_section",
            report_perms.can_edit_annual_report,
            api=lambda o: (
                "put",
                f"{API}/annual-reports/{o.pk}/sections/overview",
                {"text": "概述。"},
            ),
            ui=lambda o: (
                "post",
                reverse("reports:section", args=[o.pk]),
                {"key": "overview", "text": "概述。"},
            ),
        ),
        Op(
            "add_priority",
            lambda user, o: report_perms.can_create_annual_report(user, o.organ_id),
            api=lambda o: (
                "post",
                f"{API}/annual-reports/priorities/",
                {
                    "organ": organ.pk,
                    "year": year + 1,
                    "title": "新要点",
                    "responsible_unit": "办公室",
                    "deadline": f"{year + 1}-11-30",
                },
            ),  # fmt: skip
            ui=lambda o: (
                "post",
                here,
                {"title": "新要点", "responsible_unit": "办公室", "deadline": f"{year + 1}-11-30"},
            ),
            needs_visible=False,
        ),
        Op(
            "update_priority",
            lambda user, o: report_perms.can_create_annual_report(user, o.organ_id),
            api=lambda o: ("patch", f"{API}/annual-reports/priorities/{priority.pk}", progress),
            ui=lambda o: ("post", here, {"priority": priority.pk, **progress}),
        ),
    ]

    def report_snapshot(o: Any) -> Any:
        return [model_to_dict(type(o).objects.get(pk=o.pk))] + _rows(WorkPriority.objects.all())

    more, counted = run_operations(
        district, [report], annual_reports_visible_to, report_ops, report_snapshot
    )
    problems += more
    checked = {k: checked[k] + counted[k] for k in checked}
    _assert_clean(problems, checked, allowed=1, refused=1)


# --- API edits of meetings and documents ------------------------------------------------------


def _meeting(district: Any, clerk: Any, head: Any, reviewer: Any, *, held: bool) -> Meeting:
    meeting = meeting_services.meeting_create(
        actor=clerk,
        organ=district.education,
        data={
            "kind": MeetingKind.DEPARTMENTAL,
            "title": "区教育局局务会议",
            "starts_at": timezone.now() + timedelta(days=5),
            "applications_close_at": timezone.now() + timedelta(days=3),
            "location": "三楼会议室",
            "chair": "王局长",
        },
    )
    for title in ("议题一", "议题二"):
        meeting_services.item_add(
            actor=clerk,
            meeting=meeting,
            data={"title": title, "openness": "closed", "closed_reason": "内部事务。",
                  "invite": [], "open_methods": []},
        )  # fmt: skip
    if not held:
        return meeting
    meeting_services.meeting_submit(actor=clerk, meeting=meeting)
    meeting_services.meeting_approve(actor=head, meeting=meeting, opinion="同意")
    meeting_services.meeting_announce(actor=reviewer, meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5),
        applications_close_at=timezone.now() - timedelta(hours=1),
    )
    meeting.refresh_from_db()
    meeting_services.meeting_hold(actor=clerk, meeting=meeting)
    meeting_services.link_add(
        actor=clerk, meeting=meeting, kind="media_report", title="报道", url="https://example.com/a"
    )
    return meeting


def test_api_edits_of_meetings_and_documents(district, clerk, head, reviewer):
    """PATCH a meeting and its items, DELETE items and links, PUT results (a plan being drafted
    and a meeting held); DELETE a document's attachment (a draft and an issued document)."""
    meetings = [
        _meeting(district, clerk, head, reviewer, held=False),
        _meeting(district, clerk, head, reviewer, held=True),
    ]
    assert [m.status for m in meetings] == [MeetingStatus.DRAFT, MeetingStatus.HELD]

    def item(o: Meeting) -> AgendaItem:
        found = AgendaItem.objects.filter(meeting=o).order_by("pk").last()
        assert found is not None
        return found

    def link(o: Meeting) -> int:
        found = MeetingLink.objects.filter(meeting=o).order_by("pk").first()
        return found.pk if found is not None else 0

    def base(o: Meeting) -> str:
        return f"{API}/meetings/{o.pk}"

    link_body = {"kind": "media_report", "title": "报道", "url": "https://example.com/b"}
    meeting_ops = [
        Op("patch", meeting_perms.can_edit_meeting,
           api=lambda o: ("patch", base(o), {"title": "改过的会议名称"})),
        Op("add_item", meeting_perms.can_edit_meeting,
           api=lambda o: ("post", f"{base(o)}/items", {"title": "议题三", "openness": "closed",
                                                       "closed_reason": "内部事务。"})),
        Op("patch_item", meeting_perms.can_edit_meeting,
           api=lambda o: ("patch", f"{base(o)}/items/{item(o).pk}", {"title": "改过的议题"})),
        Op("delete_item", meeting_perms.can_edit_meeting,
           api=lambda o: ("delete", f"{base(o)}/items/{item(o).pk}", {}),
           ui=lambda o: ("post", reverse("meetings:item_remove", args=[o.pk, item(o).pk]), {})),
        Op("put_results", meeting_perms.can_record_results,
           api=lambda o: ("put", f"{base(o)}/results", {"press_release": "会议通过。"})),
        Op("add_link", meeting_perms.can_record_results,
           api=lambda o: ("post", f"{base(o)}/links", link_body),
           ui=lambda o: ("post", reverse("meetings:link_add", args=[o.pk]), link_body)),
        Op("delete_link", lambda user, o: bool(link(o)) and meeting_perms.can_record_results(user, o),
           api=lambda o: ("delete", f"{base(o)}/links/{link(o) or 1}", {}),
           ui=lambda o: ("post", reverse("meetings:link_remove", args=[o.pk, link(o) or 1]), {})),
    ]  # fmt: skip

    def meeting_snapshot(o: Any) -> Any:
        return [model_to_dict(Meeting.objects.get(pk=o.pk))] + _rows(
            AgendaItem.objects.filter(meeting=o), MeetingLink.objects.filter(meeting=o)
        )

    problems, checked = run_operations(
        district, meetings, meetings_visible_to, meeting_ops, meeting_snapshot
    )

    documents = []
    for status in (DocumentStatus.DRAFT, DocumentStatus.ISSUED):
        document = DocumentFactory(organ=district.education, status=status)
        page = docx.Document()
        page.add_paragraph("附件正文")
        data = io.BytesIO()
        page.save(data)
        document_services.attachment_add(
            actor=clerk,
            document=document,
            upload=document_services.Upload(filename="附件.docx", data=data.getvalue()),
        )
        documents.append(document)

    def attachment(o: Any) -> int:
        return Attachment.objects.filter(document=o).values_list("pk", flat=True).get()

    document_ops = [
        Op(
            "delete_attachment",
            document_perms.can_manage_attachments,
            api=lambda o: ("delete", f"{API}/documents/{o.pk}/attachments/{attachment(o)}", {}),
            ui=lambda o: (
                "post",
                reverse("staff:attachment_delete", args=[o.pk, attachment(o)]),
                {},
            ),
        ),
    ]

    def document_snapshot(o: Any) -> Any:
        return [model_to_dict(type(o).objects.get(pk=o.pk))] + _rows(
            Attachment.objects.filter(document=o)
        )

    more, counted = run_operations(
        district, documents, documents_visible_to, document_ops, document_snapshot
    )
    problems += more
    checked = {k: checked[k] + counted[k] for k in checked}
    _assert_clean(problems, checked, allowed=1, refused=1)


# --- 政策解读 media and 征集调查 选登 ---------------------------------------------------------------


def test_interpretation_media_and_featured_answers(district, clerk):
    """Delete an interpretation's image (one interpretation per status: only its drafting
    organ, while it may still be edited); list the free-text answers of a 征集调查 and select
    one for the results (选登: the organising department, while open or closed)."""
    make = make_interpretation(district)
    interpretations = []
    for status in InterpretationStatus:
        interpretation = make(district.education, status)
        # Uploaded while a draft (the only time the clerk may), then back to its status.
        Interpretation.objects.filter(pk=interpretation.pk).update(
            status=InterpretationStatus.DRAFT
        )
        interpretation_services.media_add(
            actor=clerk,
            interpretation=Interpretation.objects.get(pk=interpretation.pk),
            upload=upload("图解.png", png_bytes()),
        )
        Interpretation.objects.filter(pk=interpretation.pk).update(status=status)
        interpretations.append(interpretation)

    def media(o: Any) -> int:
        return Media.objects.filter(interpretation=o).values_list("pk", flat=True).get()

    media_ops = [
        Op(
            "delete_media",
            interpretation_perms.can_manage_media,
            ui=lambda o: (
                "post",
                reverse("interpretations:media_delete", args=[o.pk, media(o)]),
                {},
            ),
        ),
    ]

    def media_snapshot(o: Any) -> Any:
        return [model_to_dict(type(o).objects.get(pk=o.pk))] + _rows(
            Media.objects.filter(interpretation=o)
        )

    problems, checked = run_operations(
        district, interpretations, interpretations_visible_to, media_ops, media_snapshot
    )

    surveys = []
    for _ in range(3):  # to stay open, to close, to close and report
        s = open_survey(district.education, clerk)
        single, _multiple, text = ids(s)
        mailbox_services.response_submit(
            solicitation=s,
            answers={single.pk: single.options.first().pk, text.pk: "希望增加东线。"},
        )
        surveys.append(s)
    still_open, closed, reported = surveys
    for s in (closed, reported):
        Solicitation.objects.filter(pk=s.pk).update(closes_at=timezone.now())
    mailbox_services.solicitations_tick()
    reported.refresh_from_db()
    mailbox_services.solicitation_report(actor=clerk, solicitation=reported, results_text="结果。")
    assert [type(s).objects.get(pk=s.pk).status for s in surveys] == [
        SolicitationStatus.OPEN, SolicitationStatus.CLOSED, SolicitationStatus.REPORTED
    ]  # fmt: skip

    def answer(o: Any) -> int:
        return SolicitationAnswer.objects.filter(
            response__solicitation=o, option__isnull=True
        ).values_list("pk", flat=True).get()  # fmt: skip

    def may_feature(user: Any, o: Any) -> bool:
        return mailbox_perms.can_manage_solicitation(user, o) and o.status in (
            SolicitationStatus.OPEN, SolicitationStatus.CLOSED
        )  # fmt: skip

    answer_ops = [
        Op(
            "list_texts",
            mailbox_perms.can_manage_solicitation,
            api=lambda o: ("get", f"{API}/solicitations/{o.pk}/texts", {}),
        ),
        Op(
            "feature",
            may_feature,
            api=lambda o: (
                "post",
                f"{API}/solicitations/{o.pk}/texts/{answer(o)}/feature",
                {"featured": True},
            ),
            ui=lambda o: (
                "post",
                reverse("mailbox:answer_feature", args=[o.pk, answer(o)]),
                {"featured": "1"},
            ),
        ),
    ]

    def answer_snapshot(o: Any) -> Any:
        return [model_to_dict(type(o).objects.get(pk=o.pk))] + _rows(
            SolicitationAnswer.objects.filter(response__solicitation=o)
        )

    more, counted = run_operations(
        district, surveys, solicitations_visible_to, answer_ops, answer_snapshot
    )
    problems += more
    checked = {k: checked[k] + counted[k] for k in checked}
    _assert_clean(problems, checked, allowed=10, refused=50)
