"""The transition table and sign-off guards (no database)."""

from __future__ import annotations

import pytest
from django.utils import translation

from gongkai.interpretations.workflow import (
    Event,
    Status,
    allowed_events,
    missing_core_elements,
    next_state,
    sign_off_problems,
)

COMPLETE = {
    "title": "解读",
    "body": "正文",
    "interpreter_name": "李老师",
    "interpreter_phone": "0411-8888 1234",
    "forms": ["text"],
    "elements": ["background"],
    "media_kinds": [],
    "document_count": 1,
}


@pytest.mark.parametrize(
    ("state", "event", "expected"),
    [
        (Status.DRAFT, Event.SIGN_OFF, Status.SIGNED_OFF),
        (Status.SIGNED_OFF, Event.PUBLISH, Status.PUBLISHED),
        (Status.SIGNED_OFF, Event.REOPEN, Status.DRAFT),
        (Status.PUBLISHED, Event.WITHDRAW, Status.WITHDRAWN),
        (Status.DRAFT, Event.PUBLISH, None),
        (Status.PUBLISHED, Event.REOPEN, None),
        (Status.WITHDRAWN, Event.PUBLISH, None),
    ],
)
def test_transitions(state, event, expected):
    assert next_state(state, event) == expected


def test_withdrawn_is_final():
    assert allowed_events(Status.WITHDRAWN) == []


def test_complete_interpretation_has_no_problems():
    assert sign_off_problems(**COMPLETE) == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": " "}, "title"),
        ({"document_count": 0}, "documents"),
        ({"interpreter_name": ""}, "interpreter_name"),
        ({"interpreter_phone": ""}, "interpreter_phone"),
        ({"forms": []}, "forms"),
        ({"elements": []}, "elements"),
        ({"body": ""}, "body"),
        ({"forms": ["graphic"], "media_kinds": ["mp4"]}, "media"),
        ({"forms": ["video"], "media_kinds": ["png"]}, "media"),
    ],
)
def test_sign_off_problems(change, field):
    assert [f for f, _ in sign_off_problems(**{**COMPLETE, **change})] == [field]


def test_sign_off_problems_speak_the_users_language():
    change = {**COMPLETE, "forms": ["video"], "media_kinds": []}
    with translation.override("en"):
        (english,) = sign_off_problems(**change)
    (chinese,) = sign_off_problems(**change)

    assert english == ("media", "The forms include “Video”: please upload the MP4 video.")
    assert chinese == ("media", "解读形式含“视频”，请上传MP4视频。")


@pytest.mark.parametrize(
    ("forms", "kinds"),
    [(["graphic"], ["png"]), (["graphic"], ["jpeg"]), (["graphic"], ["pdf"]), (["video"], ["mp4"])],
)
def test_media_satisfies_form_without_text(forms, kinds):
    assert sign_off_problems(**{**COMPLETE, "forms": forms, "media_kinds": kinds, "body": ""}) == []


def test_missing_core_elements():
    assert [e.label for e in missing_core_elements(["background", "objectives", "benefits"])] == [
        "主要内容",
        "涉及范围",
        "执行标准",
    ]
