"""The demo seeder of the 舆情 module: every scenario through the services, idempotently."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.concerns.models import OpinionCase
from gongkai.concerns.selectors import responses_public
from gongkai.concerns.workflow import Channel, Status
from gongkai.demo.services import build_demo_district

pytestmark = pytest.mark.django_db


def test_demo_cases():  # type: ignore[no-untyped-def]
    build_demo_district(with_corpus=False)
    build_demo_district(with_corpus=False)
    cases = {c.client_token.removeprefix("demo:concern_"): c for c in OpinionCase.objects.all()}
    assert set(cases) == {"urgent", "answered", "consulting", "disputed", "pushed"}
    assert cases["answered"].status == Status.CLOSED
    assert cases["disputed"].status == Status.DISPUTED
    assert cases["pushed"].channel == Channel.WEBHOOK
    minutes_left = (cases["urgent"].next_due_at - timezone.now()).total_seconds() / 60
    assert 0 < minutes_left < 60
    published = list(responses_public())
    assert len(published) == 2 and published[0].form == "press_conference"
    assert cases["answered"].documents.count() == 1
    assert set(cases["urgent"].coordinators.values_list("slug", flat=True)) == {
        "office",
        "propaganda",
    }
