"""Working-day calendar data and statutory clocks.

The arithmetic lives in gongkai.lib (pure Python). This app stores:
- CalendarYear / CalendarDay: administrator-entered schedules (国务院办公厅关于YYYY年部分节假日安排的通知),
  which override the pinned package data and make a year official;
- Clock: one statutory deadline of one subject (a document's publication, a request's reply…),
  with its inputs (start, pauses, restart, extension) so it can be recomputed when the calendar changes;
- PendingRecompute: a calendar edit whose recomputation of the open clocks has not finished, written
  in the same transaction as the edit (the database as the queue, STYLE.md §4).

An entered year replaces that year's packaged schedule entirely (gongkai.lib.official_calendar): the
year's CalendarDay rows are its whole list of rest days and make-up days.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    year = models.PositiveIntegerField(_("年度"), unique=True)
    source_notice = models.CharField(
        _("依据通知文号"), max_length=120, help_text=_("如：国办发明电〔2025〕7号")
    )
    source_title = models.CharField(_("通知标题"), max_length=200, blank=True)
    note = models.TextField(_("备注"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("节假日安排年度")
        verbose_name_plural = _("节假日安排年度")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}（{self.source_notice}）"


class DayKind(models.TextChoices):
    HOLIDAY_REST = "holiday_rest", _("放假休息日")
    MAKEUP_WORKDAY = "makeup_workday", _("调休上班日")


class CalendarDay(models.Model):
    year = models.ForeignKey(
        CalendarYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("名称"), max_length=60, blank=True, help_text=_("如：春节"))

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"

    @property
    def is_workday(self) -> bool:
        return self.kind == DayKind.MAKEUP_WORKDAY

    def clean(self) -> None:
        # A 调休上班日 is by definition a weekend day worked; a weekday is a working day anyway.
        if self.kind == DayKind.MAKEUP_WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError(
                {"date": _("调休上班日必须是星期六或星期日；工作日本来就上班，无需录入。")},
                code="makeup_on_weekday",
            )


class ClockUnit(models.TextChoices):
    """What a clock counts (gongkai.lib.deadlines.Unit)."""

    WORKDAYS = "workdays", _("工作日")
    CALENDAR_DAYS = "calendar_days", _("自然日")
    HOURS = "hours", _("小时")


class ClockQuerySet(models.QuerySet["Clock"]):
    def open(self) -> ClockQuerySet:
        return self.filter(closed_on__isnull=True)

    def for_subject(self, subject: models.Model) -> ClockQuerySet:
        return self.filter(
            subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
            subject_id=subject.pk,
        )


class Clock(models.Model):
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    # A kind registered by the module that runs the clock (gongkai.calendars.clocktypes).
    kind = models.CharField(_("期限类型"), max_length=30)
    unit = models.CharField(
        _("计算单位"), max_length=20, choices=ClockUnit.choices, default=ClockUnit.WORKDAYS
    )
    start_date = models.DateField(_("起算日"))
    # The length of the period in `unit` (working days, calendar days or hours).
    days = models.PositiveSmallIntegerField(_("期限长度"))
    # Hour clocks (政务舆情回应) start and end at a moment, not on a day.
    start_at = models.DateTimeField(_("起算时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    # [{"start": "YYYY-MM-DD", "end": "YYYY-MM-DD" | null, "kind": "third_party"|"other_organ"|"fee"}]
    pauses = models.JSONField(_("暂停（不计入期限）"), default=list, blank=True)
    restart_date = models.DateField(_("重新起算日（补正）"), null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField(_("延长工作日数"), default=0)
    extension_approved_by = models.CharField(_("延期批准人"), max_length=100, blank=True)
    extension_approved_on = models.DateField(_("延期批准日"), null=True, blank=True)

    due_date = models.DateField(_("截止日期"), null=True, blank=True, db_index=True)
    base_due_date = models.DateField(_("原截止日期"), null=True, blank=True)
    provisional = models.BooleanField(_("暂定"), default=False)
    paused = models.BooleanField(_("暂停中"), default=False)
    explanation = models.JSONField(_("计算说明"), default=list, blank=True)

    closed_on = models.DateField(_("完成日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ClockQuerySet.as_manager()

    class Meta:
        verbose_name = _("法定期限")
        verbose_name_plural = _("法定期限")
        indexes = [
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["closed_on", "due_date"]),
            # recompute_open_clocks walks the open clocks in pk order (keyset pagination).
            models.Index(fields=["closed_on", "id"], name="clock_open_by_pk"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(extension_days__lte=20), name="clock_extension_at_most_20"
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "kind"],
                condition=models.Q(closed_on__isnull=True),
                name="one_open_clock_per_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.due_at or self.due_date}"

    def get_kind_display(self) -> str:
        """The label the module registered for this kind of clock."""
        from gongkai.calendars.clocktypes import clock_kind_label

        return clock_kind_label(self.kind)

    def is_overdue(self, today: object) -> bool:
        # Overdue is derived, never stored (froide): open and past the due date.
        return self.closed_on is None and self.due_date is not None and self.due_date < today  # type: ignore[operator]

    def is_overdue_at(self, now: object) -> bool:
        """For hour clocks: open and past the due moment."""
        return self.closed_on is None and self.due_at is not None and self.due_at < now  # type: ignore[operator]

    def explanation_text(self, lang: str = "zh") -> list[str]:
        key = "en" if lang.startswith("en") else "zh"
        return [step.get(key, "") for step in self.explanation]


class PendingRecompute(models.Model):
    """A calendar edit whose recomputation of the open clocks is pending (or done).

    Written in the transaction of the edit, so the request to recompute commits or rolls back
    with the edit itself. The recompute runs on commit; if that run is lost (the process died),
    `recompute_deadlines --pending` under cron finds the row and catches up.
    """

    requested_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("变更年度"))
    # ISO dates whose working-day status (or holiday flag) changed; the explanation of an
    # unmoved clock that counts one of them is refreshed.
    changed_dates = models.JSONField(_("变动日期"), default=list, blank=True)
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    moved = models.PositiveIntegerField(_("变动期限数"), null=True, blank=True)

    class Meta:
        verbose_name = _("待重新计算")
        verbose_name_plural = _("待重新计算")
        ordering = ["pk"]
        indexes = [models.Index(fields=["done_at"])]

    def __str__(self) -> str:
        state = "已完成" if self.done_at else "待处理"
        return f"{self.year}年节假日安排变更（{state}）"
