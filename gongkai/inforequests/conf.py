"""Settings of the app, read at call time with defaults (tests override them with `settings`).

The lead may list them in config/settings.py and .env.example; none is required.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # Case numbers: {prefix}-{year}-{serial:06d}, e.g. YSQ-2026-000123.
    "GONGKAI_INFOREQUEST_CASE_PREFIX": "YSQ",
    # 条例第四十四条: information asked for by at least this many distinct applicants in a
    # year is suggested for conversion to proactive disclosure.
    "GONGKAI_INFOREQUEST_FREQUENT_MIN_APPLICANTS": 2,
    # Character-bigram Jaccard index above which two descriptions ask for the same information.
    "GONGKAI_INFOREQUEST_SIMILARITY_THRESHOLD": 0.5,
    # Public tracking: failed look-ups per IP address allowed within the window (seconds).
    "GONGKAI_INFOREQUEST_TRACK_MAX_FAILURES": 10,
    "GONGKAI_INFOREQUEST_TRACK_WINDOW_SECONDS": 600,
    # Upper bound of the correction period (补正期限) staff may set, in working days.
    "GONGKAI_INFOREQUEST_MAX_CORRECTION_DAYS": 60,
    # 条例第三十五条: upper bound of a delayed deadline staff may fix, in working days.
    "GONGKAI_INFOREQUEST_MAX_DELAY_DAYS": 60,
    # 条例第三十一条: working days within which a fax, e-mail or letter must be confirmed with
    # the applicant (207号: the day it arrives; one working day leaves room for the call).
    "GONGKAI_INFOREQUEST_RECEIPT_CONFIRM_DAYS": 1,
    # Public online form: submissions (valid or not) per IP address within the window.
    "GONGKAI_INFOREQUEST_SUBMIT_MAX": 20,
    "GONGKAI_INFOREQUEST_SUBMIT_WINDOW_SECONDS": 3600,
    # How long a successful tracking look-up stays open in the visitor's session (seconds).
    "GONGKAI_INFOREQUEST_TRACK_SESSION_SECONDS": 1800,
    # Letters: the reference printed under the title. Placeholders: {year}, {serial},
    # {organ_short} (the organ's short name), {organ_slug}.
    # The organ's prefix comes first: each organ numbers its own letters, so the bare
    # 〔year〕第N号 of two organs would collide (issue 15 §10).
    "GONGKAI_INFOREQUEST_LETTER_REFERENCE": "{organ_short}依申请公开〔{year}〕第{serial}号",
    # Remedies statement of letters (条例第五十一条). Each organ may name its reconsideration
    # organ, court and complaint body (organizations.Organ); left blank they are derived from
    # the hierarchy (organizations.selectors.remedy_bodies), and where the hierarchy does not
    # know them these generic names are printed: the government one level up for the district
    # government (行政复议法 2023 第二十四条), the higher competent department for vertically
    # managed organs (第二十七条), the intermediate court for cases against a government
    # (行政诉讼法第十五条第（一）项), the court for the other organs.
    "GONGKAI_INFOREQUEST_RECONSIDERATION_ORGAN": "上一级人民政府",
    "GONGKAI_INFOREQUEST_VERTICAL_RECONSIDERATION_ORGAN": "上一级主管部门",
    "GONGKAI_INFOREQUEST_INTERMEDIATE_COURT": "有管辖权的中级人民法院",
    "GONGKAI_INFOREQUEST_COURT": "有管辖权的人民法院",
    # Folders searched before the built-in letter templates (letters/templates), to reword a
    # letter or the remedies (remedies/refusal.txt, partial.txt, choice.txt, complaint.txt).
    "GONGKAI_INFOREQUEST_LETTER_TEMPLATE_DIRS": [],
    # How the applicant pays a fee notice (printed on the 收费通知书).
    "GONGKAI_INFOREQUEST_FEE_PAYMENT_METHOD": (
        "请持本通知书到本机关政府信息公开工作机构办理缴费手续，费用按规定缴入国库并开具财政票据。"
    ),
    # The SMS gateway settings (GONGKAI_SMS_*) belong to the kit: gongkai.core.kit.sms.
}


def setting(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])
