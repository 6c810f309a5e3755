"""The authorisation matrix of the newer modules (issue 16): role × organ × object × action,
through the staff pages (GET and the POST of every action) and the API.

Cases are generated from the registered ActionSpecs (kit.workflow `action_set`), not from a
hand list. For each user of the cast (every role at the owning organ 教育局 and at another
department 财政局, the district-wide roles at the 区政府, and a staff user with no role) and
each object (one per status, reached through the module's services, owned by 教育局):

- visibility: the staff detail page and the API detail answer 200 exactly when the
  module's selector shows the object, otherwise 403/404 (never 500);
- every action of the module's ActionSet that the workflow allows in the object's status
  (and, for the owning organ's clerk, every action at all), posted through the staff page
  and the API:
  * not offered (`actions_for`, i.e. the module's `can_*` and its workflow) → refused with
    400/403/404/405/409/422, and nothing written (the object's row and the audit trail are
    unchanged);
  * offered → not refused for permission (never 403/404/500). Offered actions run inside a
    savepoint that is rolled back, so every user meets the same object.

Modules: 领导信箱 (mailbox: PublicMessage) and its 征集调查 (Solicitation), 重大行政决策 (decisions: MajorDecision), its
意见征集 (PublicConsultation; the comments' moderation and rulings are in
tests/test_authorization_matrix_operations.py), 回应关切 (concerns: OpinionCase, its responses
published and taken down) and 年度报告 (reports: AnnualReport); 政府会议 (meetings) in
gongkai/meetings/tests/test_authorization_matrix.py with the same runner.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model, QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import HIERARCHICAL_ROLES, ApiToken, Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.concerns.models import OpinionResponse
from gongkai.concerns.selectors import cases_visible_to
from gongkai.concerns.tests.test_actions_property import BUILDERS as CASE_BUILDERS
from gongkai.concerns.workflow import Severity
from gongkai.core.kit.workflow import action_set, actions_for
from gongkai.core.models import AuditEvent
from gongkai.decisions.selectors import consultations_visible_to, decisions_visible_to
from gongkai.decisions.tests.test_actions_property import C_STAGES, STAGES
from gongkai.decisions.tests.test_actions_property import _consultation as reach_consultation
from gongkai.decisions.tests.test_actions_property import _reach as reach_decision
from gongkai.mailbox import services as mailbox_services
from gongkai.mailbox.models import Solicitation
from gongkai.mailbox.selectors import messages_visible_to, solicitations_visible_to
from gongkai.mailbox.tests.test_actions_property import BUILDERS as MESSAGE_BUILDERS
from gongkai.mailbox.tests.test_solicitations import make_survey, open_survey
from gongkai.reports import services as reports_services
from gongkai.reports.selectors import annual_reports_visible_to

# Permission logic, the same on every backend: CI runs it once, on SQLite (Makefile test-ci).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

API = "/api/v1"
REFUSED = {400, 403, 404, 405, 409, 422}
NOT_PERMITTED = {403, 404}


@dataclass(frozen=True)
class Kind:
    name: str
    objects: Callable[[dict[str, Any]], list[Model]]
    visible: Callable[[Any], QuerySet[Any]]
    ui_detail: Callable[[Model], str]
    # None: the action has no route of that kind for this object
    ui_action: Callable[[Model, str], str | None]
    api_detail: Callable[[Model], str]
    api_action: Callable[[Model, str], str | None]
    payload: Callable[[dict[str, Any]], dict[str, Any]]


def _messages(ctx: dict[str, Any]) -> list[Model]:
    return [build(ctx, consent_publish=True) for build in MESSAGE_BUILDERS.values()]


def _decisions(ctx: dict[str, Any]) -> list[Model]:
    organ = ctx["district"].education
    return [
        reach_decision(stage, ctx["clerk"], organ, ctx["legal"], ctx["gov_office"])
        for stage in STAGES
    ]


def _consultations(ctx: dict[str, Any]) -> list[Model]:
    """意见征集, one per status (draft, announced, open, closed, reported)."""
    return [reach_consultation(s, ctx["clerk"], ctx["district"].education) for s in C_STAGES]


def _solicitations(ctx: dict[str, Any]) -> list[Model]:
    """征集调查, one per status (draft, scheduled, open, closed, reported, withdrawn)."""
    clerk, organ = ctx["clerk"], ctx["district"].education
    closed = open_survey(organ, clerk)
    reported = open_survey(organ, clerk)
    # The job closes both (and anything else open then): the others are made after it.
    mailbox_services.solicitations_tick(now=closed.closes_at + timedelta(seconds=1))
    reported.refresh_from_db()
    mailbox_services.solicitation_report(actor=clerk, solicitation=reported, results_text="结果。")
    draft = make_survey(organ, clerk)
    scheduled = mailbox_services.solicitation_publish(
        actor=clerk, solicitation=make_survey(organ, clerk, opens_in=24)
    )
    still_open = open_survey(organ, clerk)
    withdrawn = mailbox_services.solicitation_withdraw(
        actor=clerk, solicitation=make_survey(organ, clerk), reason="不再征集。"
    )
    found: list[Model] = [draft, scheduled, still_open, closed, reported, withdrawn]
    now = dict(Solicitation.objects.values_list("pk", "status"))
    statuses = [now[o.pk] for o in found]
    assert statuses == [
        "draft", "scheduled", "open", "closed", "reported", "withdrawn"
    ], statuses  # fmt: skip
    return found


def _cases(ctx: dict[str, Any]) -> list[Model]:
    c = SimpleNamespace(**ctx)
    when = timezone.now() - timedelta(hours=5)
    return [build(c, when, Severity.ORDINARY) for build in CASE_BUILDERS]


def _case_response(case: Model, published: bool) -> Any:
    return (
        OpinionResponse.objects.filter(case_id=case.pk, published_at__isnull=not published)
        .order_by("pk")
        .first()
    )


def _case_ui(case: Model, name: str) -> str | None:
    if name in ("publish_response", "unpublish_response"):
        response = _case_response(case, name == "unpublish_response")
        if response is None:
            return None
        url = (
            "concerns:response_unpublish"
            if name == "unpublish_response"
            else "concerns:response_publish"
        )
        return reverse(url, args=[response.pk])
    return reverse("concerns:action", args=[case.pk, name])


def _case_api(case: Model, name: str) -> str | None:
    if name in ("publish_response", "unpublish_response"):
        response = _case_response(case, name == "unpublish_response")
        if response is None:
            return None
        verb = "unpublish" if name == "unpublish_response" else "publish"
        return f"{API}/concerns/responses/{response.pk}/{verb}"
    if name == "respond":
        return f"{API}/concerns/cases/{case.pk}/responses"
    return f"{API}/concerns/cases/{case.pk}/{name}"


def _reports(ctx: dict[str, Any]) -> list[Model]:
    """One 年度报告 per status (a year each), reached through the services."""
    organ, reviewer, head = ctx["district"].education, ctx["reviewer"], ctx["head"]
    found: list[Model] = []
    for year, status in zip((2021, 2022, 2023, 2024), range(4), strict=True):
        report = reports_services.annual_report_create(actor=reviewer, organ=organ, year=year)
        if status >= 1:
            reports_services.annual_report_check(actor=reviewer, report=report)
        if status >= 2:
            reports_services.annual_report_sign_off(actor=head, report=report)
        if status >= 3:
            reports_services.annual_report_publish(actor=reviewer, report=report)
        found.append(report)
    return found


REPORT_UI = {"edit": "reports:section"}
REPORT_API = {"sign_off": "sign-off", "figure": "figures", "edit": None}


def _report_api(report: Model, name: str) -> str | None:
    verb = REPORT_API.get(name, name)
    return None if verb is None else f"{API}/annual-reports/{report.pk}/{verb}"


def _payload(ctx: dict[str, Any]) -> dict[str, Any]:
    """A superset of what the actions' forms and bodies ask, so that a refusal is about
    who and when, not about a missing field."""
    district = ctx["district"]
    return {
        "reason": "越权测试理由",
        "reply": "越权测试答复",
        "note": "越权测试说明",
        "opinion": "越权测试意见",
        "report": "越权测试报告",
        "summary": "越权测试小结",
        "passed": True,
        "to_organ": district.finance.pk,
        "organ": district.finance.pk,
        "meeting_kind": "executive",
        "meeting_date": "2026-03-02",
        "meeting_name": "常务会议",
        "minutes": "纪要",
        "decision_text": "决定",
        "title": "越权修改的名称",
        "kind": "other",
        "body": "内容",
        "evaluation": "越权评估",
        "press_release": "越权通稿",
        "method": "order",
        "row": "licensing",
        "column": "decisions",
        "value": "7",
        "source": "越权来源",
        "form": "release",
        "content": "越权回应内容",
        "severity": "major",
        "occurred_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "results_text": "越权公布的结果",
    }


def kinds() -> list[Kind]:
    return [
        Kind(
            name="message",
            objects=_messages,
            visible=messages_visible_to,
            ui_detail=lambda o: reverse("mailbox:detail", args=[o.pk]),
            ui_action=lambda o, n: reverse("mailbox:action", args=[o.pk, n]),
            api_detail=lambda o: f"{API}/messages/{o.pk}",
            api_action=lambda o, n: f"{API}/messages/{o.pk}/{n}",
            payload=_payload,
        ),
        Kind(
            name="solicitation",
            objects=_solicitations,
            visible=solicitations_visible_to,
            ui_detail=lambda o: reverse("mailbox:solicitation", args=[o.pk]),
            ui_action=lambda o, n: reverse("mailbox:solicitation_action", args=[o.pk, n]),
            api_detail=lambda o: f"{API}/solicitations/{o.pk}",
            api_action=lambda o, n: f"{API}/solicitations/{o.pk}/{n}",
            payload=_payload,
        ),
        Kind(
            name="decision",
            objects=_decisions,
            visible=decisions_visible_to,
            ui_detail=lambda o: reverse("decisions:detail", args=[o.pk]),
            ui_action=lambda o, n: reverse("decisions:action", args=[o.pk, n]),
            api_detail=lambda o: f"{API}/decisions/{o.pk}",
            api_action=lambda o, n: f"{API}/decisions/{o.pk}/actions/{n}",
            payload=_payload,
        ),
        Kind(
            name="consultation",
            objects=_consultations,
            visible=consultations_visible_to,
            ui_detail=lambda o: reverse("decisions:consultation", args=[o.pk]),
            ui_action=lambda o, n: reverse("decisions:consultation_action", args=[o.pk, n]),
            api_detail=lambda o: f"{API}/decisions/consultations/{o.pk}",
            api_action=lambda o, n: f"{API}/decisions/consultations/{o.pk}/actions/{n}",
            payload=_payload,
        ),
        Kind(
            name="concern",
            objects=_cases,
            visible=cases_visible_to,
            ui_detail=lambda o: reverse("concerns:detail", args=[o.pk]),
            ui_action=_case_ui,
            api_detail=lambda o: f"{API}/concerns/cases/{o.pk}",
            api_action=_case_api,
            payload=_payload,
        ),
        Kind(
            name="annual_report",
            objects=_reports,
            visible=annual_reports_visible_to,
            ui_detail=lambda o: reverse("reports:detail", args=[o.pk]),
            ui_action=lambda o, n: reverse(REPORT_UI.get(n, f"reports:{n}"), args=[o.pk]),
            api_detail=lambda o: f"{API}/annual-reports/{o.pk}",
            api_action=_report_api,
            payload=_payload,
        ),
    ]


def _cast(district: Any) -> list[Any]:
    """Every role at the owning organ and at another department; the roles that cover the
    organs below (HIERARCHICAL_ROLES) at the 区政府 too, district-wide (a drafting role
    there is just another organ's), and the 区政府办公室 at its own office; a staff user with
    no role."""
    users = [
        UserFactory(username=f"m-{role.value}-{organ.slug}", roles=[(organ, role)])
        for role in Role
        for organ in (district.education, district.finance)
    ]
    users += [
        UserFactory(username=f"m-{role.value}-{district.government.slug}",
                    roles=[(district.government, role)])
        for role in sorted(HIERARCHICAL_ROLES)
    ]  # fmt: skip
    users.append(
        UserFactory(
            username=f"m-government_office-{district.office.slug}",
            roles=[(district.office, Role.GOVERNMENT_OFFICE)],
        )
    )
    users.append(UserFactory(username="m-no-role"))
    return users


def _state(obj: Model) -> tuple[dict[str, Any], int]:
    """The object's row and the length of the audit trail (every service records an event;
    one query each: model_to_dict read every many-to-many field too)."""
    row = type(obj)._default_manager.filter(pk=obj.pk).values().get()
    return row, AuditEvent.objects.count()


def _post(client: Client, url: str, data: dict[str, Any], name: str, *, api: bool) -> Any:
    if api:
        return client.post(url, data=json.dumps(data), content_type="application/json")
    # Forms of some modules carry the action's prefix (concerns: "dismiss-reason").
    fields = {k: str(v) for k, v in data.items()}
    fields |= {f"{name}-{k}": v for k, v in list(fields.items())}
    return client.post(url, data=fields)


def run_matrix(
    kind: Kind, objects: list[Model], ctx: dict[str, Any]
) -> tuple[list[str], dict[str, int]]:
    """Every user of the cast × every object × every action of its ActionSet; returns the
    disagreements and how many cases were checked."""
    users = _cast(ctx["district"])
    # The user who tries every action, also those the workflow rules out in the object's
    # status: the owning organ's clerk, who holds most of the modules' `can_*` (for a user
    # without the permission the refusal does not depend on the status).
    owner = ctx["district"].education.slug
    probes = [u for u in users if u.username == f"m-clerk-{owner}"]
    assert len(probes) == 1, [u.username for u in users]
    problems: list[str] = []
    checked = {"pairs": 0, "refusals": 0, "offered": 0}
    payload = kind.payload(ctx)
    # One client each for the API and the staff pages, switched from user to user: a new
    # test client loads the middleware again (whitenoise scans the static files each time).
    api, ui = Client(), Client()
    for user in users:
        cache.clear()  # rate limits: thousands of requests from one address
        _, raw = ApiToken.issue(user=user, name="matrix")
        api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
        ui.force_login(user)
        visible_pks = set(kind.visible(user).values_list("pk", flat=True))
        for obj in objects:
            checked["pairs"] += 1
            obj = type(obj)._default_manager.get(pk=obj.pk)
            status = getattr(obj, "status", "")
            label = f"{kind.name}[{status}] × {user.username}"
            visible = obj.pk in visible_pks
            offered = set(actions_for(user, obj)) if visible else set()

            for where, client, detail in (
                ("API", api, kind.api_detail(obj)),
                ("staff", ui, kind.ui_detail(obj)),
            ):
                code = client.get(detail).status_code
                if visible and code != 200:
                    problems.append(f"{label}: {where} detail {code} though visible")
                elif not visible and code not in NOT_PERMITTED:
                    problems.append(f"{label}: {where} detail {code} though not visible")

            actions = action_set(obj)
            possible_events = set(actions.machine.allowed_events(actions.status_of(obj)))
            for name in actions.names():
                spec = actions.spec(name)
                if spec.events and not possible_events & spec.events and user not in probes:
                    # The workflow rules the action out in this status whoever asks (the
                    # modules' Hypothesis tests check offered = accepted over every status);
                    # its refusal over HTTP, writing nothing, is checked for the probes only.
                    continue
                for where, client, url in (
                    ("API", api, kind.api_action(obj, name)),
                    ("staff", ui, kind.ui_action(obj, name)),
                ):
                    if url is None:
                        continue
                    before = _state(obj)
                    with transaction.atomic():
                        response = _post(client, url, payload, name, api=where == "API")
                        after = _state(obj)
                        transaction.set_rollback(True)
                    code = response.status_code
                    if name in offered:
                        checked["offered"] += 1
                        if code in NOT_PERMITTED or code >= 500:
                            problems.append(f"{label}: {where} {name} offered, answered {code}")
                        continue
                    checked["refusals"] += 1
                    if code not in REFUSED:
                        problems.append(f"{label}: {where} {name} not offered, answered {code}")
                    if after != before:
                        problems.append(f"{label}: {where} {name} not offered, but wrote")
    return problems, checked


@pytest.mark.parametrize(
    "module",
    ["message", "solicitation", "decision", "consultation", "concern", "annual_report"],
)
def test_every_role_organ_object_and_action_of_the_newer_modules(
    module, district, clerk, reviewer, gov_office, head, secrecy_reviewer, other_clerk,
    other_reviewer, administrator, citizen,
):  # fmt: skip
    # 合法性审查 of the district government (covers its departments), as decisions' tests.
    legal = UserFactory(username="legal", roles=[(district.government, Role.LEGAL)])
    ctx = {
        "district": district,
        "clerk": clerk,
        "reviewer": reviewer,
        "legal": legal,
        "gov_office": gov_office,
        "head": head,
        "secrecy_reviewer": secrecy_reviewer,
        "other_clerk": other_clerk,
        "other_reviewer": other_reviewer,
        "administrator": administrator,
        "citizen": citizen,
    }
    kind = next(k for k in kinds() if k.name == module)
    problems, checked = run_matrix(kind, kind.objects(ctx), ctx)
    assert not problems, f"{len(problems)} disagreements:\n" + "\n".join(problems[:60])
    # Fewer actions, fewer cases: 征集调查 has three (publish, report, withdraw).
    least = {"consultation": 400, "solicitation": 150}.get(module, 500)
    assert checked["refusals"] > least and checked["offered"] > 10, checked
