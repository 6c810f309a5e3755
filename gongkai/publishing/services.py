"""Writes of the publishing app: filing documents under 法定主动公开 items."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.exceptions import InvalidInput, NotPermitted
from gongkai.core.kit.audit import record_event
from gongkai.documents.models import Document
from gongkai.publishing import dependencies, publisher
from gongkai.publishing.models import StatutoryItem, StatutoryItemTag
from gongkai.publishing.permissions import can_tag_document


def _lock(document: Document) -> Document:
    return Document.objects.select_for_update().get(pk=document.pk)


def _check(actor: Any, document: Document, item_code: str) -> None:
    if not can_tag_document(actor, document):
        raise NotPermitted(_("只有本单位政务公开工作机构可以标注法定主动公开事项。"))
    if item_code not in StatutoryItem.values:
        raise InvalidInput(_("不是条例第二十条、第二十一条规定的事项。"), field="item_code")


def _republish(document: Document, item_code: str, reason: str) -> None:
    def publish() -> None:
        publisher.publish_changed(dependencies.tag_paths(document, item_code), reason)

    transaction.on_commit(publish)


@transaction.atomic
def statutory_item_tag(*, actor: Any, document: Document, item_code: str) -> StatutoryItemTag:
    """File a document under an item of 条例第二十条/第二十一条 (idempotent)."""
    document = _lock(document)
    _check(actor, document, item_code)
    tag, created = StatutoryItemTag.objects.get_or_create(
        document=document,
        item_code=item_code,
        defaults={"created_by": actor if getattr(actor, "is_authenticated", False) else None},
    )
    if created:
        record_event(
            action="document.statutory_item_tagged",
            subject=document,
            actor=actor,
            data={"item": item_code},
        )
        _republish(document, item_code, f"document {document.pk} tagged {item_code}")
    return tag


@transaction.atomic
def statutory_item_untag(*, actor: Any, document: Document, item_code: str) -> None:
    document = _lock(document)
    _check(actor, document, item_code)
    deleted, _rows = StatutoryItemTag.objects.filter(
        document=document, item_code=item_code
    ).delete()
    if deleted:
        record_event(
            action="document.statutory_item_untagged",
            subject=document,
            actor=actor,
            data={"item": item_code},
        )
        _republish(document, item_code, f"document {document.pk} untagged {item_code}")
