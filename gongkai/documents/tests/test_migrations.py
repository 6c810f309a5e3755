"""The data migration that brings existing rows under the separate reason lists (issue 11)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("documents", "0004_public_indexes")]
AFTER = [("documents", "0006_adopted_drafts_in_government_name")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():  # type: ignore[no-untyped-def]
    """Leave the database at every app's newest migration for the tests that follow (a
    later migration of this app would otherwise be missing from their schema)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_migrated_and_flagged():
    old = _migrate(BEFORE)
    Organ = old.get_model("organizations", "Organ")
    government = Organ.objects.create(name="示范区人民政府", slug="gov", kind="district_government")
    organ = Organ.objects.create(
        name="示范区教育局", slug="edu", kind="department", parent=government
    )
    Document = old.get_model("documents", "Document")

    def make(title, **fields):  # type: ignore[no-untyped-def]
        return Document.objects.create(organ=organ, title=title, **fields).pk

    admin_query = make(
        "查询事项", attribute="not_disclosed", reason_codes=["ADMIN_QUERY", "LAW_PROHIBITS"]
    )
    on_request = make("依申请", attribute="on_request", reason_codes=["INTERNAL_AFFAIRS"])
    classified = make(
        "涉密",
        attribute="on_request",
        secrecy_level="secret",
        secrecy_period="5年",
        status="issued",
    )
    unclassified_secret = make("未定密", attribute="not_disclosed", reason_codes=["STATE_SECRET"])
    issued_withheld = make(
        "已成文", attribute="not_disclosed", reason_codes=["PROCESS_INFO"], status="issued"
    )
    untouched = make("主动公开", attribute="proactive")
    adopted = make("代拟稿", attribute="proactive", for_government=True, status="issued")
    adopted_published = make(
        "已发布代拟稿",
        attribute="proactive",
        for_government=True,
        status="published",
        index_number="000000003/2026-00001",
        marking="（此件公开发布）",
    )

    new = _migrate(AFTER)
    Document = new.get_model("documents", "Document")
    AuditEvent = new.get_model("core", "AuditEvent")
    rows = {d.pk: d for d in Document.objects.all()}

    assert rows[admin_query].reason_codes == ["LAW_PROHIBITS"]
    assert rows[on_request].reason_codes == []
    assert rows[on_request].on_request_reason == ""  # left for the drafter to choose (G2)
    assert rows[classified].attribute == "not_disclosed"
    assert rows[classified].reason_codes == ["STATE_SECRET"]
    assert rows[classified].marking == "（此件不予公开）"
    assert rows[classified].secrecy_mark == "秘密★5年"
    assert rows[unclassified_secret].reason_codes == []
    assert rows[issued_withheld].marking == "（此件不予公开）"
    assert rows[untouched].marking == ""
    assert rows[adopted].organ_id == government.pk
    assert rows[adopted].drafting_organ_id == organ.pk
    assert rows[adopted].marking == "（此件公开发布）"
    # Published: its 索引号 is public and immutable, so its organ stays.
    assert rows[adopted_published].organ_id == organ.pk
    assert rows[adopted_published].drafting_organ_id is None
    moved = AuditEvent.objects.get(action="document.organ_migrated")
    assert moved.subject_id == str(adopted)

    flagged = {
        int(e.subject_id): e.data["changes"]
        for e in AuditEvent.objects.filter(action="document.reasons_migrated")
    }
    assert flagged == {
        admin_query: ["admin_query_removed"],
        on_request: ["on_request_grounds_removed"],
        classified: ["state_secret_added"],
        unclassified_secret: ["state_secret_removed"],
    }
    event = AuditEvent.objects.get(subject_id=str(on_request))
    assert event.data["before"]["reason_codes"] == ["INTERNAL_AFFAIRS"]
