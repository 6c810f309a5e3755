from __future__ import annotations

import pytest

from gongkai.demo.services import build_demo_district
from gongkai.mailbox.models import PublicMessage
from gongkai.mailbox.selectors import messages_public
from gongkai.mailbox.workflow import Status

pytestmark = pytest.mark.django_db


def test_demo_messages_in_every_state_once():
    build_demo_district(with_corpus=False)
    count = PublicMessage.objects.count()
    statuses = set(PublicMessage.objects.values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.ACCEPTED, Status.REPLIED, Status.PUBLISHED} <= statuses
    assert {Status.CONVERTED, Status.REFERRED} <= statuses
    (published,) = messages_public()
    assert "王小明" not in published.public_text and "13812345678" not in published.public_text
    build_demo_district(with_corpus=False)
    assert PublicMessage.objects.count() == count
