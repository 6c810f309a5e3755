"""The module kit: workflow machine and action specs, hooks, audit registry, public views,
action views and job commands."""

from __future__ import annotations

import os
import signal
from io import StringIO
from typing import Any, cast

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import models
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from gongkai.core.exceptions import GateRefused, NotPermitted, TransitionNotAllowed
from gongkai.core.kit import audit, hooks
from gongkai.core.kit.commands import JobCommand
from gongkai.core.kit.views import (
    CONTENT_SECURITY_POLICY,
    CONTENT_SECURITY_POLICY_WITH_OBJECTS,
    perform_action,
    public_view,
)
from gongkai.core.kit.workflow import ActionSet, ActionSpec, Machine, states_with


class State(models.TextChoices):
    OPEN = "open", "开放"
    CLOSED = "closed", "关闭"


class Move(models.TextChoices):
    CLOSE = "close", "关闭"
    REOPEN = "reopen", "重新开放"


MACHINE = Machine(
    states=State,
    events=Move,
    transitions={(State.OPEN, Move.CLOSE): State.CLOSED, (State.CLOSED, Move.REOPEN): State.OPEN},
    refusal="当前状态为“%(status)s”，不能执行“%(action)s”。",
    route=lambda current, event, target, **ctx: State.OPEN if ctx.get("keep") else target,
)


class Thing:
    def __init__(self, status: str, locked: bool = False) -> None:
        self.status = status
        self.locked = locked


# --- workflow ----------------------------------------------------------------------------------


def test_machine_answers_next_state_allowed_events_and_refuses_with_the_labels():
    assert MACHINE.next_state("open", Move.CLOSE) == State.CLOSED
    assert MACHINE.next_state("open", Move.CLOSE, keep=True) == State.OPEN  # routed
    assert MACHINE.next_state("open", Move.REOPEN) is None
    assert MACHINE.allowed_events("closed") == [Move.REOPEN]
    assert MACHINE.can("closed", Move.REOPEN) and not MACHINE.can("closed", Move.CLOSE)
    assert states_with(MACHINE, [Move.CLOSE]) == {State.OPEN}
    with pytest.raises(TransitionNotAllowed, match="当前状态为“开放”，不能执行“重新开放”。"):
        MACHINE.require("open", Move.REOPEN)


def test_action_set_combines_events_permission_and_guard():
    actions = ActionSet(
        machine=MACHINE,
        specs=[
            ActionSpec("close", lambda user, obj: user == "owner", frozenset({Move.CLOSE})),
            ActionSpec(
                "reopen",
                lambda user, obj: True,
                frozenset({Move.REOPEN}),
                guard=lambda obj: not obj.locked,
            ),
            ActionSpec("edit", lambda user, obj: user == "owner", side=True),
        ],
    )
    assert actions.for_user("owner", Thing("open")) == ["close", "edit"]
    assert actions.steps_for("owner", Thing("open")) == ["close"]
    assert actions.for_user("stranger", Thing("open")) == []
    assert actions.for_user("stranger", Thing("closed")) == ["reopen"]
    assert actions.for_user("stranger", Thing("closed", locked=True)) == []
    assert actions.names() == ("close", "reopen", "edit")
    assert actions.side_names() == {"edit"}


# --- hooks and the audit registry ---------------------------------------------------------------


def test_hooks_register_idempotently_by_key_and_refuse_unknown_hooks():
    def provider(user: Any, today: Any) -> list[Any]:
        return []

    try:
        hooks.register("inbox", provider, key="test")
        hooks.register("inbox", provider, key="test")
        assert hooks.registered("inbox").count(provider) == 1
    finally:
        hooks.unregister("inbox", "test")
    assert provider not in hooks.registered("inbox")
    with pytest.raises(LookupError):
        hooks.register("no_such_hook", provider)


def test_staff_menu_is_what_the_modules_registered(django_user_model, db):
    keys = [item.key for item in hooks.menu_for(django_user_model.objects.create(username="x"))]
    # Documents' entries come from staff, the others from their own apps; 起草公文 only for
    # clerks.
    # 政府会议 and 留言 show only to the roles that work on them.
    assert keys == [
        "inbox",
        "documents",
        "interpretations",
        "inforequests",
        "concerns",
        "decisions",
    ]


def test_audit_labels_come_from_the_registry_translated_and_scoped(settings):
    from django.utils import translation

    with translation.override("en"):
        assert audit.action_label("inforequest.extended") == "Extend the reply period"
    assert audit.action_label("clock.opened") == "期限起算"
    assert audit.action_label("clock.opened", scope="document") == "发布期限起算"
    assert audit.action_label("never.registered") == "never.registered"


@pytest.mark.django_db
def test_bulk_audit_rows_are_what_record_event_writes(django_user_model):
    from django.contrib.contenttypes.models import ContentType

    from gongkai.core.models import AuditEvent

    user = django_user_model.objects.create(username="bulk", first_name="批量")
    subject_type = ContentType.objects.get_for_model(django_user_model).pk
    count = audit.record_events_bulk(
        action="clock.recomputed",
        rows=[(subject_type, str(user.pk), {"n": 1}), (subject_type, str(user.pk), {"n": 2})],
        actor=user,
        reason="原因",
    )
    one = audit.record_event(action="clock.recomputed", subject=user, actor=user, reason="原因")
    rows = list(AuditEvent.objects.filter(action="clock.recomputed").order_by("pk"))
    assert count == 2 and len(rows) == 3
    assert [r.data for r in rows[:2]] == [{"n": 1}, {"n": 2}]
    for row in rows[:2]:
        assert (row.actor_id, row.actor_label, row.reason, row.subject_type_id) == (
            one.actor_id,
            one.actor_label,
            one.reason,
            one.subject_type_id,
        )


