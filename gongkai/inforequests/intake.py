"""Validating and normalising an application (条例第二十九条) before the services store it.

Shared by the online form, the staff registration form, the API and the correction (补正)
service, so every path applies the same rules. Raises InvalidInput with the field name.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.core.exceptions import InvalidInput
from gongkai.documents.models import Document
from gongkai.documents.selectors import documents_public
from gongkai.inforequests.models import (
    ApplicantType,
    Delivery,
    IdType,
    OrganisationType,
    ProvisionForm,
)
from gongkai.lib.docnumber import DocNumberError, normalise_doc_number
from gongkai.lib.idcard import IdCardError, normalise_resident_id
from gongkai.lib.indexno import is_valid_uscc

__all__ = [
    "APPLICANT_FIELDS",
    "APPLICATION_FIELDS",
    "CORRECTABLE_FIELDS",
    "INFORMATION_FIELDS",
    "applicant_key",
    "clean_application",
    "doc_number_key",
]

APPLICANT_FIELDS = (
    "applicant_type",
    "organisation_type",
    "applicant_name",
    "contact_person",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
)
INFORMATION_FIELDS = ("info_title", "info_doc_number", "info_description", "document")
FORM_FIELDS = ("provision_form", "delivery")
APPLICATION_FIELDS = APPLICANT_FIELDS + INFORMATION_FIELDS + FORM_FIELDS
# What a correction (补正) may change: the description of the information, the form, the
# contact details — not who the applicant is.
CORRECTABLE_FIELDS = INFORMATION_FIELDS + FORM_FIELDS + ("phone", "email", "address", "postcode")

_MAX_LENGTHS = {
    "applicant_name": 200,
    "contact_person": 100,
    "id_number": 60,
    "phone": 40,
    "email": 254,
    "address": 300,
    "postcode": 10,
    "info_title": 300,
    "info_doc_number": 80,
    "info_description": 5000,
}
_PHONE = re.compile(r"\+?[0-9][0-9\- ]{5,30}")
_POSTCODE = re.compile(r"[0-9]{6}")


def _text(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    text = "" if value is None else str(value).strip()
    limit = _MAX_LENGTHS.get(name)
    if limit and len(text) > limit:
        raise InvalidInput(_("内容过长（最多%(limit)s个字符）。") % {"limit": limit}, field=name)
    return text


def _choice(data: dict[str, Any], name: str, choices: Any, label: str) -> str:
    value = _text(data, name)
    if not value:
        raise InvalidInput(_("请选择%(label)s。") % {"label": label}, field=name)
    if value not in choices.values:
        raise InvalidInput(capfirst(_("%(label)s无效。") % {"label": label}), field=name)
    return value


def doc_number_key(raw: str) -> str:
    """The normalised 文号 for grouping; a 文号 that cannot be parsed is kept without spaces."""
    if not raw:
        return ""
    try:
        return normalise_doc_number(raw)
    except DocNumberError:
        return re.sub(r"\s+", "", raw)[:80]


def applicant_key(*, id_type: str, id_number: str, name: str, contact: str = "") -> str:
    """Digest identifying 同一申请人 (收费办法) without keeping a second copy in clear."""
    if id_number:
        number = re.sub(r"[\s-]+", "", id_number).upper()
        basis = f"{id_type}:{number}"
    else:
        basis = f"name:{name}|{contact}"
    return hashlib.sha256(basis.encode()).hexdigest()


def _clean_identity(data: dict[str, Any], clean: dict[str, Any]) -> None:
    clean["applicant_type"] = _choice(
        data, "applicant_type", ApplicantType, pgettext("in error message", "申请人类型")
    )
    org_type = _text(data, "organisation_type")
    if clean["applicant_type"] == ApplicantType.ORGANISATION:
        if not org_type:
            raise InvalidInput(_("请选择法人或其他组织的类型。"), field="organisation_type")
        if org_type not in OrganisationType.values:
            raise InvalidInput(_("法人或其他组织类型无效。"), field="organisation_type")
    elif org_type:
        raise InvalidInput(_("自然人无需填写组织类型。"), field="organisation_type")
    clean["organisation_type"] = org_type
    clean["applicant_name"] = _text(data, "applicant_name")
    if not clean["applicant_name"]:
        raise InvalidInput(_("请填写申请人姓名或名称。"), field="applicant_name")
    clean["contact_person"] = _text(data, "contact_person")
    clean["id_type"] = _choice(
        data, "id_type", IdType, pgettext("in error message", "身份证明类型")
    )
    number = re.sub(r"\s+", "", _text(data, "id_number"))
    if not number:
        raise InvalidInput(_("请填写身份证明号码。"), field="id_number")
    if clean["id_type"] == IdType.RESIDENT_ID:
        try:
            number = normalise_resident_id(number)
        except IdCardError as exc:
            raise InvalidInput(str(exc), field="id_number") from None
    elif clean["id_type"] == IdType.USCC:
        number = number.upper()
        if not is_valid_uscc(number):
            raise InvalidInput(_("统一社会信用代码校验失败，请核对。"), field="id_number")
    clean["id_number"] = number


def _clean_contact(data: dict[str, Any], clean: dict[str, Any], *, partial: bool) -> None:
    for name in ("phone", "email", "address", "postcode"):
        if partial and name not in data:
            continue
        clean[name] = _text(data, name)
    if clean.get("phone") and not _PHONE.fullmatch(clean["phone"]):
        raise InvalidInput(_("联系电话格式不正确。"), field="phone")
    if clean.get("email"):
        try:
            validate_email(clean["email"])
        except ValidationError:
            raise InvalidInput(_("电子邮箱格式不正确。"), field="email") from None
    if clean.get("postcode") and not _POSTCODE.fullmatch(clean["postcode"]):
        raise InvalidInput(_("邮政编码应为6位数字。"), field="postcode")


def _clean_information(
    data: dict[str, Any], clean: dict[str, Any], *, public: bool, partial: bool
) -> None:
    for name in ("info_title", "info_doc_number", "info_description"):
        if not partial or name in data:
            clean[name] = _text(data, name)
    if "info_doc_number" in clean:
        clean["doc_number_key"] = doc_number_key(clean["info_doc_number"])
    if not partial or "document" in data:
        document = data.get("document")
        if isinstance(document, int) and not isinstance(document, bool):
            found = Document.objects.filter(pk=document)
            if public:
                # An applicant may only point at what is public; staff may link any record.
                found = documents_public().filter(pk=document)
            document = found.first()
            if document is None:
                raise InvalidInput(_("关联公文不存在。"), field="document")
        elif document is not None and not isinstance(document, Document):
            raise InvalidInput(_("关联公文无效。"), field="document")
        clean["document"] = document


def clean_application(
    data: dict[str, Any], *, public: bool, partial: bool = False
) -> dict[str, Any]:
    """Validate application data; ``partial`` for a correction (only the keys given)."""
    allowed = CORRECTABLE_FIELDS if partial else APPLICATION_FIELDS
    unknown = set(data) - set(allowed)
    if unknown:
        raise InvalidInput(
            _("未知或不可修改的字段：%(fields)s") % {"fields": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    clean: dict[str, Any] = {}
    if not partial:
        _clean_identity(data, clean)
    _clean_contact(data, clean, partial=partial)
    _clean_information(data, clean, public=public, partial=partial)
    for name, choices, label in (
        ("provision_form", ProvisionForm, pgettext("in error message", "信息的提供形式")),
        ("delivery", Delivery, pgettext("in error message", "获取信息的方式")),
    ):
        if not partial or name in data:
            clean[name] = _choice(data, name, choices, label)
    if not partial:
        _check_complete(clean)
    return clean


def _check_complete(clean: dict[str, Any]) -> None:
    """条例第二十九条: contact details, a description of the information, a usable delivery."""
    if not (clean["phone"] or clean["email"] or clean["address"]):
        raise InvalidInput(_("请至少填写一种联系方式（电话、电子邮箱或通信地址）。"), field="phone")
    if not (
        clean["info_title"]
        or clean["info_doc_number"]
        or clean["info_description"]
        or clean["document"]
    ):
        raise InvalidInput(
            _("请填写所需政府信息的名称、文号或者便于查询的其他特征性描述。"),
            field="info_description",
        )
    check_delivery(clean)


def check_delivery(values: dict[str, Any]) -> None:
    if values.get("delivery") == Delivery.EMAIL and not values.get("email"):
        raise InvalidInput(_("选择电子邮件方式获取的，请填写电子邮箱。"), field="email")
    if values.get("delivery") == Delivery.POST and not values.get("address"):
        raise InvalidInput(_("选择邮寄方式获取的，请填写通信地址。"), field="address")
