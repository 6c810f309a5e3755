"""Fees in the workflow: monthly per-applicant counting, one mode only, notices."""

from datetime import date

import pytest

from gongkai.core.exceptions import GateRefused, InvalidInput
from gongkai.inforequests import selectors, services
from gongkai.inforequests.models import FeeMode, NoticeKind
from gongkai.inforequests.tests.factories import InfoRequestFactory, received

pytestmark = pytest.mark.django_db

# 条例第四十二条: the finding recorded before any fee.
EXCESS = "同一申请人本月第11件以上申请，数量明显超过合理范围。"
D = date


def test_monthly_ordinal_counts_the_same_applicant_at_the_same_organ(district):
    organ = district.education
    for day in range(1, 12):  # eleven requests in September
        InfoRequestFactory(organ=organ, received_date=D(2025, 9, day))
    InfoRequestFactory(organ=organ, received_date=D(2025, 8, 31))  # another month
    InfoRequestFactory(organ=district.finance, received_date=D(2025, 9, 5))  # another organ
    InfoRequestFactory(
        organ=organ,
        received_date=D(2025, 9, 5),
        id_type="passport",
        id_number="E12345678",
        applicant_name="李四",
    )
    last = InfoRequestFactory(organ=organ, received_date=D(2025, 9, 30))
    assert selectors.applicant_month_ordinal(last) == 12
    assert selectors.fee_quote(last, FeeMode.PER_REQUEST).amount == 100


def test_per_request_fee_is_refused_while_free(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    with pytest.raises(GateRefused) as exc:
        services.inforequest_fee_notice(
            excess_finding=EXCESS,
            actor=reviewer,
            info_request=ir,
            mode=FeeMode.PER_REQUEST,
            issued_on=D(2025, 10, 9),
        )
    assert exc.value.gate == "G13" and "不收费" in exc.value.message


def test_per_request_fee_notice_for_the_eleventh_request(district, reviewer):
    for day in range(1, 11):
        InfoRequestFactory(organ=district.education, received_date=D(2025, 9, day))
    ir = received(reviewer, district.education, D(2025, 9, 25))
    services.inforequest_fee_notice(
        excess_finding=EXCESS,
        actor=reviewer,
        info_request=ir,
        mode=FeeMode.PER_REQUEST,
        issued_on=D(2025, 10, 9),
    )
    assert (ir.fee_mode, ir.fee_ordinal, ir.fee_amount, ir.fee_pages) == (
        FeeMode.PER_REQUEST,
        11,
        100,
        None,
    )
    notice = ir.notices.get(kind=NoticeKind.FEE)
    assert notice.data["amount"] == 100 and "第11件" in notice.summary


def test_never_both_modes(district, reviewer):
    for day in range(1, 11):
        InfoRequestFactory(organ=district.education, received_date=D(2025, 9, day))
    ir = received(reviewer, district.education, D(2025, 9, 25))
    with pytest.raises(InvalidInput, match="不得同时适用"):
        services.inforequest_fee_notice(
            excess_finding=EXCESS,
            actor=reviewer,
            info_request=ir,
            mode=FeeMode.PER_REQUEST,
            pages=150,
        )


def test_one_fee_notice_per_request(district, reviewer):
    ir = received(reviewer, district.education, D(2025, 9, 25))
    services.inforequest_fee_notice(
        excess_finding=EXCESS,
        actor=reviewer,
        info_request=ir,
        mode=FeeMode.PER_VOLUME,
        pages=31,
        issued_on=D(2025, 10, 9),
    )
    services.inforequest_fee_paid(actor=reviewer, info_request=ir, paid_on=D(2025, 10, 10))
    with pytest.raises(GateRefused, match="已经发出过"):
        services.inforequest_fee_notice(
            excess_finding=EXCESS,
            actor=reviewer,
            info_request=ir,
            mode=FeeMode.PER_VOLUME,
            pages=31,
        )


def test_database_refuses_both_modes(district):
    from django.db import IntegrityError, transaction

    ir = InfoRequestFactory(organ=district.education, received_date=D(2025, 9, 1))
    ir.fee_mode, ir.fee_ordinal, ir.fee_pages = FeeMode.PER_REQUEST, 11, 150
    with pytest.raises(IntegrityError), transaction.atomic():
        ir.save()
