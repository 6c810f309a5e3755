"""Interpretations announce their public changes like every module (kit.hooks.public_change),
and the static publisher learns from the module's hook which pages they affect."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from gongkai.core.kit.hooks import public_change
from gongkai.documents import services as document_services
from gongkai.interpretations import services
from gongkai.interpretations.models import Interpretation
from gongkai.publishing.dependencies import paths_for_change

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    seen: list[tuple[str, object, str]] = []

    def receiver(sender, instance, change, **kwargs):
        seen.append((sender.__name__, instance.pk, change))

    public_change.connect(receiver, weak=False, dispatch_uid="test.interpretations.received")
    yield seen
    public_change.disconnect(dispatch_uid="test.interpretations.received")


def test_publishing_with_the_document_and_withdrawing_announce_the_change(
    policy_document,
    signed_interpretation,
    reviewer,
    confidentiality_passed,
    received,
    django_capture_on_commit_callbacks,
):
    confidentiality_passed(policy_document)
    with django_capture_on_commit_callbacks(execute=True):
        document_services.document_publish(
            actor=reviewer, document=policy_document, today=date(2026, 11, 20)
        )
    assert ("Interpretation", signed_interpretation.pk, "published") in received
    assert ("Document", policy_document.pk, "published") in received

    received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.interpretation_withdraw(
            actor=reviewer, interpretation=signed_interpretation, reason="内容有误"
        )
    assert received == [("Interpretation", signed_interpretation.pk, "withdrawn")]


def test_nothing_is_announced_before_commit(
    policy_document, signed_interpretation, head, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.interpretation_reopen(
            actor=head, interpretation=signed_interpretation, reason="补充"
        )
    assert received == [] and callbacks == []  # reopening is not a public change


def test_affected_pages_of_an_interpretation_come_from_its_hook(
    policy_document, signed_interpretation
):
    interpretation = Interpretation.objects.get(pk=signed_interpretation.pk)
    paths = paths_for_change(interpretation, "withdrawn")
    assert reverse("zcjd:detail", args=[interpretation.uid]) in paths
    assert reverse("portal:document_detail", args=[policy_document.uid]) in paths
    assert reverse("zcjd:list") in paths
