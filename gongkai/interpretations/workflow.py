"""Interpretation workflow: states, events, the transition table and sign-off guards.

No database access here. Services ask `next_state` and `sign_off_problems` and apply the result.

    draft ──sign_off──▶ signed_off ──publish (with its document)──▶ published ──withdraw──▶ withdrawn
      ▲                     │
      └──────reopen─────────┘

三同步 (80号细则 二): the interpretation is drafted with the document, signed off by the head of
the interpreting department, and published in the same transaction as the document.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit.workflow import Machine


class Status(models.TextChoices):
    DRAFT = "draft", _("起草中")
    SIGNED_OFF = "signed_off", _("已审签")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Event(models.TextChoices):
    SIGN_OFF = "sign_off", _("审签")
    REOPEN = "reopen", _("撤销审签")
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回")


class Form(models.TextChoices):
    """解读形式 (domain.md §2.2)."""

    TEXT = "text", _("文字")
    GRAPHIC = "graphic", _("图解")
    VIDEO = "video", _("视频")
    QA = "qa", _("问答")
    PRESS = "press", _("新闻发布会/吹风会")
    EXPERT = "expert", _("专家解读")


class Element(models.TextChoices):
    """Content elements an interpretation should cover (80号细则 二, domain.md §2.2)."""

    BACKGROUND = "background", _("背景依据")
    OBJECTIVES = "objectives", _("目标任务")
    MAIN_CONTENT = "main_content", _("主要内容")
    SCOPE = "scope", _("涉及范围")
    STANDARDS = "standards", _("执行标准")
    CAUTIONS = "cautions", _("注意事项")
    KEY_TERMS = "key_terms", _("关键词诠释")
    BENEFITS = "benefits", _("惠民利民举措")
    DIFFERENCES = "differences", _("新旧政策差异")


# The five elements 80号 lists first (quoted verbatim in Shanghai's 2019 report); the others
# apply "as the case may be", so only a missing core element is worth a warning.
CORE_ELEMENTS = (
    Element.BACKGROUND,
    Element.OBJECTIVES,
    Element.MAIN_CONTENT,
    Element.SCOPE,
    Element.STANDARDS,
)

# A 图解 needs an image, a 视频 a video among the uploaded media.
FORM_MEDIA: dict[str, frozenset[str]] = {
    Form.GRAPHIC: frozenset({"png", "jpeg", "pdf"}),
    Form.VIDEO: frozenset({"mp4"}),
}

EDITABLE_STATES = frozenset({Status.DRAFT})
# States in which the interpretation counts for gate G8: signed off, or already public.
COUNTS_FOR_G8 = frozenset({Status.SIGNED_OFF, Status.PUBLISHED})

TRANSITIONS: dict[tuple[Status, Event], Status] = {
    (Status.DRAFT, Event.SIGN_OFF): Status.SIGNED_OFF,
    (Status.SIGNED_OFF, Event.REOPEN): Status.DRAFT,
    (Status.SIGNED_OFF, Event.PUBLISH): Status.PUBLISHED,
    (Status.PUBLISHED, Event.WITHDRAW): Status.WITHDRAWN,
}


MACHINE: Machine[Status, Event] = Machine(
    states=Status,
    events=Event,
    transitions=TRANSITIONS,
    refusal=_("解读当前状态为“%(status)s”，不能执行“%(action)s”。"),
)


def next_state(current: str, event: Event) -> Status | None:
    """The state after `event`, or None if the event is not possible in `current`."""
    return MACHINE.next_state(current, event)


def allowed_events(current: str) -> list[Event]:
    return MACHINE.allowed_events(current)


def sign_off_problems(
    *,
    title: str,
    body: str,
    interpreter_name: str,
    interpreter_phone: str,
    forms: Iterable[str],
    elements: Iterable[str],
    media_kinds: Iterable[str],
    document_count: int,
) -> list[tuple[str, str]]:
    """What keeps an interpretation from being signed off, as (field, message) pairs.

    The Dalian text requires the interpreting department, 解读人/联系人, 联系电话 and a
    link to the document (domain.md §2.2); a form must be chosen and at least one content
    element covered, and a 图解/视频 needs the image/video itself.
    """
    problems: list[tuple[str, str]] = []
    forms = list(forms)
    kinds = set(media_kinds)
    if not title.strip():
        problems.append(("title", gettext("请填写解读标题。")))
    if document_count < 1:
        problems.append(("documents", gettext("解读须关联至少一份文件。")))
    if not interpreter_name.strip():
        problems.append(("interpreter_name", gettext("请填写解读人（联系人）。")))
    if not interpreter_phone.strip():
        problems.append(("interpreter_phone", gettext("请填写联系电话。")))
    if not forms:
        problems.append(("forms", gettext("请选择解读形式。")))
    if not list(elements):
        problems.append(
            ("elements", gettext("请勾选解读涵盖的内容要素（背景依据、目标任务、主要内容等）。"))
        )
    text_forms = {Form.TEXT, Form.QA, Form.EXPERT}
    if text_forms & set(forms) and not body.strip():
        problems.append(("body", gettext("文字、问答或专家解读须填写解读正文。")))
    for form, needed in FORM_MEDIA.items():
        if form in forms and not kinds & needed:
            label = Form(form).label
            message = (
                gettext("解读形式含“%(form)s”，请上传图片或PDF图解。")
                if form == Form.GRAPHIC
                else gettext("解读形式含“%(form)s”，请上传MP4视频。")
            )
            problems.append(("media", message % {"form": label}))
    return problems


def missing_core_elements(elements: Iterable[str]) -> list[Element]:
    chosen = set(elements)
    return [e for e in CORE_ELEMENTS if e not in chosen]
