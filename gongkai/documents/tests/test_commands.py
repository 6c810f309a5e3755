from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.documents.models import Validity
from gongkai.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_expire_documents_command_is_idempotent(district):
    doc = DocumentFactory(
        organ=district.education,
        status="published",
        index_number="x/2020-00001",
        expires_on=date(2025, 1, 1),
    )
    out = StringIO()
    call_command("expire_documents", "--today", "2025-01-01", stdout=out)
    call_command("expire_documents", "--today", "2025-01-02", stdout=out)
    assert out.getvalue().split() == ["expired", "1", "expired", "0"]
    doc.refresh_from_db()
    assert doc.validity == Validity.EXPIRED
