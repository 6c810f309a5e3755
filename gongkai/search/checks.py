"""System check: the index was built by the segmenter in use."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError, connection

from gongkai.core.database import sqlite_file_missing
from gongkai.lib.segment import SEGMENTER_VERSION


@register(Tags.database)
def check_segmenter(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from gongkai.search.models import SearchEntry

    if sqlite_file_missing(connection):
        return []  # `gongkai check` on a fresh install: connecting would create an empty file
    try:
        outdated = SearchEntry.objects.exclude(segmenter=SEGMENTER_VERSION).exists()
    except DatabaseError:
        return []
    if not outdated:
        return []
    return [
        Warning(
            "全文检索索引由其他版本的分词器建立，部分内容可能检索不到。",
            hint="Run: manage.py reindex_all --rebuild",
            id="search.W001",
        )
    ]
