"""征集调查: staff create and publish, the public answers on /hdjl/zjdc/, the period opens and
closes by itself, staff export and select answers, the results are published."""

from __future__ import annotations

import csv
import io
import random
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit.inbox import links_for
from gongkai.core.models import AuditEvent
from gongkai.mailbox import selectors, services
from gongkai.mailbox.forms import parse_questions
from gongkai.mailbox.models import Solicitation, SolicitationAnswer, SolicitationResponse
from gongkai.mailbox.workflow import SolicitationStatus

pytestmark = pytest.mark.django_db

QUESTIONS = """[单选] 您对校车服务是否满意？
满意
基本满意
不满意

[多选] 您希望增加哪些线路？（选答）
东线
西线
南线
北线

[填空] 其他意见和建议（选答）"""


def make_survey(organ: Any, actor: Any, *, opens_in: int = -1, hours: int = 48) -> Solicitation:
    now = timezone.now()
    return services.solicitation_create(
        actor=actor,
        organ=organ,
        data={
            "kind": "survey",
            "title": "校车服务满意度调查",
            "description": "请您花一分钟填写。",
            "opens_at": now + timedelta(hours=opens_in),
            "closes_at": now + timedelta(hours=opens_in + hours),
        },
        questions=parse_questions(QUESTIONS),
    )


def open_survey(organ: Any, actor: Any) -> Solicitation:
    s = make_survey(organ, actor)
    return services.solicitation_publish(actor=actor, solicitation=s)


def ids(s: Solicitation) -> tuple[Any, Any, Any]:
    single, multiple, text = list(s.questions.prefetch_related("options"))
    return single, multiple, text


def test_parse_questions_notation() -> None:
    questions = parse_questions(QUESTIONS)
    assert [q["kind"] for q in questions] == ["single", "multiple", "text"]
    assert questions[0]["options"] == ["满意", "基本满意", "不满意"]
    assert questions[2] == {
        "kind": "text",
        "text": "其他意见和建议",
        "required": False,
        "options": [],
    }


def test_create_validates_and_only_for_the_organiser(district, clerk, other_clerk) -> None:
    with pytest.raises(NotPermitted):
        make_survey(district.education, other_clerk)
    now = timezone.now()
    base = {"kind": "survey", "title": "t", "opens_at": now, "closes_at": now - timedelta(hours=1)}
    with pytest.raises(InvalidInput) as exc:
        services.solicitation_create(
            actor=clerk, organ=district.education, data=base, questions=parse_questions(QUESTIONS)
        )
    assert exc.value.field == "closes_at"
    base["closes_at"] = now + timedelta(days=1)
    with pytest.raises(InvalidInput):  # a choice question needs two options
        services.solicitation_create(
            actor=clerk,
            organ=district.education,
            data=base,
            questions=[{"kind": "single", "text": "是否？", "options": ["是"]}],
        )
    with pytest.raises(InvalidInput):  # a survey needs questions
        services.solicitation_create(actor=clerk, organ=district.education, data=base)
    opinions = services.solicitation_create(
        actor=clerk, organ=district.education, data={**base, "kind": "opinions"}
    )
    assert [q.kind for q in opinions.questions.all()] == ["text"]


def test_publish_opens_now_or_at_its_time_and_the_job_closes(district, clerk) -> None:
    s = open_survey(district.education, clerk)
    assert s.status == SolicitationStatus.OPEN
    later = make_survey(district.education, clerk, opens_in=2)
    services.solicitation_publish(actor=clerk, solicitation=later)
    later.refresh_from_db()
    assert later.status == SolicitationStatus.SCHEDULED
    # The job catches up whenever it runs.
    assert services.solicitations_tick(now=timezone.now() + timedelta(hours=3)) == (1, 0)
    assert services.solicitations_tick(now=timezone.now() + timedelta(days=3)) == (0, 2)
    s.refresh_from_db()
    later.refresh_from_db()
    assert s.status == later.status == SolicitationStatus.CLOSED
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"solicitation.published", "solicitation.opened", "solicitation.closed"} <= actions


