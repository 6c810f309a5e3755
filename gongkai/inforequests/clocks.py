"""The statutory clocks of 依申请公开 (registered in InfoRequestsConfig.ready)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.calendars.clocktypes import ClockType, Unit


class ClockKind(models.TextChoices):
    CORRECTION_NOTICE = "correction_notice", _("补正告知期限（条例第三十条）")
    CORRECTION_PERIOD = "correction_period", _("申请人补正期限")
    REPLY = "reply", _("答复期限（条例第三十三条）")
    THIRD_PARTY = "third_party", _("第三方意见期限（条例第三十二条）")
    OTHER_ORGAN = "other_organ", _("其他机关意见期限（条例第三十四条）")
    FEE_PAYMENT = "fee_payment", _("缴费期限（收费办法）")


def _type(
    kind: ClockKind, amount: int | None, article: str, start_label: tuple[str, str]
) -> ClockType:
    return ClockType(
        kind=kind,
        label=kind.label,
        unit=Unit.WORKDAYS,
        amount=amount,
        article=article,
        start_label=start_label,
    )


CLOCK_TYPES = (
    _type(ClockKind.CORRECTION_NOTICE, 7, "条例第三十条", ("收到申请", "Application received")),
    # 条例第三十条: 合理的补正期限, chosen by the office in its notice.
    _type(
        ClockKind.CORRECTION_PERIOD,
        None,
        "条例第三十条",
        ("申请人收到补正通知", "Correction notice received"),
    ),
    _type(ClockKind.REPLY, 20, "条例第三十三条第二款", ("收到申请", "Application received")),
    _type(
        ClockKind.THIRD_PARTY,
        15,
        "条例第三十二条",
        ("第三方收到征求意见书", "Consultation letter received"),
    ),
    _type(
        ClockKind.OTHER_ORGAN,
        15,
        "条例第三十四条",
        ("有关机关收到征求意见函", "Consultation letter received"),
    ),
    _type(
        ClockKind.FEE_PAYMENT,
        20,
        "政府信息公开信息处理费管理办法",
        ("申请人收到收费通知", "Fee notice received"),
    ),
)
