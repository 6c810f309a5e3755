"""Demo 政策解读 (interpretations module): one published, one signed off, one draft.

Each is linked to a demo document of the drafting department (谁起草谁解读) and carries a
client token ``demo:interpretation_<key>``; a second run finds it and skips its scenario.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from gongkai.demo.registry import DemoContext, Seeder, register
from gongkai.documents.models import Document
from gongkai.interpretations import services
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.workflow import Element, Form


def _draft(context: DemoContext, key: str, document_key: str, organ: str, title: str,
           body: str) -> Interpretation | None:  # fmt: skip
    document = Document.objects.filter(client_token=f"demo:{document_key}").first()
    if document is None:  # the documents seeder did not create it (or it was deleted)
        return None
    return services.interpretation_create(
        actor=context.users[f"{organ}_clerk"],
        documents=[document],
        data={
            "title": title,
            "body": body,
            "forms": [Form.TEXT],
            "elements": [Element.BACKGROUND, Element.MAIN_CONTENT, Element.SCOPE],
            "interpreter_name": context.users[f"{organ}_clerk"].get_full_name() or organ,
            "interpreter_phone": context.organs[organ].office_phone,
        },
        client_token=f"demo:interpretation_{key}",
    )


def _published(context: DemoContext) -> None:
    # 补发解读 of the published enrolment-area notice, signed off by the head (第一解读人).
    interpretation = _draft(
        context,
        "published",
        "published",
        "edu",
        f"一图读懂：{context.today.year}年义务教育阶段学校招生范围怎么看",
        "一、为什么要公布招生范围？依据《义务教育法》，公办学校实行免试就近入学。\n"
        "二、哪些孩子适用？户籍和实际居住地均在片区内的适龄儿童少年。\n"
        "三、家长要做什么？在报名期间通过招生平台填报信息，按通知携带户口簿和房产证明现场审核。",
    )
    if interpretation is None:
        return
    services.interpretation_sign_off(
        actor=context.users["edu_head"], interpretation=interpretation, opinion="同意发布。"
    )
    services.interpretation_publish(
        actor=context.users["edu_openness"], interpretation=interpretation, today=context.today
    )


def _signed_off(context: DemoContext) -> None:
    # 三同步: signed off with its document, published together with it.
    interpretation = _draft(
        context,
        "signed_off",
        "issued_pending",
        "edu",
        "关于开展校园安全隐患排查整治工作的政策解读",
        "一、排查什么？校舍、消防、食品、交通和周边环境五个方面。\n"
        "二、谁来排查？各中小学、幼儿园校（园）长为第一责任人，逐项建立台账。\n"
        "三、什么时候完成？通知印发后一个月内完成自查，教育局随后组织抽查。",
    )
    if interpretation is None:
        return
    services.interpretation_sign_off(
        actor=context.users["edu_head"], interpretation=interpretation, opinion="同意。"
    )


def _drafting(context: DemoContext) -> None:
    _draft(
        context,
        "draft",
        "signoff",
        "fin",
        "关于做好预算执行工作的解读",
        "一、背景：加快预算执行进度，提高财政资金使用效益。\n"
        "二、主要内容：规范资金拨付流程，按月通报执行进度。",
    )


SCENARIOS: dict[str, Callable[[DemoContext], None]] = {
    "published": _published,
    "signed_off": _signed_off,
    "draft": _drafting,
}


def seed_interpretations(context: DemoContext) -> int:
    created = 0
    for key, scenario in SCENARIOS.items():
        if Interpretation.objects.filter(client_token=f"demo:interpretation_{key}").exists():
            continue
        with transaction.atomic():
            scenario(context)
        created += Interpretation.objects.filter(client_token=f"demo:interpretation_{key}").count()
    return created


register(
    Seeder("interpretations", "demo interpretations", seed_interpretations, after=("documents",))
)
