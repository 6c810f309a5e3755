"""Fixtures of the annual-report tests: a department with a year of documents, requests and
复议/诉讼 cases, written directly (statistics read rows, not workflows)."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

import pytest

from gongkai.documents.models import Attribute
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.documents.workflow import Validity
from gongkai.inforequests.models import ApplicantType, Outcome
from gongkai.inforequests.tests.factories import InfoRequestFactory
from gongkai.inforequests.workflow import Status as RequestStatus
from gongkai.reports.models import RemedyCase
from gongkai.reports.workflow import Result, Route

YEAR = 2025


_INDEX = count(1)


def published(organ: Any, on: date, **kw: Any) -> Any:
    return DocumentFactory(
        index_number=f"{organ.org_code}/{on.year}-{next(_INDEX):05d}",
        organ=organ,
        status=DocumentStatus.PUBLISHED,
        written_date=on,
        published_date=on,
        attribute=Attribute.PROACTIVE,
        **kw,
    )


def closed_request(organ: Any, received: date, closed: date | None, outcome: str, **kw: Any) -> Any:
    return InfoRequestFactory(
        organ=organ,
        received_date=received,
        closed_on=closed,
        outcome=outcome if closed else "",
        status=RequestStatus.REPLIED if closed else RequestStatus.RECEIVED,
        **kw,
    )


@pytest.fixture
def year_of_work(district: Any, clerk: Any) -> Any:
    """教育局 in 2025: 3 documents published (2 normative, one repealed in the year), 4 requests
    (one carried in from 2024, one carried out), 2 复议/诉讼 cases."""
    edu = district.education
    published(edu, date(YEAR, 3, 1), is_normative=True, is_policy=True)
    published(
        edu,
        date(YEAR, 5, 1),
        is_normative=True,
        is_policy=True,
        repealed_date=date(YEAR, 11, 1),
        validity=Validity.REPEALED,
    )
    published(edu, date(YEAR, 6, 1))
    published(edu, date(YEAR - 1, 6, 1), is_normative=True, is_policy=True)
    closed_request(edu, date(YEAR - 1, 12, 20), date(YEAR, 1, 10), Outcome.OPEN)
    closed_request(edu, date(YEAR, 2, 1), date(YEAR, 2, 20), Outcome.OPEN)
    closed_request(
        edu,
        date(YEAR, 3, 1),
        date(YEAR, 3, 20),
        Outcome.PARTIAL,
        applicant_type=ApplicantType.ORGANISATION,
        organisation_type="commercial",
    )
    closed_request(edu, date(YEAR, 12, 25), None, "")
    RemedyCase.objects.create(
        organ=edu,
        case_number="示复〔2025〕1号",
        route=Route.REVIEW,
        result=Result.UPHELD,
        filed_on=date(YEAR, 4, 1),
        concluded_on=date(YEAR, 6, 1),
        created_by=clerk,
    )
    RemedyCase.objects.create(
        organ=edu,
        case_number="（2025）示行初5号",
        route=Route.DIRECT,
        result=Result.CORRECTED,
        filed_on=date(YEAR, 10, 1),
        concluded_on=date(YEAR + 1, 1, 5),
        created_by=clerk,
    )
    return edu
