"""The JSON API of 重大行政决策 (mounted at /api/v1/decisions). Every action goes through the
same operation table (operations.py: the staff form validates the payload, then the one
service is called) as the back office."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Body, Field, Router, Schema

from gongkai.core.exceptions import InvalidInput
from gongkai.core.kit.api import actor, client_token, reloaded, visible_or_404
from gongkai.core.kit.workflow import actions_for
from gongkai.decisions import selectors, services
from gongkai.decisions.models import Comment, CommentCluster, MajorDecision, PublicConsultation
from gongkai.decisions.operations import CONSULTATION_OPERATIONS, DECISION_OPERATIONS, Operation
from gongkai.organizations.models import Organ

router = Router(tags=["decisions"])
# The action payload: the fields of the operation's form (validated by that form).
OPTIONAL_BODY = Body(None)
REQUIRED_BODY = Body(...)


class RecordOut(Schema):
    stage: str
    kind: str
    title: str
    body: str
    signed_by: str
    on: date


class DecisionOut(Schema):
    id: int
    uid: str
    title: str
    organ_id: int
    status: str
    requires_public_participation: bool
    specialised: bool
    stability_risk: bool
    published_date: date | None
    allowed_actions: list[str]
    review_problems: list[str]
    consultations: list[int]
    records: list[RecordOut]


class ConsultationOut(Schema):
    id: int
    uid: str
    decision_id: int
    title: str
    status: str
    opens_on: date
    period_days: int
    closes_on: date | None
    urgency_reason: str
    allowed_actions: list[str]
    comments: int
    unruled: int


class CommentOut(Schema):
    id: int
    number: str
    article: str
    body: str
    status: str
    hide_reason: str
    cluster_id: int | None
    disposition: str
    ruling_reason: str
    created_at: datetime


class DecisionIn(Schema):
    organ_id: int
    title: str
    proposal: str = ""
    requires_public_participation: bool = True
    specialised: bool = False
    stability_risk: bool = False
    draft_text: str = ""
    explanation: str = ""


class ModerateIn(Schema):
    approve: bool
    reason: str = ""


class RuleIn(Schema):
    disposition: str
    reason: str = ""


def _decision_out(request: HttpRequest, d: MajorDecision) -> DecisionOut:
    from gongkai.decisions import gates

    return DecisionOut(
        id=d.pk,
        uid=str(d.uid),
        title=d.title,
        organ_id=d.organ_id,
        status=d.status,
        requires_public_participation=d.requires_public_participation,
        specialised=d.specialised,
        stability_risk=d.stability_risk,
        published_date=d.published_date,
        allowed_actions=actions_for(actor(request), d),
        review_problems=gates.review_problems(d),
        consultations=list(d.consultations.values_list("pk", flat=True)),
        records=[
            RecordOut(
                stage=r.stage,
                kind=r.kind,
                title=r.title,
                body=r.body,
                signed_by=r.signed_by,
                on=r.on,
            )
            for r in d.records.all()
        ],
    )


def _consultation_out(request: HttpRequest, c: PublicConsultation) -> ConsultationOut:
    return ConsultationOut(
        id=c.pk,
        uid=str(c.uid),
        decision_id=c.decision_id,
        title=c.title,
        status=c.status,
        opens_on=c.opens_on,
        period_days=c.period_days,
        closes_on=c.closes_on,
        urgency_reason=c.urgency_reason,
        allowed_actions=actions_for(actor(request), c),
        comments=c.comments.count(),
        unruled=services.unruled_count(c),
    )


def _run(op: Operation, user: Any, obj: Any, payload: dict[str, Any]) -> Any:
    """Validate `payload` with the operation's form (the staff page's), then call it."""
    cleaned: dict[str, Any] = {}
    if op.form is not None:
        form = op.form(data=payload)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            label = form.fields[field].label if field in form.fields else ""
            raise InvalidInput(f"{label}：{errors[0]}" if label else str(errors[0]), field=field)
        cleaned = form.cleaned_data
    return op.call(user, obj, cleaned)


@router.get("", response=list[DecisionOut])
def list_decisions(request: HttpRequest, status: str = "") -> list[DecisionOut]:
    qs = selectors.decisions_visible_to(actor(request))
    if status:
        qs = qs.filter(status=status)
    return [_decision_out(request, d) for d in qs[:200]]


@router.post("", response={201: DecisionOut})
def create_decision(request: HttpRequest, payload: DecisionIn) -> tuple[int, DecisionOut]:
    organ = get_object_or_404(Organ, pk=payload.organ_id)
    key = request.headers.get("Idempotency-Key")
    user = actor(request)
    decision = services.decision_create(
        actor=user,
        organ=organ,
        data=payload.dict(exclude={"organ_id"}),
        client_token=client_token(user, key, scope="decision") if key else None,
    )
    return 201, _decision_out(request, decision)


@router.get("/{decision_id}", response=DecisionOut)
def get_decision(request: HttpRequest, decision_id: int) -> DecisionOut:
    return _decision_out(
        request, visible_or_404(selectors.decisions_visible_to(actor(request)), decision_id)
    )


@router.post("/{decision_id}/actions/{name}", response=DecisionOut)
def decision_action(
    request: HttpRequest,
    decision_id: int,
    name: str,
    payload: dict[str, Any] | None = OPTIONAL_BODY,
) -> DecisionOut:
    visible = selectors.decisions_visible_to(actor(request))
    decision = visible_or_404(visible, decision_id)
    op = DECISION_OPERATIONS.get(name)
    if op is None:
        raise InvalidInput(f"unknown action {name!r}", field="name")
    _run(op, actor(request), decision, payload or {})
    return _decision_out(request, reloaded(visible, decision))


@router.post("/{decision_id}/consultations", response={201: ConsultationOut})
def create_consultation(
    request: HttpRequest, decision_id: int, payload: dict[str, Any] = REQUIRED_BODY
) -> tuple[int, ConsultationOut]:
    from gongkai.decisions.forms import ConsultationForm

    decision = visible_or_404(selectors.decisions_visible_to(actor(request)), decision_id)
    form = ConsultationForm(data=payload)
    if not form.is_valid():
        field, errors = next(iter(form.errors.items()))
        raise InvalidInput(str(errors[0]), field=field)
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return 201, _consultation_out(
        request, services.consultation_create(actor=actor(request), decision=decision, data=data)
    )


def _consultation(request: HttpRequest, pk: int) -> PublicConsultation:
    return visible_or_404(selectors.consultations_visible_to(actor(request)), pk)


@router.get("/consultations/{consultation_id}", response=ConsultationOut)
def get_consultation(request: HttpRequest, consultation_id: int) -> ConsultationOut:
    return _consultation_out(request, _consultation(request, consultation_id))


@router.post("/consultations/{consultation_id}/actions/{name}", response=ConsultationOut)
def consultation_action(
    request: HttpRequest,
    consultation_id: int,
    name: str,
    payload: dict[str, Any] | None = OPTIONAL_BODY,
) -> ConsultationOut:
    c = _consultation(request, consultation_id)
    op = CONSULTATION_OPERATIONS.get(name)
    if op is None:
        raise InvalidInput(f"unknown action {name!r}", field="name")
    _run(op, actor(request), c, payload or {})
    return _consultation_out(request, _consultation(request, consultation_id))


def _comment_out(x: Comment) -> CommentOut:
    return CommentOut(
        id=x.pk,
        number=x.number,
        article=x.article.label if x.article else "",
        body=x.body,
        status=x.status,
        hide_reason=x.hide_reason,
        cluster_id=x.cluster_id,
        disposition=x.disposition,
        ruling_reason=x.ruling_reason,
        created_at=x.created_at,
    )


@router.get("/consultations/{consultation_id}/comments", response=list[CommentOut])
def list_comments(
    request: HttpRequest,
    consultation_id: int,
    status: str = "",
    after_id: int = 0,
    limit: int = 100,
) -> list[CommentOut]:
    """The moderation list, keyset-paged by id (after_id)."""
    c = _consultation(request, consultation_id)
    qs = selectors.moderation_queue(c, status=status or None).filter(pk__gt=after_id)
    return [_comment_out(x) for x in qs[: max(1, min(limit, 500))]]


@router.post("/consultations/{consultation_id}/cluster")
def cluster(request: HttpRequest, consultation_id: int) -> dict[str, int]:
    c = _consultation(request, consultation_id)
    return {"clusters": services.consultation_cluster(actor=actor(request), consultation=c)}


@router.post("/consultations/{consultation_id}/comments/{comment_id}/moderate", response=CommentOut)
def moderate(
    request: HttpRequest, consultation_id: int, comment_id: int, payload: ModerateIn
) -> CommentOut:
    c = _consultation(request, consultation_id)
    comment = get_object_or_404(Comment, pk=comment_id, consultation=c)
    return _comment_out(
        services.comment_moderate(
            actor=actor(request), comment=comment, approve=payload.approve, reason=payload.reason
        )
    )


@router.post("/consultations/{consultation_id}/comments/{comment_id}/rule", response=CommentOut)
def rule(
    request: HttpRequest, consultation_id: int, comment_id: int, payload: RuleIn
) -> CommentOut:
    c = _consultation(request, consultation_id)
    comment = get_object_or_404(Comment, pk=comment_id, consultation=c)
    return _comment_out(
        services.comment_rule(
            actor=actor(request),
            comment=comment,
            disposition=payload.disposition,
            reason=payload.reason,
        )
    )


class MergeIn(Schema):
    other: int = Field(..., description="并入本组的相似意见组 id")


@router.post("/consultations/{consultation_id}/comments/{comment_id}/split")
def split_comment(request: HttpRequest, consultation_id: int, comment_id: int) -> CommentOut:
    """人工调整: take one comment out of its near-duplicate cluster."""
    c = _consultation(request, consultation_id)
    comment = get_object_or_404(Comment, pk=comment_id, consultation=c)
    return _comment_out(services.comment_split(actor=actor(request), comment=comment))


@router.post("/consultations/{consultation_id}/clusters/{cluster_id}/merge")
def merge_clusters(
    request: HttpRequest, consultation_id: int, cluster_id: int, payload: MergeIn
) -> dict[str, int]:
    """人工合并: merge cluster `other` into this one; returns the merged cluster's size."""
    c = _consultation(request, consultation_id)
    found = get_object_or_404(CommentCluster, pk=cluster_id, consultation=c)
    other = get_object_or_404(CommentCluster, pk=payload.other, consultation=c)
    merged = services.clusters_merge(actor=actor(request), cluster_obj=found, other=other)
    return {"cluster": merged.pk, "size": merged.size}


@router.post("/consultations/{consultation_id}/clusters/{cluster_id}/rule")
def rule_cluster(
    request: HttpRequest, consultation_id: int, cluster_id: int, payload: RuleIn
) -> dict[str, int]:
    c = _consultation(request, consultation_id)
    found = get_object_or_404(CommentCluster, pk=cluster_id, consultation=c)
    with transaction.atomic():
        count = services.cluster_rule(
            actor=actor(request),
            cluster_obj=found,
            disposition=payload.disposition,
            reason=payload.reason,
        )
    return {"comments": count}
