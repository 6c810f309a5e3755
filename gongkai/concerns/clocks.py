"""The hour clocks of 政务舆情回应 (gate G15, domain.md §8.3), registered in
ConcernsConfig.ready. Hours run through nights, weekends and holidays."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.calendars.clocktypes import ClockType, Unit
from gongkai.concerns.workflow import MAJOR_SEVERITIES, ResponseForm


class ClockKind(models.TextChoices):
    RELEASE = "opinion_release", _("权威信息发布时限（5小时）")
    PRESS = "opinion_press", _("新闻发布会时限（24小时）")
    RESPONSE = "opinion_response", _("舆情回应时限（48小时）")


START = ("发现舆情", "Public opinion detected")

CLOCK_TYPES = (
    ClockType(
        kind=ClockKind.RELEASE,
        label=ClockKind.RELEASE.label,
        unit=Unit.HOURS,
        amount=5,
        article="国办发〔2016〕80号 三（特别重大、重大突发事件：最迟5小时内发布权威信息）",
        start_label=START,
    ),
    ClockType(
        kind=ClockKind.PRESS,
        label=ClockKind.PRESS.label,
        unit=Unit.HOURS,
        amount=24,
        article="国办发〔2016〕61号、80号 三（最迟应在24小时内举行新闻发布会）",
        start_label=START,
    ),
    ClockType(
        kind=ClockKind.RESPONSE,
        label=ClockKind.RESPONSE.label,
        unit=Unit.HOURS,
        amount=48,
        article="国办发〔2016〕61号（其他政务舆情：最迟48小时内予以回应）",
        start_label=START,
    ),
)

# The short keys of the alert settings (GONGKAI_CONCERNS_ALERT_LEAD_HOURS).
SHORT = {ClockKind.RELEASE: "release", ClockKind.PRESS: "press", ClockKind.RESPONSE: "response"}


def kinds_for(severity: str) -> tuple[ClockKind, ...]:
    if severity in MAJOR_SEVERITIES:
        return (ClockKind.RELEASE, ClockKind.PRESS)
    return (ClockKind.RESPONSE,)


def closes(form: str) -> frozenset[ClockKind]:
    """The clocks a response of `form` meets: any response answers the 48-hour clock; the
    5-hour clock wants authoritative information (a release, a conference or a briefing);
    the 24-hour clock a press conference."""
    met = {ClockKind.RESPONSE}
    if form in (ResponseForm.RELEASE, ResponseForm.PRESS_CONFERENCE, ResponseForm.BRIEFING):
        met.add(ClockKind.RELEASE)
    if form == ResponseForm.PRESS_CONFERENCE:
        met.add(ClockKind.PRESS)
    return frozenset(met)
