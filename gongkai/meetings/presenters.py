"""How applicants' personal data is shown: in clear only to those who handle the
applications (the organiser), masked for everyone else (heads, the openness office)."""

from __future__ import annotations


def mask_name(name: str) -> str:
    name = name.strip()
    if len(name) <= 1:
        return "*"
    return name[0] + "*" * (len(name) - 1)


def mask_phone(phone: str) -> str:
    digits = phone.strip()
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:3] + "*" * max(len(digits) - 7, 1) + digits[-4:]


def mask_email(email: str) -> str:
    if not email or "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return (local[:1] + "***@" + domain) if local else "***@" + domain


def applicant_view(application: object, *, clear: bool) -> dict[str, str]:
    name = str(getattr(application, "name", ""))
    phone = str(getattr(application, "phone", ""))
    email = str(getattr(application, "email", ""))
    work_unit = str(getattr(application, "work_unit", ""))
    if clear:
        return {"name": name, "phone": phone, "email": email, "work_unit": work_unit}
    return {
        "name": mask_name(name),
        "phone": mask_phone(phone),
        "email": mask_email(email),
        "work_unit": "",
    }
