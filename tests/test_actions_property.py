"""What `actions_for` offers is exactly what the services accept.

For every status × every member of the fixed cast (conftest.py), and objects drawn by
Hypothesis (代拟稿 or not, 有效性, 公开属性, a linked document public or not), each action of
the module is tried through its service:

- an offered action is not refused with NotPermitted or TransitionNotAllowed (a statutory
  gate may still refuse it with GateRefused, or the input with InvalidInput);
- an action that is not offered is refused with NotPermitted or TransitionNotAllowed.

Every attempt runs in a savepoint that is rolled back, so the object is the same for all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.kit.testing import assert_offered_is_accepted
from gongkai.documents import gates
from gongkai.documents import services as document_services
from gongkai.documents.models import Attribute, Document, ReturnCategory
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus
from gongkai.documents.workflow import Validity
from gongkai.interpretations import services as interpretation_services
from gongkai.interpretations.models import Interpretation
from gongkai.interpretations.tests.factories import InterpretationFactory
from gongkai.interpretations.workflow import Status as InterpretationStatus

pytestmark = pytest.mark.django_db(transaction=False)

CAST = (
    "clerk",
    "head",
    "reviewer",
    "gov_office",
    "secrecy_reviewer",
    "legal_reviewer",
    "other_clerk",
    "other_reviewer",
    "administrator",
    "citizen",
)
HYPOTHESIS = settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def cast(request: pytest.FixtureRequest, district: Any) -> dict[str, Any]:
    users = {name: request.getfixturevalue(name) for name in CAST}
    users["anonymous"] = AnonymousUser()
    return users


# --- documents -------------------------------------------------------------------------------

DOCUMENT_CALLS: dict[str, Callable[[Any, Document], Any]] = {
    "update": lambda user, doc: document_services.document_update(
        actor=user, document=doc, data={"title": "修改后的标题"}
    ),
    "submit": lambda user, doc: document_services.document_submit(actor=user, document=doc),
    "review_disclosure": lambda user, doc: document_services.document_review_disclosure(
        actor=user, document=doc, approve=True, opinion="同意"
    ),
    "review_legality": lambda user, doc: document_services.document_review_legality(
        actor=user, document=doc, approve=True, opinion="符合法律法规"
    ),
    "sign_off": lambda user, doc: document_services.document_sign_off(actor=user, document=doc),
    "re_sign_off": lambda user, doc: document_services.document_re_sign_off(
        actor=user, document=doc
    ),
    "return": lambda user, doc: document_services.document_return(
        actor=user, document=doc, category=ReturnCategory.OTHER, reason="请补充依据。"
    ),
    "accept": lambda user, doc: document_services.document_accept_for_government(
        actor=user, document=doc
    ),
    "review_confidentiality": lambda user, doc: document_services.document_review_confidentiality(
        actor=user, document=doc, approve=True, items=gates.confidentiality_items(doc)
    ),
    "publish": lambda user, doc: document_services.document_publish(actor=user, document=doc),
    "withdraw": lambda user, doc: document_services.document_withdraw(
        actor=user, document=doc, reason="发布有误。"
    ),
    "repeal": lambda user, doc: document_services.document_repeal(
        actor=user, document=doc, reason="已被新文件替代。"
    ),
    "manage_attachments": lambda user, doc: document_services.attachment_add(
        actor=user,
        document=doc,
        upload=document_services.Upload(filename="说明.txt", data=b"not a document"),
    ),
}


@pytest.mark.parametrize("status", DocumentStatus.values)
@HYPOTHESIS
@given(
    for_government=st.booleans(),
    validity=st.sampled_from(Validity.values),
    attribute=st.sampled_from(Attribute.values),
    is_policy=st.booleans(),
)
def test_documents_offered_actions_are_exactly_the_accepted_ones(
    district: Any,
    cast: dict[str, Any],
    status: str,
    for_government: bool,
    validity: str,
    attribute: str,
    is_policy: bool,
) -> None:
    public = status in (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN)
    with transaction.atomic():
        document = DocumentFactory(
            organ=district.education,
            status=status,
            for_government=for_government,
            validity=validity if public else Validity.VALID,
            # The database allows only 主动公开 documents to be published (a constraint).
            attribute=Attribute.PROACTIVE if public else attribute,
            index_number="000000003/2026-00001" if public else None,
            published_date=date(2026, 11, 20) if public else None,
            is_policy=is_policy,
        )
        assert_offered_is_accepted(document, cast, DOCUMENT_CALLS)
        transaction.set_rollback(True)


# --- interpretations -------------------------------------------------------------------------

INTERPRETATION_CALLS: dict[str, Callable[[Any, Interpretation], Any]] = {
    "edit": lambda user, i: interpretation_services.interpretation_update(
        actor=user, interpretation=i, data={"title": "修改后的解读标题"}
    ),
    "media": lambda user, i: interpretation_services.media_add(
        actor=user,
        interpretation=i,
        upload=ContentFile(b"not an image", name="图解.png"),
        title="图解",
    ),
    "sign_off": lambda user, i: interpretation_services.interpretation_sign_off(
        actor=user, interpretation=i
    ),
    "reopen": lambda user, i: interpretation_services.interpretation_reopen(
        actor=user, interpretation=i, reason="文件退回，解读需修改。"
    ),
    "publish": lambda user, i: interpretation_services.interpretation_publish(
        actor=user, interpretation=i
    ),
    "withdraw": lambda user, i: interpretation_services.interpretation_withdraw(
        actor=user, interpretation=i, reason="发布有误。"
    ),
}


@pytest.mark.parametrize("status", InterpretationStatus.values)
@HYPOTHESIS
@given(document_status=st.sampled_from(DocumentStatus.values))
def test_interpretations_offered_actions_are_exactly_the_accepted_ones(
    district: Any, cast: dict[str, Any], status: str, document_status: str
) -> None:
    public = document_status in (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN)
    with transaction.atomic():
        document = DocumentFactory(
            organ=district.education,
            status=document_status,
            is_policy=True,
            index_number="000000003/2026-00001" if public else None,
            published_date=date(2026, 11, 20) if public else None,
        )
        interpretation = InterpretationFactory(
            organ=district.education,
            status=status,
            documents=[document],
            signed_off_by=None if status == InterpretationStatus.DRAFT else cast["head"],
            published_date=date(2026, 11, 20)
            if status in (InterpretationStatus.PUBLISHED, InterpretationStatus.WITHDRAWN)
            else None,
        )
        assert_offered_is_accepted(interpretation, cast, INTERPRETATION_CALLS)
        transaction.set_rollback(True)