# --- views -------------------------------------------------------------------------------------


def test_public_view_sets_the_one_policy_the_site_language_and_methods(rf: RequestFactory):
    @public_view
    def page(request: Any) -> HttpResponse:
        return HttpResponse("页面")

    response = page(rf.get("/"))
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "object-src 'none'" in CONTENT_SECURITY_POLICY
    assert response["Content-Language"] == "zh-hans"
    assert "Cache-Control" not in response
    assert page(rf.post("/")).status_code == 405


def test_public_view_options(rf: RequestFactory):
    @public_view(methods=None, private=True, embeds_objects=True)
    def form_page(request: Any) -> HttpResponse:
        return HttpResponse("表单")

    @public_view
    def file(request: Any) -> StreamingHttpResponse:
        return StreamingHttpResponse(iter([b"%PDF"]))

    response = form_page(rf.post("/"))
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY_WITH_OBJECTS
    assert "object-src 'self'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private, no-store"
    assert "Content-Security-Policy" not in file(rf.get("/"))


def _with_messages(request: Any) -> Any:
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    request._messages = FallbackStorage(request)
    return request


def test_perform_action_redirects_on_success_and_rerenders_refusals(rf: RequestFactory):
    def run(call: Any) -> HttpResponse:
        return perform_action(
            _with_messages(rf.post("/")),
            form=None,
            call=call,
            success="完成。",
            rerender=lambda form, status: HttpResponse("again", status=status),
            done=lambda result: HttpResponse(f"done {result}", status=302),
        )

    assert run(lambda: 1).status_code == 302

    def gate() -> None:
        raise GateRefused("G1", "缺少公开属性")

    def late() -> None:
        raise TransitionNotAllowed("不能")

    assert run(gate).status_code == 422
    assert run(late).status_code == 409

    def stranger() -> None:
        raise NotPermitted("无权")

    with pytest.raises(NotPermitted):  # the back office's 403 handler answers it
        run(stranger)


# --- job commands ------------------------------------------------------------------------------


class _Counting(JobCommand):
    tick = 0.01
    requires_system_checks: list[str] = []

    def run_once(self, **options: Any) -> None:
        self.runs = getattr(self, "runs", 0) + 1
        self.stdout.write(f"run {self.runs} today={self.today} dry_run={self.dry_run}")
        if self.runs == 2:
            os.kill(os.getpid(), signal.SIGTERM)  # as systemd stops the service


def test_job_command_loops_until_sigterm_and_finishes_the_current_run():
    previous = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    command = _Counting(stdout=StringIO())
    try:
        command.run_from_argv(
            ["gongkai", "job", "--loop", "--interval", "0.02", "--today", "2026-01-05", "--dry-run"]
        )
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert command.runs == 2
    assert "today=2026-01-05 dry_run=True" in command.stdout._out.getvalue()


def test_job_command_refuses_a_bad_date():
    from django.core.management import CommandError

    command = _Counting(stdout=StringIO())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        command.handle(today="2026-13-01", dry_run=False, loop=False, interval=1)


@pytest.mark.django_db
def test_stored_once_replays_a_token_and_refuses_somebody_elses(district, clerk, other_clerk):
    from django.db import IntegrityError

    from gongkai.core.exceptions import InvalidInput
    from gongkai.core.kit.querycodes import stored_once
    from gongkai.documents.models import Document
    from gongkai.documents.tests.factories import DocumentFactory

    created: list[Document] = []

    def create(token: str | None, user: Any = clerk) -> Any:
        def make() -> Document:
            document = cast(
                Document,
                DocumentFactory(organ=district.education, created_by=user, client_token=token),
            )
            created.append(document)
            return document

        return stored_once(
            Document.objects.filter(created_by=user),
            token,
            create=make,
            replay=lambda existing, used: ("replayed", existing.pk, used),
        )

    first = create("t-1")
    assert create("t-1") == ("replayed", first.pk, "t-1")
    assert len(created) == 1
    # Without a token every call creates.
    create(None)
    create(None)
    assert len(created) == 3
    # Another writer's token: a clear refusal, never their row, never an IntegrityError.
    with pytest.raises(InvalidInput) as refused:
        create("t-1", user=other_clerk)
    assert refused.value.field == "client_token"
    assert Document.objects.filter(client_token="t-1").count() == 1

    # A conflict that is not the token's is the caller's to see.
    def clash() -> Document:
        raise IntegrityError("another constraint")

    with pytest.raises(IntegrityError):
        stored_once(Document.objects.all(), "t-2", create=clash, replay=lambda e, t: e)


def test_staff_pagination_keeps_the_lists_other_parameters(rf: RequestFactory) -> None:
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    page = Paginator(list(range(30)), 10).page(2)
    request = rf.get("/staff/x/", {"status": "open", "q": "政务 公开", "page": "2"})
    html = render_to_string("staff/includes/pagination.html", {"page": page}, request=request)
    assert 'href="?status=open&amp;q=%E6%94%BF%E5%8A%A1+%E5%85%AC%E5%BC%80&amp;page=1"' in html
    assert 'href="?status=open&amp;q=%E6%94%BF%E5%8A%A1+%E5%85%AC%E5%BC%80&amp;page=3"' in html
    # A view that encodes its own query (validated filters only) is taken as given.
    html = render_to_string(
        "staff/includes/pagination.html", {"page": page, "query": "year=2026"}, request=request
    )
    assert 'href="?year=2026&amp;page=3"' in html
    # One page: no pagination at all.
    one = Paginator(list(range(5)), 10).page(1)
    assert "pagination" not in render_to_string(
        "staff/includes/pagination.html", {"page": one}, request=request
    )
