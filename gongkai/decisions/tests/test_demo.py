"""The demo seeder of 重大行政决策: built through the services, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.decisions.models import CatalogueAdjustment, Comment, MajorDecision
from gongkai.decisions.workflow import ConsultationStatus, Status

pytestmark = pytest.mark.django_db


def test_seed_demo_decisions_once(client):
    call_command("seed_demo", stdout=StringIO())
    first = (MajorDecision.objects.count(), Comment.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (MajorDecision.objects.count(), Comment.objects.count()) == first == (3, 9)
    statuses = set(MajorDecision.objects.values_list("status", flat=True))
    assert statuses == {Status.PUBLISHED, Status.PARTICIPATION, Status.LEGALITY}
    published = MajorDecision.objects.get(status=Status.PUBLISHED)
    assert published.consultations.get().status == ConsultationStatus.REPORTED
    assert published.consultations.get().clusters.get().size == 3
    assert CatalogueAdjustment.objects.filter(kind="adjusted").count() == 1
    page = client.get(f"/zdjc/{published.uid}/")
    assert page.status_code == 200 and "区政府第18次常务会议" in page.content.decode()
