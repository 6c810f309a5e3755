"""One serial-number service for every running number (索引号后段码, 申请编号, 告知书编号, and
the series of the modules to come).

`next_serial(scope, year=…, key=…)` increments the counter with an UPDATE, which holds the
row lock until the caller's transaction commits: concurrent callers wait and get
consecutive numbers, and a rolled-back transaction gives its number back.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import F

from gongkai.core.models import SerialCounter

# One statement in the common case (the counter exists): SQLite ≥ 3.35 and PostgreSQL both
# return the incremented value. Bulk imports number every row (索引号).
_INCREMENT = (
    "UPDATE core_serialcounter SET last = last + 1 "
    "WHERE scope = %s AND key = %s AND year = %s RETURNING last"
)


def next_serial(scope: str, *, year: int, key: str | int = "") -> int:
    """The next number of the series (1 for the first), within the caller's transaction."""
    key = str(key)
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute(_INCREMENT, [scope, key, year])
            row = cursor.fetchone()
        if row is not None:
            return int(row[0])
    with transaction.atomic():
        SerialCounter.objects.get_or_create(scope=scope, key=key, year=year)
        rows = SerialCounter.objects.filter(scope=scope, key=key, year=year)
        rows.update(last=F("last") + 1)
        return rows.values_list("last", flat=True).get()


_RESERVE = (
    "UPDATE core_serialcounter SET last = last + %s "
    "WHERE scope = %s AND key = %s AND year = %s RETURNING last"
)


def reserve_serials(scope: str, year: int, key: str | int = "", n: int = 1) -> range:
    """Reserve ``n`` consecutive numbers of the series in one statement; return them as a
    range (empty when ``n`` is 0). Same locking as :func:`next_serial`: the counter row
    stays locked until the caller's transaction ends, and a rollback gives the numbers back.
    Bulk imports number a whole chunk of rows (索引号) with one call."""
    if n < 0:
        raise ValueError("n must not be negative")
    if n == 0:
        return range(0)
    key = str(key)
    if connection.vendor in ("sqlite", "postgresql"):
        with connection.cursor() as cursor:
            cursor.execute(_RESERVE, [n, scope, key, year])
            row = cursor.fetchone()
        if row is not None:
            last = int(row[0])
            return range(last - n + 1, last + 1)
    with transaction.atomic():
        SerialCounter.objects.get_or_create(scope=scope, key=key, year=year)
        rows = SerialCounter.objects.filter(scope=scope, key=key, year=year)
        rows.update(last=F("last") + n)
        last = rows.values_list("last", flat=True).get()
    return range(last - n + 1, last + 1)


def last_serial(scope: str, *, year: int, key: str | int = "") -> int:
    """The last number given (0 if none): for display and checks, never to number."""
    return (
        SerialCounter.objects.filter(scope=scope, key=str(key), year=year)
        .values_list("last", flat=True)
        .first()
        or 0
    )
