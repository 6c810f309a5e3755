"""The authorisation matrix (issue 16): every role × organ × object kind × status × action,
through the UI and the API.

For each user of the cast (every role at the owning 教育局 and at another department, the
district-wide roles at the 区政府 and its office, and a staff user with no role: the cast of
tests/test_authorization_matrix_modules.py) and each object of each kind (one per status, owned by 教育局):
- visibility: the staff detail page and the API's detail agree with the module's selector
  (200 when visible; otherwise 404 — or 403 from the back office — never the object);
- actions: the API's `allowed_actions` is exactly `actions_for(user, obj)` (kit.workflow), and
  the staff page shows no action button (`data-action`) that is not offered;
- refusal: every action that is not offered, attempted through its API route, is refused with
  a 4xx in the error envelope and leaves the object's status unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.db.models import Model, QuerySet
from django.test import Client
from django.urls import reverse

from gongkai.accounts.models import ApiToken, Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.core.kit.workflow import actions_for
from gongkai.documents.selectors import documents_visible_to
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.inforequests.models import Outcome
from gongkai.inforequests.selectors import inforequests_visible_to
from gongkai.inforequests.tests.factories import InfoRequestFactory
from gongkai.inforequests.workflow import Status as RequestStatus
from gongkai.interpretations.selectors import interpretations_visible_to
from gongkai.interpretations.tests.factories import InterpretationFactory
from gongkai.interpretations.workflow import Status as InterpretationStatus

# Permission logic, the same on every backend: CI runs it once, on SQLite (Makefile test-ci).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

API = "/api/v1"
PUBLISHED_DOCUMENT_STATUSES = {"published", "withdrawn", "repealed", "expired"}
# One object per status in which some action is offered (the end states offer nothing but
# repeal/archive, which these include); every status of 政策解读.
DOCUMENT_STATUSES = [
    "draft",
    "disclosure_review",
    "signoff",
    "government_office",
    "returned",
    "issued",
    "published",
]
REQUEST_STATUSES = ["submitted", "received", "correction", "in_process", "decided", "replied"]
REFUSED = {400, 403, 404, 409, 422}


@dataclass(frozen=True)
class Kind:
    name: str
    statuses: list[str]
    make: Callable[[Any, str], Model]
    visible: Callable[[Any], QuerySet[Any]]
    api_detail: str
    ui_detail: str
    # action → (method, path after the object's API path, body)
    api_actions: dict[str, tuple[str, str, dict[str, Any]]] = field(default_factory=dict)
    # data-action marker on the staff page → the action it performs
    ui_markers: dict[str, str] = field(default_factory=dict)


def _document(district: Any) -> Callable[[Any, str], Model]:
    counter = iter(range(1, 10_000))

    def make(organ: Any, status: str) -> Model:
        extra: dict[str, Any] = {}
        if status in PUBLISHED_DOCUMENT_STATUSES:
            extra = {
                "index_number": f"000000003/2026-{next(counter):05d}",
                "published_date": date(2026, 3, 2),
            }
        return DocumentFactory(organ=organ, status=status, **extra)

    return make


def _interpretation(district: Any) -> Callable[[Any, str], Model]:
    head = UserFactory(username="interpretation-signer", roles=[(district.education, Role.HEAD)])

    def make(organ: Any, status: str) -> Model:
        document = DocumentFactory(organ=organ, status=DocumentStatus.SIGNOFF, is_policy=True)
        extra: dict[str, Any] = {}
        if status != InterpretationStatus.DRAFT:
            extra["signed_off_by"] = head
        if status in (InterpretationStatus.PUBLISHED, InterpretationStatus.WITHDRAWN):
            extra["published_date"] = date(2026, 3, 2)
        return InterpretationFactory(organ=organ, status=status, documents=[document], **extra)

    return make


def _inforequest(district: Any) -> Callable[[Any, str], Model]:
    def make(organ: Any, status: str) -> Model:
        extra: dict[str, Any] = {}
        if status != RequestStatus.SUBMITTED:
            extra["received_date"] = date(2026, 3, 2)
        if status in (RequestStatus.DECIDED, RequestStatus.REPLIED):
            extra["outcome"] = Outcome.OPEN
        return InfoRequestFactory(organ=organ, status=status, **extra)

    return make


def kinds(district: Any) -> list[Kind]:
    return [
        Kind(
            name="document",
            statuses=DOCUMENT_STATUSES,
            make=_document(district),
            visible=documents_visible_to,
            api_detail="/documents/{pk}",
            ui_detail="staff:document_detail",
            api_actions={
                "update": ("patch", "", {"title": "越权修改的标题"}),
                "submit": ("post", "/submit", {}),
                "review_disclosure": ("post", "/review-disclosure", {"approve": True}),
                "sign_off": ("post", "/sign-off", {}),
                "return": ("post", "/return", {"category": "other", "reason": "越权退回"}),
                "accept": ("post", "/accept", {}),
                "review_confidentiality": (
                    "post",
                    "/confidentiality-review",
                    {"approve": True, "items": []},
                ),
                "publish": ("post", "/publish", {}),
                "withdraw": ("post", "/withdraw", {"reason": "越权撤回"}),
                "repeal": ("post", "/repeal", {"reason": "越权废止"}),
            },
            ui_markers={
                "edit": "update",
                "submit": "submit",
                "review_pass": "review_disclosure",
                "review_return": "review_disclosure",
                "sign_off": "sign_off",
                "accept": "accept",
                "confidentiality_pass": "review_confidentiality",
                "confidentiality_fail": "review_confidentiality",
                "publish": "publish",
                "withdraw": "withdraw",
                "repeal": "repeal",
                "attachment_add": "manage_attachments",
                "attachment_delete": "manage_attachments",
            },
        ),
        Kind(
            name="interpretation",
            statuses=[s.value for s in InterpretationStatus],
            make=_interpretation(district),
            visible=interpretations_visible_to,
            api_detail="/interpretations/{pk}",
            ui_detail="interpretations:detail",
            api_actions={
                "edit": ("patch", "", {"title": "越权修改的解读标题"}),
                "sign_off": ("post", "/sign-off", {"opinion": ""}),
            },
            ui_markers={
                "sign_off": "sign_off",
                "reopen": "reopen",
                "media_add": "media",
                "media_delete": "media",
            },
        ),
        Kind(
            name="inforequest",
            statuses=REQUEST_STATUSES,
            make=_inforequest(district),
            visible=inforequests_visible_to,
            api_detail="/inforequests/{pk}",
            ui_detail="inforequests:detail",
            api_actions={
                "confirm": ("post", "/confirm-receipt", {}),
                "assign": ("post", "/assign", {"department": district.education.pk}),
                "extend": ("post", "/extend", {"days": 20, "reason": "越权延期"}),
                "archive": ("post", "/archive", {}),
                "withdraw": ("post", "/withdraw", {"reason": "越权撤回"}),
                "reasons_request": ("post", "/reasons-request", {}),
                "transfer": ("post", "/transfer", {"organ": district.finance.pk}),
            },
            ui_markers={
                marker: marker
                for marker in (
                    "confirm",
                    "correction_notice",
                    "correction_delivered",
                    "correction_lapse",
                    "assign",
                    "extend",
                    "consult",
                    "fee_notice",
                    "fee_paid",
                    "decide",
                    "transfer",
                    "release_review",
                    "reasons_request",
                    "delayed_deadline",
                    "reply",
                    "archive",
                    "withdraw",
                )
            },
        ),
    ]


def _cast(district: Any) -> list[Any]:
    """The cast of every matrix (tests/test_authorization_matrix_modules.py)."""
    from tests.test_authorization_matrix_modules import _cast as cast

    return cast(district)


def _markers(html: str) -> set[str]:
    found = set()
    start = 0
    while (i := html.find('data-action="', start)) != -1:
        end = html.index('"', i + 13)
        found.add(html[i + 13 : end])
        start = end
    return found


def test_every_role_organ_kind_and_action_agrees_across_ui_and_api(district):
    users = _cast(district)
    problems: list[str] = []
    checked = {"pairs": 0, "refusals": 0}
    # One client each for the API and the staff pages, switched from user to user: a new
    # test client loads the middleware again (whitenoise scans the static files each time).
    api, ui = Client(), Client()
    tokens = {user.pk: ApiToken.issue(user=user, name="matrix")[1] for user in users}
    for kind in kinds(district):
        objects = [kind.make(district.education, status) for status in kind.statuses]
        ui_url = reverse(kind.ui_detail, args=[0]).replace("/0/", "/{pk}/")
        for user in users:
            api.defaults["HTTP_AUTHORIZATION"] = f"Bearer {tokens[user.pk]}"
            ui.force_login(user)
            visible_pks = set(kind.visible(user).values_list("pk", flat=True))
            for obj in objects:
                checked["pairs"] += 1
                status = type(obj).objects.values_list("status", flat=True).get(pk=obj.pk)
                label = f"{kind.name}[{status}] × {user.username}"
                visible = obj.pk in visible_pks
                offered = set(actions_for(user, obj)) if visible else set()
                base = API + kind.api_detail.format(pk=obj.pk)

                detail = api.get(base)
                if detail.status_code != (200 if visible else 404):
                    problems.append(f"{label}: API detail {detail.status_code}, visible={visible}")
                    continue
                if visible:
                    body = json.loads(detail.content)
                    if "allowed_actions" in body and set(body["allowed_actions"]) != offered:
                        problems.append(
                            f"{label}: API allowed_actions {sorted(body['allowed_actions'])} "
                            f"!= offered {sorted(offered)}"
                        )

                page = ui.get(ui_url.format(pk=obj.pk))
                if visible and page.status_code != 200:
                    problems.append(f"{label}: staff page {page.status_code} though visible")
                elif not visible and page.status_code not in (403, 404):
                    problems.append(f"{label}: staff page {page.status_code} though not visible")
                elif visible:
                    for marker in _markers(page.content.decode()):
                        action = kind.ui_markers.get(marker)
                        if action is not None and action not in offered:
                            problems.append(f"{label}: staff page offers {marker}, not offered")

                if not visible:
                    continue
                for action, (method, suffix, payload) in kind.api_actions.items():
                    if action in offered:
                        continue
                    checked["refusals"] += 1
                    response = getattr(api, method)(
                        base + suffix, data=json.dumps(payload), content_type="application/json"
                    )
                    after = type(obj).objects.values_list("status", flat=True).get(pk=obj.pk)
                    if response.status_code not in REFUSED or after != status:
                        problems.append(
                            f"{label}: {action} not offered, API answered "
                            f"{response.status_code}, status {status} → {after}"
                        )
                    elif "error" not in json.loads(response.content):
                        problems.append(f"{label}: {action} refused without the error body")
    assert not problems, f"{len(problems)} disagreements:\n" + "\n".join(problems[:60])
    assert checked["pairs"] == len(users) * 17 and checked["refusals"] > 700, checked
