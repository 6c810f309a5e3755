"""What the services store for the portal is in the site's language (Chinese), even when the
member of staff works in the English back office."""

from __future__ import annotations

import pytest
from django.utils import translation

from gongkai.decisions import forms, services
from gongkai.decisions.tests import factories as f
from gongkai.decisions.workflow import RecordKind

pytestmark = pytest.mark.django_db


def test_consultation_notice_defaults_are_chinese_in_the_english_back_office(clerk, district):
    d = f.to_participation(clerk, district.education)
    with translation.override("en"):
        initial = forms.ConsultationForm().fields["how_to_comment"].initial
        c = services.consultation_create(actor=clerk, decision=d, data={"how_to_comment": initial})
    assert c.title == f"关于《{d.title}》公开征求意见的公告"
    assert c.how_to_comment.startswith("请通过本网站")


def test_trail_record_titles_are_chinese_in_the_english_back_office(
    clerk, legal, gov_office, district
):
    d = f.to_review(clerk, district.education)
    with translation.override("en"):
        services.decision_review(actor=legal, decision=d, passed=True, opinion="合法。")
        services.decision_decide(
            actor=gov_office,
            decision=d,
            meeting_kind="executive",
            meeting_date=d.created_at.date(),
            meeting_name="",
            minutes="会议同意。",
            decision_text="通过。",
        )
    titles = dict(d.records.values_list("kind", "title"))
    assert titles[RecordKind.LEGALITY_OPINION] == "合法性审查意见（通过）"
    assert titles[RecordKind.MINUTES] == "常务会议"
