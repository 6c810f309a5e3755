"""Staff pages for the issue 11 procedure steps: each form posts to its service."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from gongkai.core.models import events_for
from gongkai.inforequests import services
from gongkai.inforequests.models import ConsultationKind, ConsultationPosition, Outcome
from gongkai.inforequests.tests.factories import received, release_reviewed
from gongkai.inforequests.workflow import Status

pytestmark = pytest.mark.django_db
D = date


def url(name: str, ir: Any) -> str:
    return reverse(f"inforequests:{name}", args=[ir.pk])


@pytest.fixture
def ir(district, reviewer):
    return received(reviewer, district.education, D(2025, 12, 10))


def test_reasons_then_delayed_deadline_on_the_case_page(client, reviewer, ir):
    client.force_login(reviewer)
    page = client.get(url("detail", ir))
    assert "reasons_request" in page.context["actions"]
    assert "delayed_deadline" not in page.context["actions"]
    response = client.post(url("reasons_request", ir), {"matters": ""})
    assert response.status_code == 400
    client.post(url("reasons_request", ir), {"matters": "本月申请120件，请说明理由。"})
    ir.refresh_from_db()
    assert ir.reasons_requested_on == D(2025, 12, 15)
    page = client.get(url("detail", ir))
    assert 'id="form-delayed-deadline"' in page.content.decode()
    client.post(
        url("delayed_deadline", ir),
        {"days": 30, "reason": "需逐件调档", "applicant_reasons": "研究"},
    )
    ir.refresh_from_db()
    assert ir.delayed_days == 30
    page = client.get(url("detail", ir)).content.decode()
    assert 'id="reasons-requested"' in page and "延迟答复期限30个工作日" in page
    assert events_for(ir).filter(action="inforequest.delayed").exists()


def test_lapsed_correction_is_closed_by_the_office_on_the_page(client, district, reviewer):
    ir = received(reviewer, district.education, D(2025, 11, 3))
    services.inforequest_notify_correction(
        actor=reviewer, info_request=ir, items=["名称"], period_days=5, notified_on=D(2025, 11, 4)
    )
    client.force_login(reviewer)
    # 条例第三十条: the period (5 wd from 4 November) has ended; no need to wait for the job.
    assert "correction_lapse" in client.get(url("detail", ir)).context["actions"]
    services.inforequests_sweep()
    page = client.get(url("detail", ir))
    assert 'id="form-correction-lapse"' in page.content.decode()
    response = client.post(url("correction_lapse", ir), {"note": ""})
    assert response.status_code == 400
    client.post(url("correction_lapse", ir), {"note": "电话核实，申请人无正当理由。"})
    ir.refresh_from_db()
    assert ir.status == Status.TERMINATED and ir.outcome == Outcome.OTHER_NO_CORRECTION


def test_disclosure_over_objection_through_the_page(client, reviewer, ir):
    consultation = services.consultation_start(
        actor=reviewer,
        info_request=ir,
        kind=ConsultationKind.THIRD_PARTY,
        party="甲公司",
        sent_on=D(2025, 12, 11),
    )
    services.consultation_answer(
        actor=reviewer,
        consultation=consultation,
        position=ConsultationPosition.OBJECT,
        answered_on=D(2025, 12, 12),
    )
    release_reviewed(reviewer, ir)
    client.force_login(reviewer)
    page = client.get(url("detail", ir)).content.decode()
    assert 'id="third-party-objected"' in page
    response = client.post(url("decide", ir), {"outcome": Outcome.OPEN})
    assert response.status_code == 422 and "公共利益" in response.content.decode()
    client.post(
        url("decide", ir),
        {"outcome": Outcome.OPEN, "public_interest_finding": "涉及公共安全，不公开影响重大。"},
    )
    ir.refresh_from_db()
    assert ir.status == Status.DECIDED
    page = client.get(url("detail", ir)).content.decode()
    assert "涉及公共安全，不公开影响重大。" in page
    assert f'id="form-disclosure-notice-{consultation.pk}"' in page
    client.post(
        url("disclosure_notice", ir),
        {"consultation": consultation.pk, "content": "全文", "reasons": "公共安全"},
    )
    response = client.post(url("reply", ir), {"delivery": "post"})
    assert response.status_code == 422
    page = client.get(url("detail", ir)).content.decode()
    assert f'id="form-disclosure-delivered-{consultation.pk}"' in page
    client.post(url("disclosure_delivered", ir), {"consultation": consultation.pk})
    client.post(url("reply", ir), {"delivery": "post"})
    ir.refresh_from_db()
    assert ir.status == Status.REPLIED
