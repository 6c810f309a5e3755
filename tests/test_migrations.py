"""Models and migrations agree (froide's makemigrations --check)."""

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exc:  # pragma: no cover - the failure path
        pytest.fail(f"Missing migrations:\n{out.getvalue()}")
        raise exc
