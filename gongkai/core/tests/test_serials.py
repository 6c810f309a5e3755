"""The serial-number service and the carry-over of the counters that preceded it."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor

from gongkai.core.kit.serials import last_serial, next_serial, reserve_serials


@pytest.mark.django_db
def test_series_count_separately_per_scope_key_and_year():
    assert [next_serial("t.a", year=2026) for _ in range(3)] == [1, 2, 3]
    assert next_serial("t.a", year=2027) == 1
    assert next_serial("t.a", year=2026, key=7) == 1
    assert next_serial("t.b", year=2026) == 1
    assert last_serial("t.a", year=2026) == 3
    assert last_serial("t.none", year=2026) == 0


@pytest.mark.django_db
def test_a_rolled_back_transaction_gives_its_number_back():
    assert next_serial("t.rollback", year=2026) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        next_serial("t.rollback", year=2026)
        raise RuntimeError
    assert next_serial("t.rollback", year=2026) == 2


@pytest.mark.django_db
def test_a_reserved_range_is_consecutive_and_continues_the_series():
    # The first reservation of a series creates its counter.
    assert reserve_serials("t.bulk", 2026, 5, 3) == range(1, 4)
    assert next_serial("t.bulk", year=2026, key=5) == 4
    assert reserve_serials("t.bulk", 2026, 5, 500) == range(5, 505)
    assert reserve_serials("t.bulk", 2026, 5, 0) == range(0)
    assert last_serial("t.bulk", year=2026, key=5) == 504
    assert reserve_serials("t.bulk", 2027, 5, 2) == range(1, 3)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert reserve_serials("t.bulk", 2026, 5, 10) == range(505, 515)
        raise RuntimeError
    assert reserve_serials("t.bulk", 2026, 5, 1) == range(505, 506)
    with pytest.raises(ValueError):
        reserve_serials("t.bulk", 2026, 5, -1)


@pytest.mark.django_db(transaction=True)
def test_migration_carries_the_old_counters_over():
    before = [
        ("core", "0002_serial_counter"),
        ("documents", "0004_public_indexes"),
        ("inforequests", "0002_letters_reminders"),
    ]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    organ = old.get_model("organizations", "Organ").objects.create(
        name="示范区教育局", short_name="教育局", slug="edu", kind="department"
    )
    old.get_model("documents", "IndexSerial").objects.create(organ=organ, year=2026, last_serial=41)
    old.get_model("inforequests", "CaseSerial").objects.create(year=2026, last=122)
    old.get_model("inforequests", "LetterSerial").objects.create(organ=organ, year=2026, last=9)

    executor = MigrationExecutor(connection)
    executor.migrate([("core", "0003_copy_serial_counters")])
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert next_serial("documents.index_number", year=2026, key=organ.pk) == 42
    assert next_serial("inforequests.case_number", year=2026) == 123
    assert next_serial("inforequests.letter", year=2026, key=organ.pk) == 10
