"""Self-inspection decisions (G17), as properties over random worklists (Hypothesis):

- what :func:`inspection.decisions_offered` offers a user on an item is exactly what
  :func:`inspection.inspection_item_decide` accepts from that user (an offered decision may
  still be refused by a gate — G5 for a classified document — or bad input, never with
  NotPermitted/TransitionNotAllowed; one not offered always is), for every member of the
  cast, every decision and every state an item reaches through the service;
- the worklist's decisions feed the report exactly: the figures stored with the report and the
  numbers in its narrative are the counts of the items' decisions.

Each example runs in a transaction that is rolled back; each attempt in a savepoint.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import partial
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.exceptions import GateRefused
from gongkai.core.kit.testing import assert_offered_is_accepted, attempt
from gongkai.documents.models import Attribute, ReasonCode, SecrecyLevel
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.reports import inspection, services
from gongkai.reports.content import report_content
from gongkai.reports.models import Decision, InspectionItem, ItemKind
from gongkai.reports.tests.conftest import YEAR

pytestmark = pytest.mark.django_db

CAST = ("reviewer", "other_reviewer", "clerk", "head", "gov_office", "administrator", "citizen")
NOTE = "经复核，理由和依据如下：……"

items_strategy = st.lists(
    st.tuples(
        st.sampled_from(["withheld", "on_request", "frequent"]),
        st.booleans(),  # classified (密级) — only for a document
        st.sampled_from(list(Decision.values)),  # the decision taken first (pending: none)
    ),
    min_size=1,
    max_size=4,
)


@pytest.fixture
def cast(request: pytest.FixtureRequest, district: Any) -> dict[str, Any]:
    users = {name: request.getfixturevalue(name) for name in CAST}
    users["anonymous"] = AnonymousUser()
    return users


def _worklist(district: Any, reviewer: Any, specs: list[tuple[str, bool, str]]) -> Any:
    edu = district.education
    for n, (kind, classified, _decision) in enumerate(specs):
        if kind == "frequent":
            continue
        DocumentFactory(
            organ=edu,
            title=f"示范区教育局第{n}号内部文件",
            status=DocumentStatus.ISSUED,
            attribute=Attribute.NOT_DISCLOSED if kind == "withheld" else Attribute.ON_REQUEST,
            reason_codes=[ReasonCode.STATE_SECRET if classified else ReasonCode.PROCESS_INFO],
            on_request_reason="涉及特定申请人的生产、生活需要。" if kind == "on_request" else "",
            legal_explanation="属于过程性信息。" if kind == "withheld" else "",
            secrecy_level=SecrecyLevel.SECRET if classified else SecrecyLevel.NONE,
            written_date=date(YEAR, 3, 1 + n),
            marking="（此件不予公开）" if kind == "withheld" else "（此件依申请公开）",
        )
    current, _added = inspection.self_inspection_generate(actor=reviewer, organ=edu, year=YEAR)
    for n, (kind, _classified, _decision) in enumerate(specs):
        if kind == "frequent":
            # Information several applicants asked for that is not a registered document.
            InspectionItem.objects.create(
                inspection=current,
                kind=ItemKind.FREQUENT,
                key=f"frequent:test:{n}",
                label=f"2025年示范区第{n}批学区划分情况",
                applicant_count=3,
            )
    return current


def _decide(user: Any, item: InspectionItem, *, decision: str) -> Any:
    return inspection.inspection_item_decide(actor=user, item=item, decision=decision, note=NOTE)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(specs=items_strategy)
def test_offered_decisions_are_accepted_and_counts_feed_the_report(
    district: Any, cast: dict[str, Any], specs: list[tuple[str, bool, str]]
) -> None:
    reviewer = cast["reviewer"]
    with transaction.atomic():
        current = _worklist(district, reviewer, specs)
        items = list(current.items.order_by("written_date", "id"))
        documents = [i for i in items if i.document_id is not None]
        others = [i for i in items if i.document_id is None]
        decisions = [d for _k, _c, d in specs]
        # The first decision of each item, through the service (a classified document cannot
        # be converted: G5 keeps it pending).
        expected: Counter[str] = Counter()
        for item, decision in zip(documents + others, decisions, strict=True):
            if decision != Decision.PENDING:
                error = attempt(
                    partial(
                        inspection.inspection_item_decide,
                        actor=reviewer,
                        item=item,
                        decision=decision,
                        note=NOTE,
                    )
                )
                if error is None:
                    inspection.inspection_item_decide(
                        actor=reviewer, item=item, decision=decision, note=NOTE
                    )
                else:
                    assert isinstance(error, GateRefused) and error.gate == "G5"
                    assert item.document.secrecy_level != SecrecyLevel.NONE
                    decision = Decision.PENDING
            expected[decision] += 1
        # Offered is accepted, for every user, decision and item state reached.
        for item in current.items.all():
            assert_offered_is_accepted(
                item,
                users=cast,
                calls={
                    decision: partial(_decide, decision=decision)
                    for decision in inspection.DECISIONS
                },
                offered=inspection.decisions_offered,
            )
        # The worklist's counts are the report's figures and the narrative's numbers.
        results = inspection.inspection_results(organ=district.education, year=YEAR)
        assert results == {
            "items": len(specs),
            "converted": expected[Decision.CONVERT],
            "published": expected[Decision.PUBLISH],
            "kept": expected[Decision.KEEP],
            "partial": expected[Decision.PARTIAL],
            "pending": expected[Decision.PENDING],
        }
        report = services.annual_report_create(actor=reviewer, organ=district.education, year=YEAR)
        assert report.tables["figures"]["self_inspection"] == results
        overview = report_content(report).section_text("overview")
        assert (
            f"{results['items']}项，其中转为主动公开{results['converted']}项，"
            f"应公开而予以公开{results['published']}项，经复核继续不予公开{results['kept']}项。"
        ) in overview
        transaction.set_rollback(True)
