"""依申请公开 on the portal: the column of the online application (registered from
InfoRequestsConfig.ready, through the kit's hook registry)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit import hooks
from gongkai.core.kit.columns import Column

KEY = "apply"
# URL name of the online application (gongkai.inforequests.urls_public).
APPLY_URL_NAME = "inforequests_public:apply"


def public_pages_served() -> bool:
    """The column shows only while this module's public pages are routed."""
    try:
        reverse(APPLY_URL_NAME)
    except NoReverseMatch:
        return False
    return True


def register() -> None:
    hooks.register(
        "portal_columns",
        Column(
            key=KEY,
            title=_("依申请公开"),
            url_name=APPLY_URL_NAME,
            parent="xxgk",
            order=80,
            description=_("在线提交政府信息公开申请，查询办理进度。"),
            available=public_pages_served,
            # A form and per-visitor pages: always served by Django, never published.
            static=False,
        ),
        key=KEY,
    )
