"""Manual correction of near-duplicate clusters: staff split a comment out of a cluster and
merge two clusters (audited, permission-checked); the automatic re-clustering keeps the
corrections; one ruling of a cluster then answers exactly its members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.exceptions import InvalidInput, NotPermitted
from gongkai.core.models import events_for
from gongkai.decisions import services
from gongkai.decisions.models import Comment, CommentCluster
from gongkai.decisions.services import COUNT_FIELDS, comment_counts_actual
from gongkai.decisions.tests import factories as f
from gongkai.decisions.workflow import Disposition

pytestmark = pytest.mark.django_db

CAMPAIGN_A = "坚决反对停车收费上涨，请保留老城区夜间免费停车位，保障居民生活便利"
CAMPAIGN_B = "建议对新能源汽车实行首两小时免费，鼓励绿色出行，这是大家的共同心声"


@pytest.fixture
def clustered(clerk, district):
    d = f.to_participation(clerk, district.education)
    c = f.open_consultation(clerk, d)
    for tail in ("", "！", "。", "！！"):
        services.comment_submit(consultation=c, body=CAMPAIGN_A + tail)
    for tail in ("", "！"):
        services.comment_submit(consultation=c, body=CAMPAIGN_B + tail)
    services.comment_submit(consultation=c, body="学校周边应当设置临时停车泊位，方便接送学生")
    assert services.consultation_cluster(actor=clerk, consultation=c) == 2
    return c


def _cluster_of(c, text: str) -> CommentCluster:
    found = Comment.objects.get(consultation=c, body=text).cluster
    assert found is not None
    return found


def test_split_merge_then_one_ruling(client, clerk, other_clerk, clustered):
    c = clustered
    a = _cluster_of(c, CAMPAIGN_A)
    b = _cluster_of(c, CAMPAIGN_B)
    assert a.size == 4 and b.size == 2
    representative = a.representative
    # Someone else's consultation: refused.
    with pytest.raises(NotPermitted):
        services.comment_split(actor=other_clerk, comment=representative)
    # The representative is split out: the cluster keeps 3 and a new representative.
    services.comment_split(actor=clerk, comment=representative)
    a.refresh_from_db()
    assert a.size == 3 and a.representative_id != representative.pk
    assert a.representative.cluster_id == a.pk
    representative.refresh_from_db()
    assert representative.cluster_id is None and representative.cluster_fixed
    event = events_for(c).get(action="cluster.split")
    assert event.data["comment"] == representative.number
    with pytest.raises(InvalidInput):
        services.comment_split(actor=clerk, comment=representative)
    # Re-clustering keeps the correction: the split comment stays alone.
    services.consultation_cluster(actor=clerk, consultation=c)
    representative.refresh_from_db()
    assert representative.cluster_id is None
    a = _cluster_of(c, CAMPAIGN_A + "！")
    b = _cluster_of(c, CAMPAIGN_B)
    assert a.size == 3 and b.size == 2
    # Merge B into A through the staff page.
    client.force_login(clerk)
    response = client.post(reverse("decisions:cluster_merge", args=[c.pk, a.pk]), {"other": b.pk})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.size == 5 and not CommentCluster.objects.filter(pk=b.pk).exists()
    assert events_for(c).get(action="cluster.merged").data["merged"] == b.pk
    with pytest.raises(InvalidInput):
        services.clusters_merge(actor=clerk, cluster_obj=a, other=a)
    # One ruling answers exactly the 5 members; the split and the distinct comment stay open.
    f.close(c)
    assert (
        services.cluster_rule(
            actor=clerk, cluster_obj=a, disposition=Disposition.NOT_ADOPTED, reason="已统筹考虑"
        )
        == 5
    )
    ruled = set(
        Comment.objects.filter(consultation=c).exclude(disposition="").values_list("pk", flat=True)
    )
    assert ruled == set(a.comments.values_list("pk", flat=True))
    assert representative.pk not in ruled
    c.refresh_from_db()
    assert {k: getattr(c, k) for k in COUNT_FIELDS} == comment_counts_actual(c)
    assert c.unruled_count == 2


def test_split_dissolves_a_pair_and_the_page_offers_it(client, clerk, clustered):
    c = clustered
    b = _cluster_of(c, CAMPAIGN_B)
    member = b.comments.order_by("id").last()
    client.force_login(clerk)
    page = client.get(reverse("decisions:consultation", args=[c.pk])).content.decode()
    assert reverse("decisions:comment_split", args=[c.pk, member.pk]) in page
    assert reverse("decisions:cluster_merge", args=[c.pk, b.pk]) in page
    response = client.post(reverse("decisions:comment_split", args=[c.pk, member.pk]))
    assert response.status_code == 302
    # A cluster of one is no cluster: both comments are now on their own.
    assert not CommentCluster.objects.filter(pk=b.pk).exists()
    assert not Comment.objects.filter(
        consultation=c, body__startswith=CAMPAIGN_B[:10], cluster__isnull=False
    ).exists()


def test_api_split_and_merge(client, clerk, other_clerk, clustered):
    c = clustered
    a = _cluster_of(c, CAMPAIGN_A)
    b = _cluster_of(c, CAMPAIGN_B)
    member = a.comments.order_by("id").last()
    assert member is not None
    base = f"/api/v1/decisions/consultations/{c.pk}"
    client.force_login(other_clerk)
    assert client.post(f"{base}/comments/{member.pk}/split").status_code in (403, 404)
    client.force_login(clerk)
    split = client.post(f"{base}/comments/{member.pk}/split")
    assert split.status_code == 200 and split.json()["cluster_id"] is None
    again = client.post(f"{base}/comments/{member.pk}/split")
    assert again.status_code == 400 and again.json()["error"]["field"] == "comment"
    merged = client.post(
        f"{base}/clusters/{a.pk}/merge", {"other": b.pk}, content_type="application/json"
    )
    assert merged.status_code == 200 and merged.json() == {"cluster": a.pk, "size": 5}
    assert (
        client.post(
            f"{base}/clusters/{a.pk}/merge", {"other": b.pk}, content_type="application/json"
        ).status_code
        == 404
    )
