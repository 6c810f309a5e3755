"""The portal column 回应关切 (/hygz/): published responses, newest first, each linked to
the documents and 政策解读 concerned."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.concerns import selectors
from gongkai.core.kit import paging
from gongkai.core.kit.views import public_view


@public_view
def response_list(request: HttpRequest) -> HttpResponse:
    page = paging.paginate(request, selectors.responses_public_list())
    return render(request, "concerns/portal/list.html", {"nav": "hygz", "page": page})


@public_view
def response_detail(request: HttpRequest, uid: UUID) -> HttpResponse:
    response = selectors.responses_public().filter(uid=uid).first()
    if response is None:
        raise Http404
    documents = selectors.public_documents_of(response)
    context = {
        "nav": "hygz",
        "response": response,
        "case": response.case,
        "documents": documents,
        "interpretations": selectors.public_interpretations_of(documents),
        "others": [
            r
            for r in selectors.responses_public().filter(case_id=response.case_id)
            if r.pk != response.pk
        ],
    }
    return render(request, "concerns/portal/detail.html", context)
