"""The 重大行政决策 lines of the main 待办: who sees which key, and the tasks shown inline
(each opens the page where the work is done)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.core.kit.testing import inbox_lines, only_inbox_item
from gongkai.decisions import services
from gongkai.decisions.inbox import inbox_links
from gongkai.decisions.tests import factories as f
from gongkai.decisions.workflow import Disposition

pytestmark = pytest.mark.django_db


def lines(user: Any) -> dict[str, Any]:
    return inbox_lines(inbox_links, user)


def only_item(user: Any, key: str) -> Any:
    return only_inbox_item(inbox_links, user, key)


def test_every_line_has_a_stable_key_and_its_tasks(clerk, legal, gov_office, district):
    f.to_participation(clerk, district.education)
    f.to_review(clerk, district.education)
    for user in (clerk, legal, gov_office):
        for link in inbox_links(user, timezone.localdate()):
            assert link.key.startswith("decisions.") and link.items, link


def test_decision_waiting_for_its_consultation_goes_to_the_clerk_only(
    clerk, legal, gov_office, other_clerk, district
):
    d = f.to_participation(clerk, district.education)
    item = only_item(clerk, "decisions.consult")
    assert item.label == d.title and item.url == reverse("decisions:detail", args=[d.pk])
    assert item.handler == clerk.get_full_name()
    for user in (legal, gov_office, other_clerk):
        assert "decisions.consult" not in lines(user)
    # A drafted notice: the task opens the notice, to publish it.
    c = services.consultation_create(actor=clerk, decision=d, data={"how_to_comment": "在线"})
    assert only_item(clerk, "decisions.consult").url == reverse(
        "decisions:consultation", args=[c.pk]
    )
    services.consultation_announce(actor=clerk, consultation=c)
    assert "decisions.consult" not in lines(clerk)


def test_not_required_participation_needs_no_consultation(clerk, district):
    f.to_participation(clerk, district.education, requires_public_participation=False)
    keys = lines(clerk)
    assert "decisions.consult" not in keys and "decisions.submit_review" in keys


def test_comments_to_moderate_rule_and_report_reach_the_organ_running_the_decision(
    clerk, legal, gov_office, district
):
    d = f.to_participation(clerk, district.education)
    c = f.open_consultation(clerk, d)
    comment = services.comment_submit(consultation=c, body="建议延长免费时段")
    item = only_item(clerk, "decisions.moderate")
    assert item.label == c.title and item.due == c.closes_on
    assert item.url == reverse("decisions:consultation", args=[c.pk]) + "?status=pending"
    # The legal reviewer and the government office see the decision, but do not moderate.
    for user in (legal, gov_office):
        assert not {"decisions.moderate", "decisions.rule"} & set(lines(user))

    c.refresh_from_db()
    f.close(c)
    item = only_item(clerk, "decisions.rule")
    assert item.url == reverse("decisions:consultation", args=[c.pk]) + "?unruled=1"
    assert "decisions.report" not in lines(clerk)

    services.comment_rule(
        actor=clerk, comment=comment, disposition=Disposition.NOT_ADOPTED, reason="与上位法不符"
    )
    keys = lines(clerk)
    assert "decisions.rule" not in keys and "decisions.moderate" not in keys
    assert keys["decisions.report"].items[0].url == reverse("decisions:consultation", args=[c.pk])
    assert "decisions.submit_review" not in keys  # gate G9: no adoption report yet

    services.consultation_report(actor=clerk, consultation=c, summary="已逐条研究。")
    keys = lines(clerk)
    assert "decisions.report" not in keys
    item = keys["decisions.submit_review"].items[0]
    assert item.label == d.title and item.url == reverse("decisions:detail", args=[d.pk])


def test_legality_review_goes_to_the_legal_reviewer_with_its_due_date(
    clerk, legal, gov_office, district
):
    d = f.to_review(clerk, district.education)
    item = only_item(legal, "decisions.legality")
    review = d.legality_reviews.get()
    assert item.url == reverse("decisions:detail", args=[d.pk]) and item.due == review.due_date
    assert item.handler == legal.get_full_name()
    assert "decisions.legality" not in lines(clerk)
    assert "decisions.legality" not in lines(gov_office)
    assert "decisions.submit_review" not in lines(clerk)


def test_collective_discussion_and_publication_go_to_the_deciding_body(
    clerk, head, legal, gov_office, district
):
    d = f.to_discussion(clerk, district.education, legal)
    for user in (gov_office, head):
        assert only_item(user, "decisions.decide").url == reverse("decisions:detail", args=[d.pk])
    assert only_item(gov_office, "decisions.decide").handler == gov_office.get_full_name()
    for user in (clerk, legal):
        assert "decisions.decide" not in lines(user)


def test_staff_list_filtered_by_a_line_shows_its_decisions(client, clerk, district):
    waiting = f.to_participation(clerk, district.education)
    other = f.to_review(clerk, district.education)
    client.force_login(clerk)
    page = client.get(reverse("decisions:list"), {"todo": "consult"})
    assert page.status_code == 200
    shown = page.content.decode()
    assert f'data-decision="{waiting.pk}"' in shown and f'data-decision="{other.pk}"' not in shown


def test_hearing_approaching_goes_to_the_organ_running_the_decision(clerk, legal, district):
    d = f.to_participation(clerk, district.education)
    held_on = timezone.localdate() + timedelta(days=5)
    services.hearing_plan(
        actor=clerk, decision=d, held_on=held_on, place="区政府礼堂", selection_method="随机抽取"
    )
    item = only_item(clerk, "decisions.hearing")
    assert item.due == held_on and item.url == reverse("decisions:detail", args=[d.pk])
    assert "decisions.hearing" not in lines(legal)
