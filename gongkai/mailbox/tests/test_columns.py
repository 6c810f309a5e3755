"""留言选登 in search, static publishing and the sitemap: only published, masked copies."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.kit import hooks
from gongkai.mailbox import columns, search, services
from gongkai.mailbox.tests.factories import replied

pytestmark = pytest.mark.django_db


def test_search_entry_only_for_published_masked_copies(district, clerk, reviewer):
    message = replied(district.education, clerk)
    assert search.message_entry(message.pk) is None
    services.message_publish(actor=reviewer, message=message)
    entry = search.message_entry(message.pk)
    assert entry is not None and entry.url == columns.detail_path(message)
    assert "王小明" not in entry.body and "13812345678" not in entry.body
    assert search.public_message_ids([message.pk, 0]) == {message.pk}
    assert list(search.all_public_message_ids()) == [message.pk]
    kinds = {p.kind for p in hooks.registered("search_providers")}
    assert search.SEARCH_KIND in kinds


def test_static_and_changed_paths(district, clerk, reviewer):
    message = replied(district.education, clerk)
    assert reverse("mailbox_public:detail", args=[message.number]) not in set(
        columns.static_paths()
    )
    services.message_publish(actor=reviewer, message=message)
    paths = set(columns.static_paths())
    assert {reverse("mailbox_public:list"), columns.detail_path(message)} <= paths
    changed = columns.change_paths(message, "published")
    assert columns.detail_path(message) in changed and reverse("mailbox_public:list") in changed
    assert reverse("mailbox_public:form") not in changed  # forms are never published


def test_sitemap_section_lists_published_messages(client, district, clerk, reviewer):
    message = replied(district.education, clerk)
    services.message_publish(actor=reviewer, message=message)
    response = client.get(reverse("portal:sitemap_section", kwargs={"section": "messages"}))
    assert response.status_code == 200
    assert columns.detail_path(message) in response.content.decode()
