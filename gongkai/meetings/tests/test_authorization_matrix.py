"""The authorisation matrix of 政府会议 (issue 16): every role at the owning organ and at
another department × one meeting per status × every action of the registered ActionSet,
through the staff pages (GET and POST) and the API — with the runner of
tests/test_authorization_matrix_modules.py (what is offered is exactly what the module's
`can_*` allow; everything else refused with a 4xx and nothing written)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from gongkai.meetings.selectors import meetings_visible_to
from gongkai.meetings.workflow import Status
from tests.test_authorization_matrix_modules import API, Kind, _payload, run_matrix

# Permission logic, the same on every backend: CI runs it once, on SQLite (Makefile test-ci).
pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

# Staff routes named after the action, but for the edit form; the API edits with PATCH
# (not posted here).
UI = {"edit": "meetings:edit"}
API_NONE = {"edit"}


def test_every_role_organ_meeting_and_action(build, district, clerk, reviewer, head, gov_office):
    meetings = [build(status, applications=2) for status in Status]
    ctx: dict[str, Any] = {"district": district}
    kind = Kind(
        name="meeting",
        objects=lambda ctx: meetings,
        visible=meetings_visible_to,
        ui_detail=lambda o: reverse("meetings:detail", args=[o.pk]),
        ui_action=lambda o, n: reverse(UI.get(n, f"meetings:{n}"), args=[o.pk]),
        api_detail=lambda o: f"{API}/meetings/{o.pk}",
        api_action=lambda o, n: None if n in API_NONE else f"{API}/meetings/{o.pk}/{n}",
        payload=_payload,
    )
    problems, checked = run_matrix(kind, meetings, ctx)
    assert not problems, f"{len(problems)} disagreements:\n" + "\n".join(problems[:60])
    assert checked["refusals"] > 500 and checked["offered"] > 10, checked
