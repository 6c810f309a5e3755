"""Demo 政府会议 (meetings module): a 局务会议 of the 教育局 held with its results published,
and an upcoming 局务会议 of the 民政局 with an open item taking applications to attend.

Each carries a client token ``demo:meeting_<key>``; a second run finds it and skips it. The
held meeting is planned through the services like any other and then moved to its (past)
date, since no service plans a meeting in the past.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gongkai.demo.registry import DemoContext, Seeder, register
from gongkai.meetings import services
from gongkai.meetings.models import Meeting
from gongkai.meetings.workflow import MeetingKind

HELD = "held"
UPCOMING = "upcoming"


def _at(day: object, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))  # type: ignore[arg-type]


def _held(context: DemoContext) -> None:
    clerk, head = context.users["edu_clerk"], context.users["edu_head"]
    officer = context.users["edu_openness"]
    meeting = services.meeting_create(
        actor=clerk,
        organ=context.organs["edu"],
        data={
            "kind": MeetingKind.DEPARTMENTAL,
            "title": f"示范区教育局{context.today.year}年第9次局务会议",
            "starts_at": timezone.now() + timedelta(days=3),
            "location": "区教育局三楼第一会议室",
            "chair": head.get_full_name(),
        },
        client_token=f"demo:meeting_{HELD}",
    )
    open_item = services.item_add(
        actor=clerk,
        meeting=meeting,
        data={
            "title": "审议《示范区学前教育资助办法（送审稿）》",
            "summary": "明确学前教育资助对象、资助标准、申请和审核程序。",
            "sponsor": "区教育局学前教育科",
            "invite": ["stakeholders", "public", "experts", "media"],
            "openness": "open",
            "open_methods": ["attendance", "report"],
            "public_seats": 3,
        },
    )
    services.item_add(
        actor=clerk,
        meeting=meeting,
        data={
            "title": "人事事项",
            "openness": "closed",
            "closed_reason": "涉及干部人事，依法不予公开。",
        },
    )
    services.meeting_submit(actor=clerk, meeting=meeting)
    services.meeting_approve(actor=head, meeting=meeting, opinion="同意。")
    services.meeting_announce(actor=officer, meeting=meeting)
    for name, phone in (
        ("陈女士", "13800001111"),
        ("刘先生", "13900002222"),
        ("黄女士", "13700003333"),
        ("周先生", "13600004444"),
    ):
        services.application_submit(
            item=open_item, data={"name": name, "phone": phone, "reason": "家有适龄幼儿"}
        )
    services.attendees_select(actor=clerk, item=open_item, method="random", seed="demo-seed-2026")
    held_day = context.today - timedelta(days=7)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=_at(held_day, 9), applications_close_at=_at(held_day - timedelta(days=2), 17)
    )
    meeting.refresh_from_db()
    services.meeting_hold(actor=clerk, meeting=meeting)
    services.meeting_record_results(
        actor=clerk,
        meeting=meeting,
        press_release=f"{held_day.month}月{held_day.day}日，区教育局召开局务会议，审议并原则通过"
        "《示范区学前教育资助办法》。会议邀请家长代表、幼儿园代表、专家和媒体列席。"
        "会议要求，抓紧修改完善后按程序印发，做好政策解读和资助申请受理准备。",
        decisions={
            open_item.pk: "原则通过《示范区学前教育资助办法》，由学前教育科根据会议意见修改完善后按程序印发实施。"
        },
    )
    services.link_add(
        actor=clerk,
        meeting=meeting,
        kind="media_report",
        title="区教育局局务会议通过学前教育资助办法",
        url="https://news.example.cn/2026/edu-preschool.html",
        source="示范区融媒体中心",
    )
    services.meeting_publish(actor=officer, meeting=meeting)


def _upcoming(context: DemoContext) -> None:
    clerk, head = context.users["civil_clerk"], context.users["civil_head"]
    day = context.today + timedelta(days=10)
    meeting = services.meeting_create(
        actor=clerk,
        organ=context.organs["civil"],
        data={
            "kind": MeetingKind.DEPARTMENTAL,
            "title": f"示范区民政局{context.today.year}年第11次局务会议",
            "starts_at": _at(day, 14),
            "applications_close_at": _at(day - timedelta(days=3), 17),
            "location": "区民政局二楼会议室",
            "chair": head.get_full_name(),
        },
        client_token=f"demo:meeting_{UPCOMING}",
    )
    services.item_add(
        actor=clerk,
        meeting=meeting,
        data={
            "title": "研究社区居家养老服务补贴标准调整方案",
            "summary": "拟将80周岁以上低保老人居家养老服务补贴由每月200元提高至300元。",
            "sponsor": "区民政局养老服务科",
            "invite": ["stakeholders", "public", "media"],
            "openness": "open",
            "open_methods": ["attendance", "report"],
            "public_seats": 5,
        },
    )
    services.meeting_submit(actor=clerk, meeting=meeting)
    services.meeting_approve(actor=head, meeting=meeting, opinion="同意，按程序发布会议预告。")
    services.meeting_announce(actor=context.users["civil_openness"], meeting=meeting)


SCENARIOS = {HELD: _held, UPCOMING: _upcoming}


def seed_meetings(context: DemoContext) -> int:
    created = 0
    for key, scenario in SCENARIOS.items():
        if Meeting.objects.filter(client_token=f"demo:meeting_{key}").exists():
            continue
        with transaction.atomic():
            scenario(context)
        created += 1
    return created


register(Seeder("meetings", "demo meetings", seed_meetings, after=("accounts",)))
