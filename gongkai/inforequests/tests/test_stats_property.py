"""Table 3 in one pass equals a straightforward per-request count (both databases).

`stats.table3` / `stats.table3_with_previous` count every cell in ONE grouped query with
conditional counts. The oracle here walks the requests one by one in Python with the §4.3
rules as written in the module docstring, on random requests drawn by Hypothesis (received
over four years, some never received, some closed, some still open, every applicant column
and every outcome, a second organ whose requests must not count).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.inforequests.models import OUTCOME_ROW, ApplicantType, InfoRequest, Outcome
from gongkai.inforequests.stats import table3, table3_with_previous
from gongkai.inforequests.tests.factories import InfoRequestFactory
from gongkai.inforequests.workflow import Status
from gongkai.lib.table3 import Table3, build_table3

pytestmark = pytest.mark.django_db

ORGANISATION_TYPES = ["commercial", "research", "public_interest", "legal_services", "other_org"]
START = date(2023, 1, 1)

# Days after START, often on either side of a 1 January (where the rows meet).
BOUNDARIES = [
    (date(year, 1, 1) - START).days + shift for year in range(2023, 2028) for shift in (-1, 0, 1)
]
days = st.one_of(st.integers(0, 4 * 365 + 30), st.sampled_from([d for d in BOUNDARIES if d >= 0]))

request_rows = st.lists(
    st.tuples(
        st.one_of(st.none(), days),  # received
        st.one_of(st.none(), days),  # closed (not before received)
        st.sampled_from(["natural", *ORGANISATION_TYPES]),
        st.sampled_from(list(Outcome)),
        st.booleans(),  # the other organ
    ),
    max_size=40,
)


def _oracle(requests: list[InfoRequest], year: int, version: str) -> Table3:
    first, last = date(year, 1, 1), date(year, 12, 31)
    new: dict[str, int] = defaultdict(int)
    carried_in: dict[str, int] = defaultdict(int)
    carried_out: dict[str, int] = defaultdict(int)
    results: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in requests:
        if r.received_date is None:
            continue
        column = "natural" if r.applicant_type == ApplicantType.NATURAL else r.organisation_type
        if first <= r.received_date <= last:
            new[column] += 1
        if r.received_date < first and (r.closed_on is None or r.closed_on >= first):
            carried_in[column] += 1
        if r.closed_on is not None and first <= r.closed_on <= last:
            results[OUTCOME_ROW[r.outcome]][column] += 1
        if r.received_date <= last and (r.closed_on is None or r.closed_on > last):
            carried_out[column] += 1
    return build_table3(
        version, new=new, carried_in=carried_in, results=results, carried_out=carried_out
    )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=request_rows)
def test_one_pass_table3_equals_per_request_count(district, rows):
    organ, other = district.education, district.finance
    with transaction.atomic():
        made = []
        for received_days, closed_days, column, outcome, elsewhere in rows:
            received = START + timedelta(days=received_days) if received_days is not None else None
            closed = (
                max(received, START + timedelta(days=closed_days))
                if received is not None and closed_days is not None
                else None
            )
            org = (
                {}
                if column == "natural"
                else {"applicant_type": ApplicantType.ORGANISATION, "organisation_type": column}
            )
            made.append(
                InfoRequestFactory.build(
                    organ=other if elsewhere else organ,
                    received_date=received,
                    closed_on=closed,
                    outcome=outcome if closed else "",
                    status=Status.REPLIED if closed else Status.RECEIVED,
                    **org,
                )
            )
        InfoRequest.objects.bulk_create(made)
        mine = [r for r in made if r.organ_id == organ.pk]
        for year in (2023, 2024, 2025, 2026, 2027):
            for version in ("2019", "2021"):
                expected = _oracle(mine, year, version)
                assert table3(organ=organ, year=year, version=version).cells == expected.cells
                current, previous = table3_with_previous(organ=organ, year=year, version=version)
                assert current.cells == expected.cells
                assert previous.cells == _oracle(mine, year - 1, version).cells
        transaction.set_rollback(True)
