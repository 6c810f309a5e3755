"""The per-status comment counters kept on the consultation row equal the real aggregate
after any sequence of the comment services; the recount command repairs drift; the staff
moderation page pages by keyset and reads the counters."""

from __future__ import annotations

import random
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.decisions import services
from gongkai.decisions.models import Comment, CommentCluster, PublicConsultation
from gongkai.decisions.services import COUNT_FIELDS, comment_counts_actual
from gongkai.decisions.tests import factories as f
from gongkai.decisions.workflow import CommentStatus, Disposition
from gongkai.lib.similar import fingerprint

pytestmark = pytest.mark.django_db

BODIES = (
    "坚决反对停车收费上涨，请保留老城区夜间免费停车位！",
    "坚决反对停车收费上涨，请保留老城区夜间免费停车位！！",
    "坚决反对停车收费上涨，请保留老城区夜间免费停车位。谢谢",
    "建议学校周边设置临时停车泊位",
    "新能源汽车应当实行首两小时免费",
)


def _kept(c: PublicConsultation) -> dict[str, int]:
    c.refresh_from_db()
    return {key: getattr(c, key) for key in COUNT_FIELDS}


def _step(clerk, c, rng: random.Random, op: str) -> None:
    comments = list(Comment.objects.filter(consultation=c).order_by("id"))
    try:
        if op == "submit" and c.status == "open":
            article = rng.choice([None, *c.articles.values_list("pk", flat=True)])
            services.comment_submit(consultation=c, body=rng.choice(BODIES), article_id=article)
        elif op == "approve" and comments:
            services.comment_moderate(actor=clerk, comment=rng.choice(comments), approve=True)
        elif op == "hide" and comments:
            services.comment_moderate(
                actor=clerk, comment=rng.choice(comments), approve=False, reason="广告"
            )
        elif op == "cluster":
            services.consultation_cluster(actor=clerk, consultation=c)
        elif op == "close" and c.status == "open":
            f.close(c)
        elif op == "rule" and comments:
            services.comment_rule(
                actor=clerk,
                comment=rng.choice(comments),
                disposition=rng.choice(Disposition.values),
                reason="已研究",
            )
        elif op == "cluster_rule":
            cluster = CommentCluster.objects.filter(consultation=c).first()
            if cluster is not None:
                services.cluster_rule(
                    actor=clerk,
                    cluster_obj=cluster,
                    disposition=rng.choice(Disposition.values),
                    reason="统一答复",
                )
    except Exception as exc:  # refusals (wrong phase) are part of the random walk
        from gongkai.core.exceptions import GateRefused, InvalidInput, TransitionNotAllowed

        if not isinstance(exc, GateRefused | InvalidInput | TransitionNotAllowed):
            raise
    c.refresh_from_db()


OPS = st.sampled_from(
    ["submit", "submit", "submit", "approve", "hide", "cluster", "close", "rule", "cluster_rule"]
)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(OPS, min_size=5, max_size=30), seed=st.integers(0, 10_000))
def test_counters_equal_the_aggregate_after_random_operations(clerk, district, ops, seed):
    d = f.to_participation(clerk, district.education)
    c = f.open_consultation(clerk, d)
    rng = random.Random(seed)
    for op in ops:
        _step(clerk, c, rng, op)
        assert _kept(c) == comment_counts_actual(c), op
    assert services.unruled_count(c) == comment_counts_actual(c)["unruled_count"]


def test_recount_command_repairs_bulk_loads(clerk, district):
    d = f.to_participation(clerk, district.education)
    c = f.open_consultation(clerk, d)
    services.comment_submit(consultation=c, body="建议一")
    Comment.objects.bulk_create(
        Comment(
            consultation=c,
            number=f"BULK{i}",
            body=f"批量意见{i}",
            fingerprint=fingerprint(f"批量意见{i}"),
            status=CommentStatus.HIDDEN if i % 3 == 0 else CommentStatus.APPROVED,
        )
        for i in range(9)
    )
    assert _kept(c) != comment_counts_actual(c)
    out = StringIO()
    call_command("recount_comments", stdout=out)
    assert "corrected 1" in out.getvalue()
    assert (
        _kept(c)
        == comment_counts_actual(c)
        == {
            "pending_count": 1,
            "approved_count": 6,
            "hidden_count": 3,
            "unruled_count": 7,
        }
    )
    out = StringIO()
    call_command("recount_comments", str(c.pk), stdout=out)
    assert "corrected 0" in out.getvalue()


def test_staff_moderation_page_keyset(client, clerk, district):
    d = f.to_participation(clerk, district.education)
    c = f.open_consultation(clerk, d)
    made = [services.comment_submit(consultation=c, body=f"意见第{i}号") for i in range(120)]
    services.comment_moderate(actor=clerk, comment=made[0], approve=False, reason="广告")
    client.force_login(clerk)
    url = reverse("decisions:consultation", args=[c.pk])
    seen: list[str] = []
    page = client.get(url, {"status": "pending"})
    pages = 0
    while True:
        pages += 1
        ctx = page.context
        seen += [x.number for x in ctx["page"].object_list]
        assert ctx["counts"] == {"pending": 119, "approved": 0, "hidden": 1}
        assert ctx["unruled"] == 119
        if not ctx["page"].has_next:
            assert 'id="page-next"' not in page.content.decode()
            break
        assert 'id="page-next"' in page.content.decode()
        page = client.get(url, {"status": "pending", "after": ctx["page"].next_after})
    assert pages == 3
    assert seen == [x.number for x in made[1:]]
    # A malformed cursor falls back to the first page.
    assert client.get(url, {"after": "x"}).context["page"].object_list[0].number == made[0].number
    # The unruled filter leaves out the hidden comment.
    first = client.get(url, {"unruled": "1"}).context["page"].object_list[0]
    assert first.number == made[1].number
