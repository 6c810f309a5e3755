"""The Django admin is for administrators only; it is not the clerk's tool."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_administrator_reaches_admin(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/").status_code == 200


def test_clerk_with_staff_flag_is_kept_out(client, clerk):
    clerk.is_staff = True
    clerk.save()
    client.force_login(clerk)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_audit_events_are_append_only(clerk, district):
    from gongkai.core.models import AuditEvent, record_event

    event = record_event(action="test.event", subject=district.education, actor=clerk)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(reason="x")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/documents/document/",
        "/admin/core/auditevent/",
        "/admin/calendars/calendaryear/",
        "/admin/organizations/organ/",
        "/admin/accounts/user/",
    ],
)
def test_administrator_role_sees_models_without_model_permissions(client, administrator, url):
    assert not administrator.is_superuser
    client.force_login(administrator)
    assert client.get(url).status_code == 200


def test_workflow_records_are_read_only_in_admin(client, administrator):
    client.force_login(administrator)
    assert client.get("/admin/documents/document/add/").status_code == 403
