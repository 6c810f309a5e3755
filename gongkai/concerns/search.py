"""The search provider of 回应关切 (registered from ConcernsConfig.ready): published
responses, with the topic of their case."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.concerns.columns import detail_path
from gongkai.concerns.models import OpinionResponse
from gongkai.concerns.selectors import responses_public
from gongkai.core.kit.search import EntryData, SearchProvider, register


def search_entry(object_id: int) -> Any:
    response = responses_public().filter(pk=object_id).first()
    if response is None:
        return None
    case = response.case
    return EntryData(
        title=response.title,
        url=detail_path(response),
        body=f"{case.topic}\n{response.content}",
        organ_id=response.organ_id,
        published_date=timezone.localdate(response.occurred_at),
    )


def public_search_ids(object_ids: Iterable[int]) -> set[int]:
    return set(responses_public().filter(pk__in=list(object_ids)).values_list("pk", flat=True))


def all_search_ids() -> Iterable[int]:
    return responses_public().order_by("pk").values_list("pk", flat=True).iterator()


def register_provider() -> None:
    register(
        SearchProvider(
            kind="concern_response",
            label=str(_("回应关切")),
            entry_for=search_entry,
            public_ids=public_search_ids,
            all_ids=all_search_ids,
            model=OpinionResponse,
        )
    )
