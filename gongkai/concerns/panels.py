"""舆情 on the documents' staff page (hook `detail_panels`): the cases concerning the
document, so the interpreting department sees what the public asks (解疑释惑)."""

from __future__ import annotations

from typing import Any

from gongkai.concerns import selectors
from gongkai.core.kit.hooks import DetailPanel


def staff_panel_context(request: Any, document: Any) -> dict[str, Any]:
    return {"opinion_cases": list(selectors.cases_for_document(request.user, document)[:20])}


PANELS = (
    DetailPanel(
        key="concerns.staff",
        model="documents.Document",
        place="staff",
        template="concerns/_document_panel.html",
        context=staff_panel_context,
        order=60,
    ),
)
