"""Which workflow actions a user may perform on a document now: the documents module's
action specs (gongkai.documents.actions), asked through the kit's `actions_for`, so the
staff pages show the same buttons.
"""

from __future__ import annotations

from typing import Any

from gongkai.core.kit.workflow import actions_for
from gongkai.documents.actions import ACTIONS
from gongkai.documents.models import Document

ACTION_NAMES = ACTIONS.names()


def allowed_actions(user: Any, document: Document) -> list[str]:
    return actions_for(user, document)
