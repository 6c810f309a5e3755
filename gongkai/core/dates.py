"""The plausible range of dates the platform accepts (1949–2100 by default).

A legal date before the founding of the state or after 2100 is a typing error (a missing
digit, a year of 0026), and would only reach the calendars' arithmetic to fail there. The
bounds are settings (`GONGKAI_DATE_MIN_YEAR`, `GONGKAI_DATE_MAX_YEAR`). Every form date
field refuses a date outside them (`install_form_date_bounds`, from CoreConfig.ready), and
the JSON API refuses one in any input (gongkai.api.parser).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def year_bounds() -> tuple[int, int]:
    return (
        int(getattr(settings, "GONGKAI_DATE_MIN_YEAR", 1949)),
        int(getattr(settings, "GONGKAI_DATE_MAX_YEAR", 2100)),
    )


def year_in_range(year: int) -> bool:
    low, high = year_bounds()
    return low <= year <= high


def validate_plausible_date(value: Any) -> None:
    if isinstance(value, date | datetime) and not year_in_range(value.year):
        low, high = year_bounds()
        raise ValidationError(
            _("日期须在%(low)s年至%(high)s年之间。"),
            code="date_out_of_range",
            params={"low": low, "high": high},
        )


def install_form_date_bounds() -> None:
    """Add the range check to every form DateField and DateTimeField (the staff and public
    forms, ModelForms and the admin alike), once."""
    for field_class in (forms.DateField, forms.DateTimeField):
        validators = list(field_class.default_validators)
        if validate_plausible_date not in validators:
            field_class.default_validators = [*validators, validate_plausible_date]
