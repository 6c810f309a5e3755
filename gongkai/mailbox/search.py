"""The search providers of 留言选登 and 征集调查 (registered from MailboxConfig.ready): only
the masked public copy of a published message, and a public survey's description and
published results."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils import timezone

from gongkai.core.kit.search import EntryData, SearchProvider, register
from gongkai.mailbox.columns import detail_path, solicitation_path
from gongkai.mailbox.models import PublicMessage, Solicitation
from gongkai.mailbox.selectors import messages_public, solicitations_public

SEARCH_KIND = "message"
SURVEY_SEARCH_KIND = "solicitation"


def message_entry(object_id: int) -> EntryData | None:
    message = messages_public().filter(pk=object_id).first()
    if message is None:
        return None
    published = message.published_at or timezone.now()
    return EntryData(
        title=message.public_subject,
        url=detail_path(message),
        reference=message.number,
        body=f"{message.public_text}\n{message.public_reply}",
        organ_id=message.replied_by_id,
        published_date=timezone.localdate(published),
    )


def public_message_ids(object_ids: Iterable[int]) -> set[int]:
    return set(messages_public().filter(pk__in=list(object_ids)).values_list("pk", flat=True))


def all_public_message_ids() -> Iterator[int]:
    return messages_public().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000)


def solicitation_entry(object_id: int) -> EntryData | None:
    s = solicitations_public().filter(pk=object_id).first()
    if s is None:
        return None
    return EntryData(
        title=s.title,
        url=solicitation_path(s),
        reference=s.number,
        body=f"{s.description}\n{s.results_text}",
        organ_id=s.organ_id,
        published_date=timezone.localdate(s.published_at or s.opens_at),
    )


def public_solicitation_ids(object_ids: Iterable[int]) -> set[int]:
    return set(solicitations_public().filter(pk__in=list(object_ids)).values_list("pk", flat=True))


def all_public_solicitation_ids() -> Iterator[int]:
    return (
        solicitations_public().order_by("pk").values_list("pk", flat=True).iterator(chunk_size=2000)
    )


def register_provider() -> None:
    register(
        SearchProvider(
            kind=SURVEY_SEARCH_KIND,
            label="征集调查",
            entry_for=solicitation_entry,
            public_ids=public_solicitation_ids,
            all_ids=all_public_solicitation_ids,
            model=Solicitation,
        )
    )
    register(
        SearchProvider(
            kind=SEARCH_KIND,
            label="留言选登",
            entry_for=message_entry,
            public_ids=public_message_ids,
            all_ids=all_public_message_ids,
            model=PublicMessage,
        )
    )
