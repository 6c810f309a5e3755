"""can_<verb>_inforequest(user, info_request) predicates and the queryset scoper.

Who sees what (issue #4):

- the openness office (Role.OPENNESS_OFFICER covering the organ applied to) handles the
  organ's requests: registers, confirms receipt, decides, replies — every action;
- the head of that office (政府信息公开工作机构负责人, 条例第三十三条第二款) sees the organ's
  cases and approves extensions the officers ask for — see :func:`is_openness_office_head`;
- clerks and heads of a department the request was assigned to (承办 or 协办) see it;
- other departments and citizens see nothing (a citizen follows a case with its query code);
- administrators see every case for support, but personal data stays masked for them.

Personal data (identity number, phone, e-mail, address) is shown in clear only to the case's
handlers: the openness office and the lead handling department (承办单位). Everyone else gets
the masked presenter (`presenters.present`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import has_role, is_administrator, organs_for_role
from gongkai.inforequests.models import InfoRequest

__all__ = [
    "CaseApplicant",
    "can_approve_extension",
    "can_correct_inforequest",
    "can_handle_inforequest",
    "can_provide_material",
    "can_register_inforequest",
    "can_report_inforequest",
    "can_view_inforequest",
    "can_view_personal_data",
    "can_view_statistics",
    "is_openness_office_head",
    "scope_inforequests",
]


class CaseApplicant(str):
    """The applicant of one case, acting without an account after proving its query code.

    The public tracking page builds one for the case bound to the visitor's session and
    passes it to the services as ``actor``. It is a ``str`` on purpose: services and
    ``record_event`` record a string actor as the label of a non-user actor, so the audit
    trail reads “申请人（查询码）” with no user row. It holds no role anywhere.
    """

    info_request_id: int
    is_authenticated = False

    def __new__(cls, info_request_id: int, label: str = "申请人（查询码）") -> CaseApplicant:
        actor = super().__new__(cls, label)
        actor.info_request_id = info_request_id
        return actor


def is_case_applicant(actor: Any, info_request: InfoRequest) -> bool:
    return isinstance(actor, CaseApplicant) and actor.info_request_id == info_request.pk


def _department_organs(user: Any) -> set[int]:
    return organs_for_role(user, Role.CLERK) | organs_for_role(user, Role.HEAD)


def scope_inforequests(user: Any, qs: QuerySet[InfoRequest]) -> QuerySet[InfoRequest]:
    """Requests a staff user may see."""
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_administrator(user):
        return qs
    departments = _department_organs(user)
    # The office and its head (who approves extensions from the cases of the organ).
    offices = organs_for_role(user, Role.OPENNESS_OFFICER) | organs_for_role(
        user, Role.OPENNESS_OFFICE_HEAD
    )
    condition = Q(organ_id__in=offices)
    condition |= Q(handling_department_id__in=departments)
    co_handled = InfoRequest.co_handling_departments.through.objects.filter(
        inforequest_id=OuterRef("pk"), organ_id__in=departments
    )
    return qs.filter(condition | Q(Exists(co_handled)))


def can_view_inforequest(user: Any, info_request: InfoRequest) -> bool:
    return scope_inforequests(user, InfoRequest.objects.filter(pk=info_request.pk)).exists()


def can_register_inforequest(user: Any, organ_id: int) -> bool:
    """Registering a request received in person, by letter, fax or e-mail (登记)."""
    return has_role(user, Role.OPENNESS_OFFICER, organ_id)


def can_handle_inforequest(user: Any, info_request: InfoRequest) -> bool:
    """Every handling action of the openness office (受理, 补正, 分办, 征求意见, 收费, 决定, 答复, 归档)."""
    return has_role(user, Role.OPENNESS_OFFICER, info_request.organ_id)


def can_correct_inforequest(actor: Any, info_request: InfoRequest) -> bool:
    """补正 (条例第三十条): the office registers a correction, or the applicant submits it
    on the tracking page of their own case."""
    return is_case_applicant(actor, info_request) or can_handle_inforequest(actor, info_request)


def is_openness_office_head(user: Any, organ_id: int) -> bool:
    """政府信息公开工作机构负责人 of the office that covers ``organ_id`` (条例第三十三条第二款)."""
    return has_role(user, Role.OPENNESS_OFFICE_HEAD, organ_id)


def can_approve_extension(user: Any, info_request: InfoRequest) -> bool:
    """条例第三十三条第二款: 经政府信息公开工作机构负责人同意."""
    return is_openness_office_head(user, info_request.organ_id)


def can_report_inforequest(user: Any, info_request: InfoRequest) -> bool:
    """The 承办 department (clerk or head) reports its findings and material back (分办后)."""
    department = info_request.handling_department_id
    return department is not None and department in _department_organs(user)


def can_provide_material(actor: Any, info_request: InfoRequest) -> bool:
    """Files of the information provided: the office, or the 承办 department that found them."""
    return can_handle_inforequest(actor, info_request) or can_report_inforequest(
        actor, info_request
    )


def can_view_personal_data(user: Any, info_request: InfoRequest) -> bool:
    """The case's handlers: its openness office and the lead handling department."""
    if can_handle_inforequest(user, info_request):
        return True
    department = info_request.handling_department_id
    return department is not None and department in _department_organs(user)


def can_view_statistics(user: Any, organ_id: int) -> bool:
    """Table 3 and the frequent-request list of an organ (annual report, 条例第五十条)."""
    return (
        is_administrator(user)
        or has_role(user, Role.OPENNESS_OFFICER, organ_id)
        or has_role(user, Role.GOVERNMENT_OFFICE)
    )
