"""The information provided (提供的政府信息): files attached to the case for the applicant.

Uploaded by the openness office before the reply, each file is checked and read in the bounded
child process of `gongkai.lib.filework` (as published attachments are) and stored as the copy
to give out, its metadata stripped (`filework.strip`); what could not be removed is recorded
on the file and shown to staff. After the reply (条例第四十条) the applicant downloads them on
the tracking page; with e-mail delivery they go with the reply (`inforequests.messages`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.exceptions import InvalidInput, NotPermitted, TransitionNotAllowed
from gongkai.documents.files import attachment_limits
from gongkai.documents.services import Upload
from gongkai.inforequests import permissions as perms
from gongkai.inforequests.models import InfoRequest, ProvidedFile
from gongkai.inforequests.services._common import _lock, _record
from gongkai.inforequests.workflow import HANDLING, Status
from gongkai.lib import filework
from gongkai.lib.filetext import FileRejected

__all__ = ["Upload", "provided_file_add", "provided_file_remove"]

# Material can be attached while the case is handled and after the decision, until the reply.
OPEN_FOR_FILES = frozenset({*HANDLING, Status.DECIDED})


def _require_provider(actor: Any, info_request: InfoRequest) -> None:
    if not perms.can_provide_material(actor, info_request):
        raise NotPermitted(_("只有受理机关的政府信息公开工作机构或承办单位可以上传提供的信息。"))


def _check_open(info_request: InfoRequest) -> None:
    if info_request.status not in OPEN_FOR_FILES:
        raise TransitionNotAllowed(_("申请已答复或已终止，不能再修改提供的信息。"))


@transaction.atomic
def provided_file_add(*, actor: Any, info_request: InfoRequest, upload: Upload) -> ProvidedFile:
    """Attach one file of the information provided, stripped of its metadata."""
    info_request = _lock(info_request)
    _require_provider(actor, info_request)
    _check_open(info_request)
    limits = attachment_limits()
    try:
        inspection = filework.inspect_upload(
            upload.data, upload.filename, settings.GONGKAI_MAX_UPLOAD_BYTES, limits
        )
    except FileRejected as exc:
        raise InvalidInput(str(exc), field="file") from None
    stripped = filework.strip(upload.data, inspection.kind, limits)
    provided = ProvidedFile(
        info_request=info_request,
        title=(upload.title or upload.filename.rsplit(".", 1)[0]).strip()[:200],
        original_name=upload.filename[:255],
        kind=inspection.kind,
        metadata_residual=stripped.residual,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        sort_order=info_request.provided_files.count(),
    )
    provided.record_content(stripped.data)
    provided.file.save(inspection.kind, ContentFile(stripped.data), save=False)
    provided.save()
    _record(
        info_request,
        "file_provided",
        actor=actor,
        from_state=info_request.status,
        data={
            "file": provided.pk,
            "name": provided.original_name,
            "sha256": provided.sha256,
            "metadata_residual": stripped.residual,
        },
    )
    return provided


@transaction.atomic
def provided_file_remove(*, actor: Any, provided: ProvidedFile) -> None:
    info_request = _lock(provided.info_request)
    _require_provider(actor, info_request)
    _check_open(info_request)
    data = {"file": provided.pk, "name": provided.original_name, "sha256": provided.sha256}
    stored = str(provided.file.name)
    provided.delete()
    transaction.on_commit(lambda: provided.file.storage.delete(stored))
    _record(info_request, "file_removed", actor=actor, from_state=info_request.status, data=data)
