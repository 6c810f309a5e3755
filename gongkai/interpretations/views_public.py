"""The public column 政策性文件解读 (/zcjd/): published interpretations only, whoever is logged
in."""

from __future__ import annotations

from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.core.kit import paging
from gongkai.core.kit.views import public_view
from gongkai.interpretations import selectors
from gongkai.interpretations.media import media_response
from gongkai.interpretations.models import Media


@public_view
def public_list(request: HttpRequest) -> HttpResponse:
    page = paging.paginate(request, selectors.public_interpretations_list())
    return render(request, "interpretations/portal/list.html", {"nav": "zcjd", "page": page})


@public_view
def public_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    interpretation = selectors.public_interpretation(str(uid))
    if interpretation is None:
        raise Http404
    media = list(interpretation.media.all())
    context = {
        "nav": "zcjd",
        "interpretation": interpretation,
        "documents": list(selectors.public_documents_of(interpretation)),
        "images": [m for m in media if m.is_image],
        "videos": [m for m in media if m.is_video],
        "files": [m for m in media if not (m.is_image or m.is_video)],
    }
    return render(request, "interpretations/portal/detail.html", context)


@public_view
def public_media(request: HttpRequest, media_id: int) -> FileResponse:
    media = get_object_or_404(
        Media.objects.select_related("interpretation"),
        pk=media_id,
        interpretation__in=selectors.interpretations_public(),
    )
    return media_response(media)
