"""The workflow over HTTP, as an OA system drives it: actions, gates, 退文."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.api.tests.client import blank_pdf, create
from gongkai.core.models import events_for
from gongkai.documents import services
from gongkai.documents.models import Document
from gongkai.documents.tests.factories import DocumentFactory, TopicFactory
from gongkai.documents.workflow import Status

pytestmark = pytest.mark.django_db


def test_full_happy_path_to_publication(district, clerk, head, reviewer, secrecy_reviewer, api_as):
    as_clerk, as_head = api_as(clerk), api_as(head)
    as_secrecy, as_reviewer = api_as(secrecy_reviewer), api_as(reviewer)
    topic = TopicFactory(name="教育")
    today = timezone.localdate()

    doc = create(
        as_clerk,
        district,
        doc_number="示教发[2026]7号",
        attribute="proactive",
        genre="通知",
        topic=topic.pk,
        written_date=today.isoformat(),
        co_organs=[district.finance.pk],
        keywords="开学;安全",
    )
    assert doc["status"] == "draft" and doc["status_label"] == "起草中"
    assert doc["doc_number"] == "示教发〔2026〕7号"
    assert doc["organ"] == {"id": district.education.pk, "name": "示范区教育局"}
    assert doc["co_organs"] == [{"id": district.finance.pk, "name": "示范区财政局"}]
    assert doc["topic"]["id"] == topic.pk
    assert doc["written_date"] == today.isoformat()
    assert doc["attribute_label"] == "主动公开"
    assert doc["latest_return"] is None and doc["publication_due"] is None
    assert set(doc["allowed_actions"]) == {"update", "submit", "manage_attachments"}
    path = f"/documents/{doc['id']}"

    upload = as_clerk.upload(f"{path}/attachments", "开学安排.pdf", blank_pdf(), title="开学安排表")
    assert upload.status_code == 201, upload.content
    attachment = upload.json()
    assert attachment["kind"] == "pdf" and attachment["title"] == "开学安排表"

    submitted = as_clerk.post(f"{path}/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "signoff"
    assert submitted.json()["allowed_actions"] == []

    assert as_head.get(path).json()["allowed_actions"] == ["sign_off", "return"]
    signed = as_head.post(f"{path}/sign-off", {"opinion": "同意"})
    assert signed.status_code == 200, signed.content
    signed = signed.json()
    assert signed["status"] == "issued"
    due = signed["publication_due"]
    assert due["due_date"] and due["explanation"] and due["overdue"] is False
    assert isinstance(due["provisional"], bool)

    items = as_secrecy.get(f"{path}/confidentiality-items").json()["items"]
    keys = [item["key"] for item in items]
    assert keys == ["body", f"attachment:{attachment['id']}:{attachment['sha256']}"]
    assert items[1]["label"] == "附件：开学安排表"
    review = as_secrecy.post(
        f"{path}/confidentiality-review", {"approve": True, "items": keys, "opinion": "无涉密内容"}
    )
    assert review.status_code == 201, review.content
    assert review.json()["outcome"] == "pass"
    assert review.json()["document"]["status"] == "issued"

    assert "publish" in as_reviewer.get(path).json()["allowed_actions"]
    published = as_reviewer.post(f"{path}/publish")
    assert published.status_code == 200, published.content
    published = published.json()
    assert published["status"] == "published"
    assert published["index_number"].startswith("000000003/")
    assert published["published_date"] is not None
    assert published["marking"] == "（此件公开发布）"
    assert published["publication_due"] is None
    assert set(published["allowed_actions"]) == {"withdraw", "repeal"}

    events = as_clerk.get(f"{path}/events").json()
    document_events = [e for e in events if e["action"].startswith("document.")]
    assert [e["action"] for e in document_events] == [
        "document.created",
        "document.attachment_added",
        "document.submitted",
        "document.signed_off",
        "document.confidentiality_reviewed",
        "document.published",
    ]
    signed_off = document_events[3]
    assert signed_off["from_state"] == "signoff" and signed_off["to_state"] == "issued"
    assert signed_off["reason"] == "同意" and signed_off["actor"]


def test_gate_g1_refusal_is_422_and_changes_nothing(district, clerk, api_as):
    client = api_as(clerk)
    doc = create(client, district)  # no 公开属性
    response = client.post(f"/documents/{doc['id']}/submit")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["gate"] == "G1"
    assert error["code"] == "gate_g1"
    assert error["field"] == "attribute"
    assert "公开属性" in error["message"]
    assert Document.objects.get(pk=doc["id"]).status == Status.DRAFT
    assert (
        not events_for(Document.objects.get(pk=doc["id"]))
        .filter(action="document.submitted")
        .exists()
    )


def test_gate_g2_names_the_missing_reason(district, clerk, api_as):
    client = api_as(clerk)
    doc = create(client, district, attribute="not_disclosed")
    error = client.post(f"/documents/{doc['id']}/submit").json()["error"]
    assert error["gate"] == "G2" and error["field"] == "reason_codes"


def test_publish_without_confidentiality_review_is_refused_by_g6(district, reviewer, api_as):
    doc = DocumentFactory(organ=district.education, status=Status.ISSUED)
    response = api_as(reviewer).post(f"/documents/{doc.pk}/publish")
    assert response.status_code == 422
    assert response.json()["error"]["gate"] == "G6"
    doc.refresh_from_db()
    assert doc.status == Status.ISSUED and doc.index_number is None


def test_wrong_state_is_409(district, clerk, head, api_as):
    doc = DocumentFactory(organ=district.education, status=Status.DRAFT)
    response = api_as(head).post(f"/documents/{doc.pk}/sign-off", {})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "transition_not_allowed"


def test_return_is_visible_to_the_clerk(district, clerk, head, api_as):
    as_clerk = api_as(clerk)
    doc = create(as_clerk, district, attribute="proactive")
    path = f"/documents/{doc['id']}"
    assert as_clerk.post(f"{path}/submit").status_code == 200

    response = api_as(head).post(
        f"{path}/return",
        {"category": "missing_interpretation", "reason": "请补充政策解读材料后重新报送。"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned"

    seen = as_clerk.get(path).json()
    assert seen["status_label"] == "已退文"
    latest = seen["latest_return"]
    assert latest["category"] == "missing_interpretation"
    assert latest["category_label"] == "缺少政策解读材料"
    assert latest["reason"] == "请补充政策解读材料后重新报送。"
    assert latest["stage"] == "signoff"
    assert latest["created_at"]
    assert "update" in seen["allowed_actions"] and "submit" in seen["allowed_actions"]
    returned = as_clerk.get("/documents", {"status": "returned"}).json()
    assert [item["id"] for item in returned["items"]] == [doc["id"]]


def test_return_without_reason_is_400_with_field(district, clerk, head, api_as):
    doc = DocumentFactory(organ=district.education, status=Status.SIGNOFF)
    response = api_as(head).post(
        f"/documents/{doc.pk}/return", {"category": "other", "reason": " "}
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "reason"


def test_sign_off_body_is_optional(district, head, api_as):
    doc = DocumentFactory(organ=district.education, status=Status.SIGNOFF)
    response = api_as(head).post(f"/documents/{doc.pk}/sign-off")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "issued"


def test_government_draft_goes_to_the_office_and_is_accepted(
    district, clerk, head, gov_office, api_as
):
    as_clerk = api_as(clerk)
    doc = create(as_clerk, district, attribute="proactive", for_government=True)
    path = f"/documents/{doc['id']}"
    as_clerk.post(f"{path}/submit")
    signed = api_as(head).post(f"{path}/sign-off", {"opinion": "拟同意，报区政府"}).json()
    assert signed["status"] == "government_office"
    as_office = api_as(gov_office)
    assert as_office.get(path).json()["allowed_actions"] == ["return", "accept"]
    accepted = as_office.post(f"{path}/accept", {"opinion": "同意"})
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "issued"


def test_disclosure_review_of_a_policy_document(district, clerk, head, reviewer, api_as):
    as_clerk = api_as(clerk)
    doc = create(
        as_clerk,
        district,
        is_policy=True,
        attribute="not_disclosed",
        reason_codes=["PROCESS_INFO"],
        legal_explanation="属于过程性信息。",
    )
    path = f"/documents/{doc['id']}"
    assert as_clerk.post(f"{path}/submit").json()["status"] == "disclosure_review"
    as_reviewer = api_as(reviewer)
    refused = as_reviewer.post(f"{path}/review-disclosure", {"approve": False})
    assert refused.status_code == 400 and refused.json()["error"]["field"] == "opinion"
    passed = as_reviewer.post(f"{path}/review-disclosure", {"approve": True, "opinion": "理由成立"})
    assert passed.status_code == 200, passed.content
    assert passed.json()["status"] == "signoff"


def test_withdraw_and_repeal(district, reviewer, secrecy_reviewer, api_as):
    doc = DocumentFactory(organ=district.education, status=Status.ISSUED)
    services.document_review_confidentiality(
        actor=secrecy_reviewer, document=doc, approve=True, items=["body"]
    )
    services.document_publish(actor=reviewer, document=doc)
    client = api_as(reviewer)
    repealed = client.post(
        f"/documents/{doc.pk}/repeal", {"reason": "已被新文件替代", "repealed_date": "2026-12-01"}
    )
    assert repealed.status_code == 200, repealed.content
    assert repealed.json()["validity"] == "repealed"
    assert repealed.json()["repealed_date"] == "2026-12-01"
    assert client.post(f"/documents/{doc.pk}/repeal", {"reason": "再次"}).status_code == 409
    withdrawn = client.post(f"/documents/{doc.pk}/withdraw", {"reason": "内容有误"})
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
