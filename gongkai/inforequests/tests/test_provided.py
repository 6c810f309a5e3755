"""The information provided (见附件): attached, stripped, named in the reply, delivered."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.kit import outbox
from gongkai.inforequests import services
from gongkai.inforequests.models import Delivery, LetterKind, Outcome
from gongkai.inforequests.tests.factories import application, release_reviewed
from gongkai.lib.tests.test_filetext import make_pdf

pytestmark = pytest.mark.django_db
D = date


def _tracked(client, ir, code):
    response = client.post(
        reverse("inforequests_public:track"), {"case_number": ir.case_number, "query_code": code}
    )
    assert response.status_code == 302


def test_files_attach_stripped_are_named_in_the_reply_and_delivered(client, district, reviewer):
    result = services.inforequest_submit(
        organ=district.education,
        channel="in_person",
        data=application(delivery=Delivery.EMAIL),
        actor=reviewer,
    )
    ir, code = result.info_request, result.query_code
    client.force_login(reviewer)
    detail = reverse("inforequests:detail", args=[ir.pk])
    pdf = make_pdf("Compensation plan", author="Zhang San")
    response = client.post(
        reverse("inforequests:provided_add", args=[ir.pk]),
        {"file": SimpleUploadedFile("plan.pdf", pdf), "title": "补偿方案"},
    )
    assert response.status_code == 302
    provided = ir.provided_files.get()
    with provided.file.open("rb") as handle:
        stored = handle.read()
    assert b"Zhang San" in pdf and b"Zhang San" not in stored
    assert provided.filename == "补偿方案.pdf"
    assert "补偿方案.pdf" in client.get(detail).content.decode()
    # A file that is not what it claims is refused with a clear message.
    bad = client.post(
        reverse("inforequests:provided_add", args=[ir.pk]),
        {"file": SimpleUploadedFile("x.pdf", b"not a pdf")},
    )
    assert bad.status_code == 400 and ir.provided_files.count() == 1

    release_reviewed(reviewer, ir)
    services.inforequest_decide(actor=reviewer, info_request=ir, outcome=Outcome.OPEN)
    letter = services.letter_draft(actor=reviewer, info_request=ir, kind=LetterKind.REPLY)
    assert "见附件：1.补偿方案.pdf" in letter.body

    # Before the reply the applicant cannot download it.
    client.logout()
    _tracked(client, ir, code)
    page = client.get(reverse("inforequests_public:case")).content.decode()
    assert "补偿方案.pdf" not in page
    file_url = reverse("inforequests_public:provided_file", args=[provided.pk])
    assert client.get(file_url).status_code == 404

    services.letter_send(actor=reviewer, letter=letter)
    services.inforequest_reply(actor=reviewer, info_request=ir, delivery=Delivery.EMAIL)
    page = client.get(reverse("inforequests_public:case")).content.decode()
    assert "补偿方案.pdf" in page
    download = client.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == stored
    # After the reply the files are fixed.
    client.force_login(reviewer)
    assert (
        client.post(reverse("inforequests:provided_remove", args=[ir.pk, provided.pk])).status_code
        == 409
    )

    outbox.deliver_pending()
    reply = mail.outbox[-1]
    names = [a[0] for a in reply.attachments]
    assert names[-1] == "补偿方案.pdf" and names[0].endswith(".pdf")
    assert reply.attachments[-1][1] == stored
