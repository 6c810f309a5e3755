"""A database really locked by another writer (issue 16, item 6), on SQLite.

A second connection takes the write lock (``BEGIN IMMEDIATE``) and holds it while the
public intake form and an API write run: the applicant reads a clear Chinese message (503,
Retry-After), the API answers its JSON 503 with Retry-After, and nothing is half-written.
Once the lock is released the same submissions go through. No monkeypatching: the error is
SQLite's own.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from gongkai.core.models import AuditEvent
from gongkai.documents.models import Document
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.tests.test_views_public import FORM, form_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's write lock"),
]


@contextmanager
def write_lock_held_elsewhere() -> Iterator[None]:
    """Another connection to the same database holds the write lock; this one gives up
    after 0.2 s instead of the configured busy timeout."""
    other = connections.create_connection("default")
    other.ensure_connection()
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        previous = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout = 200")
    holder = other.connection.cursor()
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        other.close()
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {int(previous)}")


def counts() -> tuple[int, int, int]:
    return InfoRequest.objects.count(), Document.objects.count(), AuditEvent.objects.count()


def test_a_held_write_lock_gives_the_applicant_a_chinese_503_and_writes_nothing(district):
    before = counts()
    client = Client()
    with write_lock_held_elsewhere():
        response = client.post(FORM, form_data(district.education))
        assert counts() == before
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "系统繁忙" in html and "没有保存" in html
    assert counts() == before

    # Released: the same application goes in.
    response = client.post(FORM, form_data(district.education))
    assert response.status_code in (200, 302), response.status_code
    assert InfoRequest.objects.count() == before[0] + 1


def test_a_held_write_lock_is_a_json_503_with_retry_after_for_the_api(api_as, clerk, district):
    api = api_as(clerk)
    before = counts()
    body = {"organ": district.education.pk, "title": "关于数据库锁定测试的通知"}
    with write_lock_held_elsewhere():
        response = api.post("/documents", body)
        assert counts() == before
    assert response.status_code == 503, response.content
    assert response["Content-Type"].startswith("application/json")
    assert int(response["Retry-After"]) > 0
    error: dict[str, Any] = json.loads(response.content)["error"]
    assert error["code"] == "service_unavailable" and error["message"]
    assert counts() == before

    response = api.post("/documents", body)
    assert response.status_code == 201, response.content
    assert Document.objects.count() == before[1] + 1