def test_answers_validated_and_refused_outside_the_period(district, clerk) -> None:
    s = open_survey(district.education, clerk)
    single, multiple, text = ids(s)
    o = list(single.options.all())
    m = list(multiple.options.all())
    with pytest.raises(InvalidInput) as exc:  # the required single choice missing
        services.response_submit(solicitation=s, answers={str(multiple.pk): [m[0].pk]})
    assert exc.value.field == f"q{single.pk}"
    with pytest.raises(InvalidInput):  # two answers to a single choice
        services.response_submit(
            solicitation=s, answers={single.pk: [o[0].pk, o[1].pk], multiple.pk: [m[0].pk]}
        )
    with pytest.raises(InvalidInput):  # an option of another question
        services.response_submit(solicitation=s, answers={single.pk: m[0].pk, multiple.pk: []})
    with pytest.raises(InvalidInput):  # too long
        services.response_submit(
            solicitation=s,
            answers={single.pk: o[0].pk, multiple.pk: [m[0].pk], text.pk: "长" * 2001},
        )
    result = services.response_submit(
        solicitation=s,
        answers={single.pk: o[0].pk, multiple.pk: [m[0].pk, m[1].pk], text.pk: "增加早班车"},
        name="李四",
        contact="13900000000",
    )
    assert result.created and result.response.answers.count() == 4
    # After the closing time, refused even if the job has not run yet.
    with pytest.raises(InvalidInput):
        services.response_submit(
            solicitation=s,
            answers={single.pk: o[0].pk, multiple.pk: [m[0].pk]},
            now=s.closes_at,
        )


def test_published_counts_equal_the_answers(district, clerk) -> None:
    """The published result of each option is the number of stored answers choosing it."""
    s = open_survey(district.education, clerk)
    single, multiple, text = ids(s)
    singles, multiples = list(single.options.all()), list(multiple.options.all())
    rng = random.Random(13)
    expected: dict[int, int] = {o.pk: 0 for o in singles + multiples}
    answered_multiple = 0
    for i in range(60):
        pick = rng.choice(singles)
        chosen = rng.sample(multiples, rng.randint(0, 3))
        expected[pick.pk] += 1
        for o in chosen:
            expected[o.pk] += 1
        answered_multiple += bool(chosen)
        services.response_submit(
            solicitation=s,
            answers={
                single.pk: pick.pk,
                multiple.pk: [o.pk for o in chosen],
                text.pk: f"意见{i}" if i % 5 == 0 else "",
            },
            client_token=f"t-{i}",
        )
    # A replay lands on the same response and counts nothing twice.
    again = services.response_submit(
        solicitation=s, answers={single.pk: singles[0].pk, multiple.pk: []}, client_token="t-0"
    )
    assert not again.created
    s.refresh_from_db()
    assert s.response_count == SolicitationResponse.objects.filter(solicitation=s).count() == 60
    services.solicitations_tick(now=s.closes_at)
    first_text = SolicitationAnswer.objects.filter(question=text).order_by("pk")[0]
    services.answer_feature(actor=clerk, answer=first_text, featured=True)
    services.solicitation_report(actor=clerk, solicitation=s, results_text="共收到60份问卷。")

    results = {r.question.pk: r for r in selectors.solicitation_results(s)}
    for r in (results[single.pk], results[multiple.pk]):
        for o in r.options:
            assert o.count == expected[o.option.pk]
    assert results[single.pk].answered == 60
    assert results[multiple.pk].answered == answered_multiple
    assert results[text.pk].text_count == 12 and results[text.pk].texts == ["意见0"]

    page = Client_get(reverse("mailbox_public:solicitation", args=[s.number]))
    for o in singles + multiples:
        assert f'data-option="{o.pk}">{expected[o.pk]}<' in page
    assert "共收到60份问卷。" in page and "意见0" in page and "意见5" not in page


