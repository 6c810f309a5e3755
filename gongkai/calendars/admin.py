"""Administrators enter each year's holiday arrangement (国务院办公厅关于YYYY年部分节假日安排的通知).

The admin is for administrators only (gongkai/core/admin.py). Every save goes through
`services.calendar_year_changed`, which audits the diff and recomputes the open clocks after
commit; deletion goes through `services.calendar_year_delete`.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from gongkai.accounts.adminperms import AdministratorPermissions, ReadOnlyPermissions
from gongkai.calendars import services
from gongkai.calendars.models import CalendarDay, CalendarYear, Clock, DayKind, PendingRecompute
from gongkai.lib.official_calendar import packaged_schedule

_WEEKDAYS = "一二三四五六日"


def _day(d: Any) -> str:
    return f"{d.isoformat()}（{_WEEKDAYS[d.weekday()]}）"


class CalendarDayFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        year = self.instance.year
        rest_days = 0
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("date"):
                continue
            if year and data["date"].year != year:
                form.add_error("date", f"日期不属于{year}年。")
            if data.get("kind") == DayKind.HOLIDAY_REST:
                rest_days += 1
        # An entered year replaces the packaged schedule of that year, so an empty list would
        # turn every holiday of the year into a working day. The 预填 box fills it at save.
        if not rest_days and not self.data.get("prefill"):
            raise ValidationError("请至少录入一个放假日，或勾选“预填”按软件包数据填入。")


class CalendarDayInline(AdministratorPermissions, admin.TabularInline):
    model = CalendarDay
    formset = CalendarDayFormSet
    fields = ["date", "kind", "name"]
    extra = 3
    ordering = ["date"]


class CalendarYearForm(forms.ModelForm):
    prefill = forms.BooleanField(
        label="预填",
        required=False,
        help_text="保存时把软件包中该年的放假日和调休上班日中尚未录入的日期填入，"
        "保存后请逐日与通知核对。",
    )

    class Meta:
        model = CalendarYear
        fields = ["year", "source_notice", "source_title", "note"]


@admin.register(CalendarYear)
class CalendarYearAdmin(AdministratorPermissions, admin.ModelAdmin):
    form = CalendarYearForm
    inlines = [CalendarDayInline]
    list_display = ["year", "source_notice", "day_count", "entered_by", "updated_at"]
    readonly_fields = ["packaged", "entered_by", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "year",
                    "source_notice",
                    "source_title",
                    "note",
                    "entered_by",
                    "updated_at",
                ]
            },
        ),
        ("预填", {"fields": ["prefill", "packaged"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        return super().get_queryset(request).annotate(day_total=Count("days"))

    @admin.display(description="调整日数")
    def day_count(self, obj: CalendarYear) -> int:
        return getattr(obj, "day_total", 0)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_changeform_initial_data(request)
        initial.setdefault("year", timezone.localdate().year + 1)
        return initial

    @admin.display(description="软件包数据")
    def packaged(self, obj: CalendarYear | None) -> SafeString:
        year = obj.year if obj is not None and obj.year else timezone.localdate().year + 1
        schedule = packaged_schedule(year)
        rest = list(schedule.rest_days)
        makeup = list(schedule.makeup_workdays)
        rows = [(_day(d), "放假", n) for d, n in rest] + [
            (_day(d), "调休上班", n) for d, n in makeup
        ]
        rows.sort()
        table = format_html(
            "<table><thead><tr><th>日期</th><th>类型</th><th>名称</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )
        head = format_html("<p>{}年 · 来源：{}</p>", year, schedule.source)
        if not schedule.official:
            head += format_html(
                "<p><strong>{}</strong></p>",
                "该年尚无正式安排：以下为按放假办法推算的法定假日，没有调休上班日，须按通知核对。",
            )
        return head + self._difference(obj, rest, makeup) + table

    def _difference(
        self, obj: CalendarYear | None, rest: list[Any], makeup: list[Any]
    ) -> SafeString:
        if obj is None or obj.pk is None:
            return SafeString()
        entered = set(obj.days.values_list("date", "kind"))
        packaged = {(d, DayKind.HOLIDAY_REST.value) for d, _ in rest}
        packaged |= {(d, DayKind.MAKEUP_WORKDAY.value) for d, _ in makeup}
        label = dict(DayKind.choices)
        only_entered = sorted(entered - packaged)
        only_packaged = sorted(packaged - entered)
        if not only_entered and not only_packaged:
            return format_html("<p>{}</p>", "录入数据与软件包数据一致。")
        items = [(_day(d), label[k], "仅录入") for d, k in only_entered]
        items += [(_day(d), label[k], "仅软件包") for d, k in only_packaged]
        return format_html(
            "<p>与软件包数据的差异：</p><ul>{}</ul>",
            format_html_join("", "<li>{} {}（{}）</li>", sorted(items)),
        )

    def save_model(self, request: HttpRequest, obj: CalendarYear, form: Any, change: bool) -> None:
        # Snapshot the stored state before anything is written, for the audit diff.
        form.calendar_before = services.calendar_year_snapshot(obj if change else None)
        obj.entered_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj: CalendarYear = form.instance
        if form.cleaned_data.get("prefill"):
            added = services.calendar_year_prefill(calendar_year=obj)
            self.message_user(
                request,
                f"已按软件包数据预填 {len(added)} 个日期，请与通知逐日核对。",
                messages.WARNING if not packaged_schedule(obj.year).official else messages.INFO,
            )
        marker = services.calendar_year_changed(
            calendar_year=obj, actor=request.user, before=form.calendar_before
        )
        weekend_rest = services.isolated_weekend_rest_days(obj)
        if weekend_rest:
            self.message_user(
                request,
                "以下放假日是周末，且不与任何工作日放假相连：周末本来就休息，录入与否不影响工作日"
                "计算，请核对是否应为调休上班日或日期有误："
                + "、".join(_day(d) for d in weekend_rest),
                messages.WARNING,
            )
        if marker is not None:
            self.message_user(
                request,
                f"工作日变动 {len(marker.changed_dates)} 天；未结期限将在保存后重新计算。",
                messages.INFO,
            )

    def delete_model(self, request: HttpRequest, obj: CalendarYear) -> None:
        services.calendar_year_delete(calendar_year=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for obj in queryset:
            services.calendar_year_delete(calendar_year=obj, actor=request.user)


@admin.register(PendingRecompute)
class PendingRecomputeAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    list_display = ["pk", "year", "requested_at", "requested_by", "done_at", "moved"]
    list_filter = ["done_at"]


@admin.register(Clock)
class ClockAdmin(ReadOnlyPermissions, admin.ModelAdmin):
    """Read-only: clocks change only through their subject's services."""

    list_display = [
        "pk",
        "kind",
        "subject_type",
        "subject_id",
        "start_date",
        "due_date",
        "provisional",
        "closed_on",
    ]
    list_filter = ["kind", "provisional", "paused"]
    search_fields = ["subject_id"]
