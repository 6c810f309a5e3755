"""The limits of the public mailbox on the clock engine (registered in MailboxConfig.ready).

No national figure fixes them (domain.md §6.1; 政府网站发展指引 国办发〔2017〕47号 asks for
intake → assignment → handling → reply with published handling records): the amounts are
configured per kind of message (conf.GONGKAI_MAILBOX_LIMITS) and passed when a clock opens.

Rules of the clocks (docs/mailbox.md):
- 受理时限 starts on the day the message is submitted (local date) at the department it is
  addressed to;
- a transfer (转办) closes the clocks of the department that transfers and starts a new
  受理时限 at the receiving department on the day of the transfer; its 答复时限 starts when
  it accepts (the writer sees both dates on the tracking page);
- 答复时限 starts on the day of acceptance (受理日期) and closes on the day of the reply;
  the reply is on time when it is given on or before the due date in force;
- converting to 依申请公开, referring to 信访 or refusing closes every open clock.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.calendars.clocktypes import ClockType, Unit


class ClockKind(models.TextChoices):
    ACCEPT = "message_accept", _("留言受理时限")
    REPLY = "message_reply", _("留言答复时限")


ARTICLE = "政府网站发展指引（国办发〔2017〕47号）；时限按本级规定配置"

CLOCK_TYPES = (
    ClockType(
        kind=ClockKind.ACCEPT,
        label=ClockKind.ACCEPT.label,
        unit=Unit.WORKDAYS,
        amount=None,
        article=ARTICLE,
        start_label=("收到留言（或转办）", "Message received (or transferred)"),
    ),
    ClockType(
        kind=ClockKind.REPLY,
        label=ClockKind.REPLY.label,
        unit=Unit.WORKDAYS,
        amount=None,
        article=ARTICLE,
        start_label=("受理留言", "Message accepted"),
    ),
)