def Client_get(url: str) -> str:  # noqa: N802 - a tiny helper reading like client.get
    from django.test import Client

    response = Client().get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_public_pages_form_and_privacy(client, district, clerk) -> None:
    s = open_survey(district.education, clerk)
    single, multiple, text = ids(s)
    listing = client.get(reverse("mailbox_public:solicitations")).content.decode()
    assert s.title in listing
    url = reverse("mailbox_public:solicitation_answer", args=[s.number])
    form = client.get(url)
    assert form.status_code == 200 and f'name="q{single.pk}"' in form.content.decode()
    script = '<script>alert("x")</script>'
    data = {
        f"q{single.pk}": str(single.options.first().pk),
        f"q{multiple.pk}": [str(o.pk) for o in multiple.options.all()[:2]],
        f"q{text.pk}": script,
        "name": "张三",
        "contact": "zhangsan@example.com",
        "client_token": "abc",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    thanks = client.get(response["Location"]).content.decode()
    assert "回执编号" in thanks
    assert client.post(url, data).status_code == 302  # the double submit
    assert SolicitationResponse.objects.filter(solicitation=s).count() == 1
    # Missing the required question: 400 with the message, answers kept.
    bad = client.post(url, {**data, f"q{single.pk}": "", "client_token": "other"})
    assert bad.status_code == 400 and "请回答" in bad.content.decode()
    services.solicitations_tick(now=s.closes_at)
    answer = SolicitationAnswer.objects.get(question=text)
    services.answer_feature(actor=clerk, answer=answer, featured=True)
    services.solicitation_report(actor=clerk, solicitation=s, results_text="结果")
    page = client.get(reverse("mailbox_public:solicitation", args=[s.number])).content.decode()
    assert script not in page and "&lt;script&gt;" in page
    assert "张三" not in page and "zhangsan@example.com" not in page
    # Closed: the form page says so and takes nothing.
    closed = client.post(url, {**data, "client_token": "late"})
    assert closed.status_code == 400
    assert SolicitationResponse.objects.filter(solicitation=s).count() == 1


def test_answers_throttled_per_address(client, district, clerk, settings) -> None:
    settings.GONGKAI_SURVEY_SUBMIT_MAX = 2
    cache.clear()
    s = open_survey(district.education, clerk)
    url = reverse("mailbox_public:solicitation_answer", args=[s.number])
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {}).status_code == 400
    assert client.post(url, {}).status_code == 429


def test_drafts_and_withdrawn_are_not_public(client, district, clerk) -> None:
    s = make_survey(district.education, clerk)
    assert client.get(reverse("mailbox_public:solicitation", args=[s.number])).status_code == 404
    with pytest.raises(InvalidInput):
        services.response_submit(solicitation=s, answers={})
    services.solicitation_withdraw(actor=clerk, solicitation=s, reason="重复发起")
    assert client.get(reverse("mailbox_public:solicitation", args=[s.number])).status_code == 404
    with pytest.raises(TransitionNotAllowed):
        services.solicitation_publish(actor=clerk, solicitation=s)


