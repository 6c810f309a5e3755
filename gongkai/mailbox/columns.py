"""互动交流 on the portal: the column, its sub-columns (我要留言, 留言选登, 留言统计, 征集调查), feeds,
the sitemap section and the static pages of 留言选登 (the search providers:
gongkai.mailbox.search).

Registered from MailboxConfig.ready. Only the masked public copy of a published message
(`public_subject`, `public_text`, `public_reply`, the answering department and the dates)
ever reaches these pages, the feed and the search index. The form, the receipt and the
tracking pages are per visitor (static=False); the statistics are computed on each request
(they move with every message, not with publications). Other modules may add their own
sub-columns under `KEY` (征集调查).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from gongkai.core.kit import hooks
from gongkai.core.kit.columns import (
    CanonicalSitemap,
    Column,
    FeedEntry,
    feed_paths,
    register_sitemap,
    section_path,
)
from gongkai.mailbox.models import PublicMessage, Solicitation
from gongkai.mailbox.selectors import messages_public, solicitations_public

KEY = "hdjl"
LIST_KEY = "lyxd"
SITEMAP_SECTION = "messages"


def detail_path(message: PublicMessage) -> str:
    return reverse("mailbox_public:detail", args=[message.number])


def served() -> bool:
    try:
        reverse("mailbox_public:home")
    except NoReverseMatch:
        return False
    return True


def surveys_available() -> bool:
    """征集调查 shows once a survey is public: no empty placeholder column (the portal's rule,
    gongkai.core.kit.columns)."""
    return served() and solicitations_public().exists()


def feed(limit: int) -> Sequence[FeedEntry]:
    entries = []
    for message in messages_public()[:limit]:
        published = message.published_at or message.updated_at
        entries.append(
            FeedEntry(
                title=message.public_subject,
                path=detail_path(message),
                description=Truncator(" ".join(message.public_reply.split())).chars(200),
                published=published,
                updated=max(published, message.updated_at),
                uid=message.number,
                author=message.replied_by.name if message.replied_by else "",
                categories=(str(message.get_kind_display()),),
            )
        )
    return entries


class MessageSitemap(CanonicalSitemap):
    def items(self) -> Any:
        return (
            messages_public().select_related(None).order_by("pk").only("pk", "number", "updated_at")
        )

    def location(self, item: PublicMessage) -> str:
        return detail_path(item)

    def lastmod(self, item: PublicMessage) -> Any:
        return item.updated_at


def _column_paths() -> set[str]:
    return {
        reverse("mailbox_public:home"),
        reverse("mailbox_public:list"),
        *feed_paths(LIST_KEY),
        section_path(SITEMAP_SECTION),
        reverse("portal:sitemap"),
    }


def static_paths() -> Iterable[str]:
    """The published pages: the column, page 1 of 留言选登 and each published message; the
    征集调查 list once a survey is public, and each public survey."""
    yield reverse("mailbox_public:home")
    yield reverse("mailbox_public:list")
    for number in messages_public().order_by("pk").values_list("number", flat=True):
        yield reverse("mailbox_public:detail", args=[number])
    if surveys_available():
        yield reverse("mailbox_public:solicitations")
    for number in solicitations_public().order_by("pk").values_list("number", flat=True):
        yield reverse("mailbox_public:solicitation", args=[number])


def change_paths(instance: Any, change: str) -> set[str]:
    """Hook `public_change_paths`: a message published or withdrawn from 留言选登."""
    if isinstance(instance, PublicMessage):
        return {detail_path(instance)} | _column_paths()
    if isinstance(instance, Solicitation):
        return {solicitation_path(instance)} | _survey_paths()
    return set()


# --- 征集调查 ---------------------------------------------------------------------------------

SURVEY_KEY = "zjdc"
SURVEY_SITEMAP_SECTION = "solicitations"


def solicitation_path(solicitation: Solicitation) -> str:
    return reverse("mailbox_public:solicitation", args=[solicitation.number])


def solicitation_feed(limit: int) -> Sequence[FeedEntry]:
    entries = []
    for s in solicitations_public()[:limit]:
        published = s.results_published_at or s.published_at or s.updated_at
        entries.append(
            FeedEntry(
                title=s.title,
                path=solicitation_path(s),
                description=Truncator(" ".join((s.results_text or s.description).split())).chars(
                    200
                ),
                published=s.published_at or s.updated_at,
                updated=max(published, s.updated_at),
                uid=s.number,
                author=s.organ.name,
                categories=(str(s.get_kind_display()),),
            )
        )
    return entries


class SolicitationSitemap(CanonicalSitemap):
    def items(self) -> Any:
        return (
            solicitations_public()
            .select_related(None)
            .order_by("pk")
            .only("pk", "number", "updated_at")
        )

    def location(self, item: Solicitation) -> str:
        return solicitation_path(item)

    def lastmod(self, item: Solicitation) -> Any:
        return item.updated_at


def _survey_paths() -> set[str]:
    return {
        reverse("mailbox_public:home"),
        reverse("mailbox_public:solicitations"),
        *feed_paths(SURVEY_KEY),
        section_path(SURVEY_SITEMAP_SECTION),
        reverse("portal:sitemap"),
    }


def register() -> None:
    """Called from MailboxConfig.ready(); idempotent."""
    columns = [
        Column(
            key=KEY,
            title=_("互动交流"),
            url_name="mailbox_public:home",
            order=90,
            nav=60,
            description=_("我要留言、留言选登、留言办理情况统计。"),
            available=served,
        ),
        Column(
            key="ly",
            title=_("我要留言"),
            url_name="mailbox_public:form",
            parent=KEY,
            order=10,
            description=_("向区政府各部门咨询、提出建议或投诉，凭留言编号和查询码查询办理情况。"),
            available=served,
            static=False,
        ),
        Column(
            key=LIST_KEY,
            title=_("留言选登"),
            url_name="mailbox_public:list",
            parent=KEY,
            order=20,
            description=_("经留言人同意公开的留言及答复，已隐去个人信息。"),
            available=served,
            feed=feed,
        ),
        Column(
            key="lytj",
            title=_("留言统计"),
            url_name="mailbox_public:statistics",
            parent=KEY,
            order=30,
            description=_("按月公开留言的收到、答复和按时答复情况。"),
            available=served,
            static=False,
        ),
        Column(
            key=SURVEY_KEY,
            title=_("征集调查"),
            url_name="mailbox_public:solicitations",
            parent=KEY,
            order=40,
            description=_("意见征集和问卷调查，征集结束后公布结果反馈。"),
            available=surveys_available,
            feed=solicitation_feed,
        ),
    ]
    for column in columns:
        hooks.register("portal_columns", column, key=column.key)
    register_sitemap(SITEMAP_SECTION, MessageSitemap)
    register_sitemap(SURVEY_SITEMAP_SECTION, SolicitationSitemap)
    from django.apps import apps

    if apps.is_installed("gongkai.publishing"):
        hooks.register("public_change_paths", change_paths, key="mailbox")
        hooks.register("public_paths", static_paths, key="mailbox")


__all__ = ["KEY", "change_paths", "feed", "register", "static_paths"]
