"""Every mutation of an interpretation goes through one of these functions.

Staff views, the JSON API and commands call them, so permissions, sign-off rules and the audit
trail are the same on every path. Each service locks the row, checks permission
(NotPermitted), asks the workflow (TransitionNotAllowed), validates (InvalidInput), mutates
and records an AuditEvent (interpretation.*).

Publication normally happens through `interpretations_publish_with`, a companion the document
service runs inside its own publish transaction (三同步): if it fails, the document stays
unpublished too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.core.kit import steps
from gongkai.core.kit.audit import record_event
from gongkai.core.kit.hooks import announce_public_change
from gongkai.core.kit.querycodes import created_once
from gongkai.core.kit.steps import begin, lock
from gongkai.documents.models import Document
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.interpretations import permissions as perms
from gongkai.interpretations.media import (
    IMAGE_KINDS,
    MediaLimits,
    MediaRejected,
    sniff_media,
    strip_image_metadata,
)
from gongkai.interpretations.models import Interpretation, Media
from gongkai.interpretations.selectors import copy_check
from gongkai.interpretations.workflow import (
    MACHINE,
    Element,
    Event,
    Form,
    Status,
    sign_off_problems,
)
from gongkai.lib.filetext import strip_metadata
from gongkai.organizations.models import Organ

EDITABLE_FIELDS = (
    "title",
    "body",
    "organ",
    "interpreter_name",
    "interpreter_phone",
    "forms",
    "elements",
)


def _transition(interpretation: Interpretation, event: Event) -> Status:
    return MACHINE.require(interpretation.status, event)


def _choices(values: Any, allowed: list[str], field: str, label: str) -> list[str]:
    values = list(values or [])
    bad = [v for v in values if v not in allowed]
    if bad:
        raise InvalidInput(
            _("%(label)s无效：%(values)s") % {"label": label, "values": ", ".join(map(str, bad))},
            field=field,
        )
    return [v for v in allowed if v in values]  # canonical order, no duplicates


def _clean_fields(data: dict[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(EDITABLE_FIELDS) - {"documents"}
    if unknown:
        raise InvalidInput(
            _("未知字段：%(fields)s") % {"fields": ", ".join(sorted(unknown))},
            field=sorted(unknown)[0],
        )
    clean = dict(data)
    for name in ("title", "interpreter_name", "interpreter_phone"):
        if name in clean:
            clean[name] = (clean[name] or "").strip()
    if "title" in clean and not clean["title"]:
        raise InvalidInput(_("标题不能为空。"), field="title")
    if "body" in clean:
        clean["body"] = clean["body"] or ""
    if "forms" in clean:
        clean["forms"] = _choices(
            clean["forms"], Form.values, "forms", pgettext("in error message", "解读形式")
        )
    if "elements" in clean:
        clean["elements"] = _choices(
            clean["elements"], Element.values, "elements", pgettext("in error message", "内容要素")
        )
    if "organ" in clean and not isinstance(clean["organ"], Organ):
        organ = Organ.objects.filter(pk=clean["organ"]).first()
        if organ is None:
            raise InvalidInput(_("解读单位不存在。"), field="organ")
        clean["organ"] = organ
    if "documents" in clean:
        documents = list(dict.fromkeys(clean["documents"] or []))
        if not documents:
            raise InvalidInput(_("解读须关联至少一份文件。"), field="documents")
        clean["documents"] = documents
    return clean


def _check_organ(organ: Organ, documents: Sequence[Document]) -> None:
    """谁起草谁解读 (80号细则 二): the interpreting department drafted every linked document.

    For a joint document that is the lead organ (主办); co-issuers cooperate but do not
    interpret. For an adopted 代拟稿 it is the drafting department, not the government.
    """
    for document in documents:
        if organ.pk != document.interpreting_organ_id:
            co_issuer = document.co_organs.filter(pk=organ.pk).exists()
            message = (
                _(
                    "联合发文由牵头（主办）单位解读，联合发文单位配合：《%(title)s》的解读单位须为%(lead)s。"
                )
                if co_issuer
                else _("解读单位须为《%(title)s》的起草（主办）单位%(lead)s（谁起草谁解读）。")
            )
            lead = Organ.objects.get(pk=document.interpreting_organ_id)
            raise InvalidInput(
                message % {"title": document.title, "lead": lead.name},
                field="documents",
            )
        if document.status == DocumentStatus.WITHDRAWN:
            raise InvalidInput(
                _("《%(title)s》已撤回，不能关联解读。") % {"title": document.title},
                field="documents",
            )


def _validate_model(interpretation: Interpretation) -> None:
    from django.core.exceptions import ValidationError

    try:
        interpretation.full_clean(
            exclude=["organ", "created_by", "client_token", "signed_off_by", "documents"]
        )
    except ValidationError as exc:
        name, messages = next(iter(exc.message_dict.items()))
        raise InvalidInput(messages[0], field=name) from None


def interpretation_create(
    *,
    actor: Any,
    documents: Sequence[Document],
    data: dict[str, Any],
    client_token: str | None = None,
) -> Interpretation:
    """Draft an interpretation of `documents`. The interpreting department defaults to the
    drafting department of the first document (its lead organ for a joint document, the
    drafting department for an adopted 代拟稿)."""
    if not documents:
        raise InvalidInput(_("解读须关联至少一份文件。"), field="documents")
    clean = _clean_fields({**data, "documents": list(documents)})
    documents = clean.pop("documents")
    organ = clean.pop("organ", None) or Organ.objects.get(pk=documents[0].interpreting_organ_id)
    if not perms.can_create_interpretation(actor, organ.pk):
        raise NotPermitted(_("只有解读单位的起草人员可以起草政策解读。"))

    def create() -> Interpretation:
        _check_organ(organ, documents)
        interpretation = Interpretation(
            organ=organ, created_by=actor, client_token=client_token or None
        )
        for name, value in clean.items():
            setattr(interpretation, name, value)
        _validate_model(interpretation)
        interpretation.save()
        interpretation.documents.set(documents)
        record_event(
            action="interpretation.created",
            subject=interpretation,
            actor=actor,
            to_state=interpretation.status,
            data={"documents": [d.pk for d in documents]},
        )
        return interpretation

    return created_once(Interpretation, actor, client_token, create)


def _jsonable(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    return value


@transaction.atomic
def interpretation_update(
    *, actor: Any, interpretation: Interpretation, data: dict[str, Any]
) -> Interpretation:
    interpretation = lock(interpretation)
    if not perms.can_edit_interpretation(actor, interpretation):
        if interpretation.is_editable:
            raise NotPermitted(_("只有解读单位的起草人员可以修改解读。"))
        raise TransitionNotAllowed(
            _("解读当前状态为“%(status)s”，不能修改；撤销审签后方可修改。")
            % {"status": interpretation.get_status_display()}
        )
    clean = _clean_fields(data)
    documents = clean.pop("documents", None)
    organ = clean.get("organ", interpretation.organ)
    if "organ" in clean and not perms.can_create_interpretation(actor, organ.pk):
        raise NotPermitted(_("只能将解读单位设为本单位。"))
    _check_organ(
        organ, documents if documents is not None else list(interpretation.documents.all())
    )
    before = {name: _jsonable(getattr(interpretation, name)) for name in clean}
    before_documents = sorted(interpretation.documents.values_list("pk", flat=True))
    for name, value in clean.items():
        setattr(interpretation, name, value)
    _validate_model(interpretation)
    interpretation.save()
    changes = {
        name: [before[name], _jsonable(getattr(interpretation, name))]
        for name in clean
        if before[name] != _jsonable(getattr(interpretation, name))
    }
    if documents is not None:
        interpretation.documents.set(documents)
        after_documents = sorted(d.pk for d in documents)
        if after_documents != before_documents:
            changes["documents"] = [before_documents, after_documents]
    record_event(
        action="interpretation.updated",
        subject=interpretation,
        actor=actor,
        data={"changes": changes},
    )
    return interpretation


@transaction.atomic
def interpretation_sign_off(
    *, actor: Any, interpretation: Interpretation, opinion: str = ""
) -> Interpretation:
    """审签 by the head of the interpreting department (第一解读人和责任人).

    Measures how much of the text is copied from the documents (避免简单摘抄) and stores it;
    a high share is a warning shown to the head (selectors.review_warnings), never a refusal.
    """
    interpretation = lock(interpretation)
    if not perms.can_sign_off_interpretation(actor, interpretation):
        raise NotPermitted(_("只有解读单位负责人可以审签政策解读。"))
    target = _transition(interpretation, Event.SIGN_OFF)
    problems = sign_off_problems(
        title=interpretation.title,
        body=interpretation.body,
        interpreter_name=interpretation.interpreter_name,
        interpreter_phone=interpretation.interpreter_phone,
        forms=interpretation.forms,
        elements=interpretation.elements,
        media_kinds=interpretation.media.values_list("kind", flat=True),
        document_count=interpretation.documents.count(),
    )
    if problems:
        field, message = problems[0]
        raise InvalidInput(message, field=field)
    check = copy_check(interpretation)
    interpretation.status = target
    interpretation.signed_off_by = actor
    interpretation.signed_off_at = timezone.now()
    interpretation.sign_off_opinion = opinion.strip()
    interpretation.copy_ratio = round(check.overlap.ratio, 4)
    interpretation.save(
        update_fields=[
            "status",
            "signed_off_by",
            "signed_off_at",
            "sign_off_opinion",
            "copy_ratio",
            "updated_at",
        ]
    )
    record_event(
        action="interpretation.signed_off",
        subject=interpretation,
        actor=actor,
        from_state=Status.DRAFT,
        to_state=target,
        reason=interpretation.sign_off_opinion,
        data={"copy_ratio": interpretation.copy_ratio, "copy_warning": check.warns},
    )
    return interpretation


@transaction.atomic
def interpretation_reopen(
    *, actor: Any, interpretation: Interpretation, reason: str
) -> Interpretation:
    """撤销审签: back to draft for changes (e.g. after the document was returned)."""
    step = begin(
        interpretation,
        actor=actor,
        allowed=perms.can_reopen_interpretation,
        refusal=_("只有解读单位的起草人员或负责人可以撤销审签。"),
        machine=MACHINE,
        event=Event.REOPEN,
    )
    if not reason.strip():
        raise InvalidInput(_("须填写撤销审签的理由。"), field="reason")
    interpretation.signed_off_by = None
    interpretation.signed_off_at = None
    return step.finish(  # type: ignore[no-any-return]
        action="interpretation.reopened",
        reason=reason.strip(),
        fields=["signed_off_by", "signed_off_at"],
    )


def _publish(
    interpretation: Interpretation,
    *,
    actor: Any,
    published_date: date,
    published_at: Any,
    document: Document | None,
) -> Interpretation:
    target = _transition(interpretation, Event.PUBLISH)
    source = interpretation.status
    interpretation.status = target
    interpretation.published_date = published_date
    interpretation.published_at = published_at
    interpretation.save(update_fields=["status", "published_date", "published_at", "updated_at"])
    record_event(
        action="interpretation.published",
        subject=interpretation,
        actor=actor,
        from_state=source,
        to_state=target,
        data={"document": document.pk if document else None, "with_document": document is not None},
    )
    announce_public_change(interpretation, "published")
    return interpretation


def interpretations_publish_with(document: Document, actor: Any) -> None:
    """Publish companion (hook `publish_companions`), run inside document_publish.

    Publishes the document's signed-off interpretations with the document's 发布日期 in the
    same transaction (同步发布); any exception rolls the document's publication back too.
    """
    pks = list(
        document.interpretations.filter(status=Status.SIGNED_OFF).values_list("pk", flat=True)
    )
    for interpretation in (
        Interpretation.objects.select_for_update().filter(pk__in=pks).order_by("pk")
    ):
        _publish(
            interpretation,
            actor=actor,
            published_date=document.published_date or steps.today(),
            published_at=document.published_at or timezone.now(),
            document=document,
        )


@transaction.atomic
def interpretation_publish(
    *, actor: Any, interpretation: Interpretation, today: date | None = None
) -> Interpretation:
    """Publish a signed-off interpretation on its own, after its document (补发解读).

    Only possible once a linked document is public; the monitoring page counts the delay.
    """
    interpretation = lock(interpretation)
    if not perms.can_publish_interpretation(actor, interpretation):
        raise NotPermitted(_("只有解读单位的政务公开工作机构可以发布解读。"))
    _transition(interpretation, Event.PUBLISH)
    if not interpretation.documents.filter(status=DocumentStatus.PUBLISHED).exists():
        raise TransitionNotAllowed(_("关联文件尚未发布：解读随文件发布时将同步发布。"))
    return _publish(
        interpretation,
        actor=actor,
        published_date=today or steps.today(),
        published_at=timezone.now(),
        document=None,
    )


@transaction.atomic
def interpretation_withdraw(
    *, actor: Any, interpretation: Interpretation, reason: str
) -> Interpretation:
    step = begin(
        interpretation,
        actor=actor,
        allowed=perms.can_withdraw_interpretation,
        refusal=_("只有解读单位的政务公开工作机构可以撤回解读。"),
        machine=MACHINE,
        event=Event.WITHDRAW,
    )
    if not reason.strip():
        raise InvalidInput(_("须填写撤回理由。"), field="reason")
    return step.finish(  # type: ignore[no-any-return]
        action="interpretation.withdrawn", reason=reason.strip(), public_change="withdrawn"
    )


def media_limits() -> MediaLimits:
    return MediaLimits(
        image_bytes=getattr(settings, "GONGKAI_INTERPRETATION_MAX_IMAGE_BYTES", 10 * 1024 * 1024),
        video_bytes=getattr(settings, "GONGKAI_INTERPRETATION_MAX_VIDEO_BYTES", 500 * 1024 * 1024),
        pdf_bytes=settings.GONGKAI_MAX_UPLOAD_BYTES,
    )


def _sha256(upload: File[bytes]) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def media_add(
    *, actor: Any, interpretation: Interpretation, upload: File[bytes], title: str = ""
) -> Media:
    """Attach an image, video or PDF; the content must match the extension (magic bytes).

    Images lose their EXIF/XMP/text metadata and PDFs their document information before
    they are stored: media are published as they are.
    """
    interpretation = lock(interpretation)
    if not perms.can_manage_media(actor, interpretation):
        raise NotPermitted(_("当前状态下您无权上传解读材料。"))
    filename = upload.name or ""
    size = upload.size or 0
    try:
        kind = sniff_media(upload, filename, size, media_limits())  # type: ignore[arg-type]
    except MediaRejected as exc:
        raise InvalidInput(exc.message, field="file") from None
    content: File[bytes]
    if kind == "mp4":
        content = upload
        sha256 = _sha256(upload)
    else:
        upload.seek(0)
        data = upload.read()
        cleaned = (
            strip_image_metadata(data, kind) if kind in IMAGE_KINDS else strip_metadata(data, kind)
        )
        content = ContentFile(cleaned)
        size = len(cleaned)
        sha256 = hashlib.sha256(cleaned).hexdigest()
    media = Media(
        interpretation=interpretation,
        title=(title.strip() or filename.rsplit(".", 1)[0])[:200],
        original_name=filename.rsplit("/", 1)[-1][:255],
        kind=kind,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
        sort_order=interpretation.media.count(),
    )
    media.file.save(kind, content, save=False)
    media.save()
    record_event(
        action="interpretation.media_added",
        subject=interpretation,
        actor=actor,
        data={"media": media.pk, "name": media.original_name, "kind": kind, "sha256": sha256},
    )
    return media


@transaction.atomic
def media_remove(*, actor: Any, media: Media) -> None:
    interpretation = lock(media.interpretation)
    if not perms.can_manage_media(actor, interpretation):
        raise NotPermitted(_("当前状态下您无权删除解读材料。"))
    data = {"media": media.pk, "name": media.original_name}
    name = media.file.name
    storage = media.file.storage
    media.delete()
    # The file goes only once the row is gone for good.
    if name:
        transaction.on_commit(lambda: storage.delete(name))
    record_event(
        action="interpretation.media_removed", subject=interpretation, actor=actor, data=data
    )
