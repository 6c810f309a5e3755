"""The statutory clocks of 重大行政决策 (registered from DecisionsConfig.ready)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.calendars.clocktypes import ClockType, Unit


class ClockKind(models.TextChoices):
    COMMENT_PERIOD = "decision_comment_period", _("公开征求意见期限")
    LEGALITY_REVIEW = "decision_legality_review", _("合法性审查时间")


CLOCK_TYPES = (
    ClockType(
        kind=ClockKind.COMMENT_PERIOD,
        label=_("公开征求意见期限（决策条例第十五条）"),
        unit=Unit.CALENDAR_DAYS,
        amount=30,
        article="重大行政决策程序暂行条例第十五条",
        start_label=("公布征求意见稿", "Draft published for comment"),
    ),
    ClockType(
        kind=ClockKind.LEGALITY_REVIEW,
        label=_("合法性审查时间（决策条例第二十六条）"),
        unit=Unit.WORKDAYS,
        amount=7,
        article="重大行政决策程序暂行条例第二十六条第二款",
        start_label=("送请合法性审查", "Sent for legality review"),
    ),
)

MIN_COMMENT_DAYS = 30
MIN_REVIEW_WORKDAYS = 7
