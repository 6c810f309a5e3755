"""The API's request parser: what django-ninja reads from a request passes through here.

Refused before any validation or database access, for every router alike:
- a JSON body that is not an object (`[null, null]`, `"x"`, `3`): every operation takes
  named fields, and a list must never fill them with their defaults;
- a NUL character in any string of the body, the query or a form (PostgreSQL cannot store
  one; no legitimate text holds one);
- a date (YYYY-MM-DD, or the date part of an ISO date-time) outside the plausible range
  `GONGKAI_DATE_MIN_YEAR`–`GONGKAI_DATE_MAX_YEAR` (1949–2100).
Each answers 422 `validation_error` naming the field (gongkai.api.errors.InputRefused).
"""

from __future__ import annotations

import json
import re
from typing import Any, cast

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.parser import Parser

from gongkai.api.errors import InputRefused
from gongkai.core.dates import year_in_range

_ISO_DATE = re.compile(r"(\d{4,})-(\d{2})-(\d{2})(?:[T ][0-9:.+\-Z]*)?")


def _check(value: Any, location: str, path: list[str]) -> None:
    field = ".".join(path) or None
    if isinstance(value, str):
        if "\x00" in value:
            raise InputRefused("string_nul", location, field)
        match = _ISO_DATE.fullmatch(value)
        if match and not year_in_range(int(match.group(1))):
            raise InputRefused("date_out_of_range", location, field)
    elif isinstance(value, dict):
        for key, item in value.items():
            if "\x00" in str(key):
                raise InputRefused("string_nul", location, field)
            _check(item, location, [*path, str(key)])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check(item, location, [*path, str(index)])


class StrictParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise InputRefused("body_not_object", "body", None)
        _check(data, "body", [])
        return cast(dict[str, Any], data)

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        result = super().parse_querydict(data, list_fields, request)
        location = "query" if data is request.GET else "form"
        _check(result, location, [])
        return result
