"""interpretation_report: the monitoring lists for cron."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.documents.models import Attribute
from gongkai.documents.tests.factories import DocumentFactory
from gongkai.documents.workflow import Status as DocumentStatus

pytestmark = pytest.mark.django_db


def test_report_lists_findings_and_can_fail(district):
    DocumentFactory(
        organ=district.education,
        status=DocumentStatus.PUBLISHED,
        attribute=Attribute.PROACTIVE,
        index_number="X/1",
        is_policy=True,
        title="缺少解读的政策文件",
    )
    out = StringIO()
    call_command("interpretation_report", stdout=out)
    assert "已发布但缺少解读的政策性文件：1" in out.getvalue()
    assert "缺少解读的政策文件" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("interpretation_report", "--fail-on-findings", stdout=StringIO())


def test_report_is_quiet_when_all_is_well(db):
    out = StringIO()
    call_command("interpretation_report", "--fail-on-findings", stdout=out)
    assert "：0" in out.getvalue()
