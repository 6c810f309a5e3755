"""Who sees which request, and masking of personal data."""

from datetime import date

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.tests.factories import UserFactory
from gongkai.inforequests import services
from gongkai.inforequests.permissions import (
    can_approve_extension,
    can_handle_inforequest,
    can_view_inforequest,
    can_view_personal_data,
    is_openness_office_head,
)
from gongkai.inforequests.presenters import (
    mask_address,
    mask_email,
    mask_id_number,
    mask_name,
    mask_phone,
    masked,
    tracking_view,
)
from gongkai.inforequests.selectors import inforequests_visible_to
from gongkai.inforequests.tests.factories import received

pytestmark = pytest.mark.django_db


@pytest.fixture
def ir(district, reviewer):
    return received(reviewer, district.education, date(2025, 9, 25))


def test_masks():
    assert mask_id_number("210102199001011234") == "2101**********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0411-12345678") == "041*-****5678"
    assert mask_email("wang@example.com") == "w***@example.com"
    assert mask_address("辽宁省大连市示范区人民路100号") == "辽宁省大连市****"
    assert mask_name("王小明") == "王**"
    assert mask_name("王") == "王*"


def test_openness_office_sees_and_handles_in_clear(reviewer, ir):
    assert can_view_inforequest(reviewer, ir) and can_handle_inforequest(reviewer, ir)
    view = masked(ir, reviewer)
    assert view.id_number == "11010519491231002X" and view.phone == "13812345678"
    assert not view.personal_data_masked


def test_other_department_and_citizen_see_nothing(other_reviewer, other_clerk, citizen, ir):
    for user in (other_reviewer, other_clerk, citizen, None):
        assert not can_view_inforequest(user, ir)
        assert not inforequests_visible_to(user).exists()


def test_own_departments_clerk_does_not_see_unassigned_requests(clerk, head, ir):
    # clerk and head belong to 教育局, but handling is the openness office's until assignment.
    assert not can_view_inforequest(clerk, ir)
    assert not can_view_inforequest(head, ir)


def test_handling_department_sees_assigned_request_in_clear(district, reviewer, other_clerk, ir):
    services.inforequest_assign(actor=reviewer, info_request=ir, department=district.finance)
    assert can_view_inforequest(other_clerk, ir)
    assert can_view_personal_data(other_clerk, ir)
    assert not can_handle_inforequest(other_clerk, ir)
    assert masked(ir, other_clerk).phone == "13812345678"


def test_co_handling_department_sees_it_masked(district, reviewer, other_clerk, ir):
    services.inforequest_assign(
        actor=reviewer,
        info_request=ir,
        department=district.office,
        co_departments=[district.finance],
    )
    assert can_view_inforequest(other_clerk, ir)
    assert list(inforequests_visible_to(other_clerk)) == [ir]
    view = masked(ir, other_clerk)
    assert view.personal_data_masked
    assert view.id_number == "1101**********002X"
    assert view.phone == "138****5678"
    assert view.email == "w***@example.com"
    assert view.address == "辽宁省大连市****"
    assert view.applicant_name == "王小明"


def test_administrator_sees_every_case_but_masked(administrator, ir):
    assert can_view_inforequest(administrator, ir)
    assert masked(ir, administrator).personal_data_masked


def test_only_the_openness_office_head_approves_extensions(
    district, reviewer, head, office_head, ir
):
    assert is_openness_office_head(office_head, district.education.pk)
    assert can_approve_extension(office_head, ir)
    assert not can_approve_extension(reviewer, ir)
    assert not can_approve_extension(head, ir)
    other_office_head = UserFactory(
        username="other_office_head",
        roles=[(district.finance, Role.OPENNESS_OFFICE_HEAD), (district.education, Role.HEAD)],
    )
    assert not can_approve_extension(other_office_head, ir)
    district_head = UserFactory(
        username="district_head", roles=[(district.government, Role.OPENNESS_OFFICE_HEAD)]
    )
    assert can_approve_extension(district_head, ir)  # the district office covers 教育局


def test_tracking_view_has_no_personal_data(ir):
    view = tracking_view(ir)
    assert view.applicant == "王**"
    values = " ".join(str(v) for v in view.__dict__.values())
    for secret in ("11010519491231002X", "13812345678", "wang@example.com", "人民路"):
        assert secret not in values
    assert view.reply_due == date(2025, 10, 29)
