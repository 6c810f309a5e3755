"""The documents module's statutory clock (registered in DocumentsConfig.ready)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.calendars.clocktypes import ClockType, Unit


class ClockKind(models.TextChoices):
    PUBLICATION = "publication", _("主动公开发布期限（条例第二十六条）")


# 条例第二十六条: 属于主动公开范围的政府信息，应当自该政府信息形成或者变更之日起20个工作日内
# 及时公开.
PUBLICATION_DAYS = 20

CLOCK_TYPES = (
    ClockType(
        kind=ClockKind.PUBLICATION,
        label=ClockKind.PUBLICATION.label,
        unit=Unit.WORKDAYS,
        amount=PUBLICATION_DAYS,
        article="条例第二十六条",
        start_label=("信息形成（成文）", "Information created (document issued)"),
    ),
)
