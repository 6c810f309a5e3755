"""Building cases through the services (the state a test starts from is one the services
leave)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gongkai.concerns import services
from gongkai.concerns.models import OpinionCase
from gongkai.concerns.workflow import ResponseForm, Severity


def new_case(
    actor: Any,
    detected_at: datetime,
    *,
    severity: str = Severity.ORDINARY,
    organs: list[Any] | None = None,
    documents: list[Any] | None = None,
    topic: str = "网传某小学校车超载",
    summary: str = "某论坛帖文称示范区某小学校车存在超载情况，转发较多。",
) -> OpinionCase:
    return services.case_create(
        actor=actor,
        data=services.CaseData(
            detected_at=detected_at,
            source="某网络论坛",
            link="https://bbs.example.com/t/1",
            summary=summary,
            topic=topic,
            severity=severity,
            organs=organs or [],
            documents=documents or [],
        ),
    )


def respond(actor: Any, case: OpinionCase, when: datetime, form: str = ResponseForm.RELEASE,
            speaker: str = "张局长") -> Any:  # fmt: skip
    return services.response_add(
        actor=actor,
        case=case,
        data=services.ResponseData(
            form=form,
            title=f"关于{case.topic}的情况通报",
            content="经核查，相关校车核载人数符合规定，网传情况不实。",
            occurred_at=when,
            link="https://www.example.gov.cn/hygz/1",
            speaker=speaker,
            speaker_title="区教育局局长",
        ),
    )