def test_staff_pages_export_and_inbox(client, district, clerk, other_clerk) -> None:
    client.force_login(clerk)
    now = timezone.localtime()
    response = client.post(
        reverse("mailbox:solicitation_create"),
        {
            "organ": district.education.pk,
            "kind": "survey",
            "title": "校车调查",
            "description": "",
            "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"),
            "questions": QUESTIONS,
        },
    )
    assert response.status_code == 302, response.content.decode()
    s = Solicitation.objects.get(title="校车调查")
    detail = reverse("mailbox:solicitation", args=[s.pk])
    assert (
        client.post(reverse("mailbox:solicitation_action", args=[s.pk, "publish"])).status_code
        == 302
    )
    s.refresh_from_db()
    assert s.status == SolicitationStatus.OPEN
    single, multiple, text = ids(s)
    services.response_submit(
        solicitation=s,
        answers={single.pk: single.options.first().pk, multiple.pk: [], text.pk: "=1+2"},
        name="@SUM(A1)",
        contact="13900000000",
    )
    export = client.get(reverse("mailbox:solicitation_export", args=[s.pk, "csv"]))
    assert export.status_code == 200
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert rows[0][0] == "回执编号" and len(rows) == 3
    assert "'=1+2" in [r[6] for r in rows] and rows[1][2] == "'@SUM(A1)"
    assert rows[1][3] == "13900000000"
    xlsx = client.get(reverse("mailbox:solicitation_export", args=[s.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="solicitation.exported").count() == 2
    page = client.get(detail).content.decode()
    assert "=1+2" in page and 'data-action="withdraw"' not in page
    answer = SolicitationAnswer.objects.get(question=text)
    feature = reverse("mailbox:answer_feature", args=[s.pk, answer.pk])
    assert client.post(feature, {"featured": "1"}).status_code == 302
    answer.refresh_from_db()
    assert answer.featured
    services.solicitations_tick(now=s.closes_at)
    titles = [link.title for link in links_for(clerk, timezone.localdate())]
    assert "征集调查待公布结果反馈" in titles
    client.force_login(other_clerk)
    assert client.get(detail).status_code == 404
    assert client.get(reverse("mailbox:solicitation_export", args=[s.pk, "csv"])).status_code == 404


def test_api_create_publish_answer_report(client, district, clerk) -> None:
    client.force_login(clerk)
    now = timezone.now()
    body = {
        "organ": district.education.pk,
        "kind": "survey",
        "title": "API调查",
        "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": (now + timedelta(days=1)).isoformat(),
        "questions": [
            {"kind": "single", "text": "满意吗？", "options": ["满意", "不满意"]},
            {"kind": "text", "text": "建议", "required": False},
        ],
    }
    created = client.post("/api/v1/solicitations/", body, content_type="application/json")
    assert created.status_code == 201, created.content
    sid = created.json()["id"]
    published = client.post(f"/api/v1/solicitations/{sid}/publish")
    assert published.json()["status"] == "open"
    number = published.json()["number"]
    question = published.json()["questions"][0]
    client.logout()
    public = client.get(f"/api/v1/solicitations/public/{number}").json()
    assert public["accepting"] and public["questions"][0]["options"][0]["count"] is None
    answer = {"answers": {str(question["id"]): question["options"][1]["id"]}, "contact": "x@y.cn"}
    url = f"/api/v1/solicitations/public/{number}/answers"
    first = client.post(url, answer, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == 201, first.content
    replay = client.post(url, answer, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k1")
    assert replay.status_code == 200 and replay.json() == {**first.json(), "created": False}
    bad = client.post(url, {"answers": {"999999": 1}}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_input"
    assert client.get("/api/v1/solicitations/public/").json()["count"] == 1
    s = Solicitation.objects.get(pk=sid)
    services.solicitations_tick(now=s.closes_at)
    client.force_login(clerk)
    reported = client.post(
        f"/api/v1/solicitations/{sid}/report",
        {"results_text": "感谢参与。"},
        content_type="application/json",
    )
    assert reported.status_code == 200
    client.logout()
    public = client.get(f"/api/v1/solicitations/public/{number}").json()
    counts = [o["count"] for o in public["questions"][0]["options"]]
    assert counts == [0, 1] and public["response_count"] == 1
    assert "x@y.cn" not in str(public)


def test_parse_questions_english_notation() -> None:
    questions = parse_questions("[single] Satisfied?\nYes\nNo\n\n[text] Why? (optional)")
    assert [q["kind"] for q in questions] == ["single", "text"]
    assert questions[1]["required"] is False and questions[1]["text"] == "Why?"
