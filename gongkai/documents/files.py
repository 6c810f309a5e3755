"""The files of attachments (附件) at publication: metadata removal and online reading.

Called by `services.document_publish` inside its transaction; nothing here checks
permissions or records events. All parsing runs in a bounded child process
(`gongkai.lib.filework`), under the limits in settings (`attachment_limits`).

At publication each attachment is replaced by its stripped copy (保密审查, domain.md §6); what
could not be removed is recorded on the attachment and blocks publication until the openness
office accepts it (`services.attachment_accept_metadata`). The online-reading HTML of a DOCX
is rendered once, from the stripped copy, and stored: the portal only serves it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from gongkai.core.exceptions import GateRefused
from gongkai.documents.models import Attachment, Document, ReadingStatus
from gongkai.lib import filework
from gongkai.lib.filetext import FileRejected, Limits


def attachment_limits() -> Limits:
    return Limits(
        max_member_bytes=settings.GONGKAI_ATTACHMENT_MAX_MEMBER_BYTES,
        max_total_bytes=settings.GONGKAI_ATTACHMENT_MAX_UNCOMPRESSED_BYTES,
        max_pages=settings.GONGKAI_ATTACHMENT_MAX_PAGES,
        max_text_chars=settings.GONGKAI_ATTACHMENT_MAX_TEXT_CHARS,
        max_html_chars=settings.GONGKAI_ATTACHMENT_MAX_HTML_CHARS,
        max_seconds=settings.GONGKAI_ATTACHMENT_MAX_SECONDS,
        max_memory_bytes=settings.GONGKAI_ATTACHMENT_MAX_MEMORY_BYTES,
    )


def _read(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as fh:
        data: bytes = fh.read()
    return data


@dataclass(frozen=True)
class PublicationCopy:
    attachment: Attachment
    original: bytes
    stripped: filework.Stripped | None  # None: stripped at an earlier publication


def publication_copies(document: Document) -> list[PublicationCopy]:
    """The copy of each attachment to publish, made before anything is written."""
    copies = []
    for attachment in document.attachments.all():
        if attachment.metadata_stripped:
            copies.append(PublicationCopy(attachment, b"", None))
            continue
        data = _read(attachment)
        copies.append(
            PublicationCopy(
                attachment, data, filework.strip(data, attachment.kind, attachment_limits())
            )
        )
    return copies


def check_metadata_accepted(copies: list[PublicationCopy]) -> None:
    """G6 (保密审查, 条例第十七条): a file whose metadata cannot all be removed is published
    only after the openness office accepted it as it is."""
    for copy in copies:
        if copy.stripped is None or not copy.stripped.residual:
            continue
        if copy.attachment.metadata_accepted_at is None:
            raise GateRefused(
                "G6",
                _(
                    "附件“%(title)s”的元数据无法完全清除（%(residual)s）。请改用可清除元数据的"
                    "DOCX 或 PDF 文件，或由政务公开工作机构在附件列表中确认按原样发布。"
                )
                % {"title": copy.attachment.title, "residual": "、".join(copy.stripped.residual)},
            )


def store_publication_copy(copy: PublicationCopy) -> None:
    """Replace the file by its stripped copy, record what remains, render the reading HTML."""
    attachment = copy.attachment
    fields: list[str] = []
    if copy.stripped is not None:
        cleaned = copy.stripped.data
        if cleaned != copy.original:
            name = (attachment.file.name or "").rsplit("/", 1)[-1]
            attachment.file.save(name, ContentFile(cleaned), save=False)
            attachment.sha256 = hashlib.sha256(cleaned).hexdigest()
            attachment.size = len(cleaned)
            fields += ["file", "sha256", "size"]
        attachment.metadata_residual = copy.stripped.residual
        attachment.metadata_stripped = not copy.stripped.residual
        fields += ["metadata_residual", "metadata_stripped"]
    if attachment.kind == "docx" and attachment.reading_status != ReadingStatus.READY:
        fields += attachment_render_reading(attachment, save=False)
    if fields:
        attachment.save(update_fields=fields)


def attachment_render_reading(attachment: Attachment, *, save: bool = True) -> list[str]:
    """Render and store the online-reading HTML of a DOCX attachment (once, at publication);
    return the fields changed. A file that cannot be rendered within the limits is marked
    unavailable with the reason: the portal then offers the download only."""
    try:
        html = filework.render_html(_read(attachment), attachment_limits())
    except FileRejected as exc:
        attachment.reading_html = ""
        attachment.reading_status = ReadingStatus.UNAVAILABLE
        attachment.reading_problem = str(exc)[:200]
    else:
        attachment.reading_html = html
        attachment.reading_status = ReadingStatus.READY
        attachment.reading_problem = ""
    fields = ["reading_html", "reading_status", "reading_problem"]
    if save:
        attachment.save(update_fields=fields)
    return fields
