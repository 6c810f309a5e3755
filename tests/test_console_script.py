"""The `gongkai` console script on a database that was never migrated (issue 16 item 7)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _gongkai(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "GONGKAI_DATA_DIR": str(database.parent / "data"),
    }
    return subprocess.run(  # noqa: S603 - the interpreter running the tests, fixed arguments
        [sys.executable, "-m", "gongkai", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [
        ("deadline", "--start", "2025-09-25", "--days", "20"),
        ("expire_documents",),
        ("send_deadline_reminders",),
    ],
)
def test_command_on_missing_database_says_to_migrate_and_creates_no_file(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    database = tmp_path / "fresh.sqlite3"

    result = _gongkai(database, *args)

    assert result.returncode == 1
    assert "请先运行 `gongkai migrate`" in result.stderr
    assert "Traceback" not in result.stderr
    assert not database.exists()


def test_command_on_empty_database_file_says_to_migrate(tmp_path: Path) -> None:
    database = tmp_path / "empty.sqlite3"
    database.touch()

    result = _gongkai(database, "deadline", "--start", "2025-09-25", "--days", "20")

    assert result.returncode == 1
    assert "请先运行 `gongkai migrate`" in result.stderr
    assert "Traceback" not in result.stderr


def test_command_runs_once_the_database_is_migrated(tmp_path: Path) -> None:
    database = tmp_path / "gongkai.sqlite3"

    migrate = _gongkai(database, "migrate", "--noinput", "-v", "0")
    result = _gongkai(database, "deadline", "--start", "2025-09-25", "--days", "20")

    assert migrate.returncode == 0, migrate.stderr
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "2025-10-29"


@pytest.mark.parametrize("args", [("check",), ("deadline", "--help")])
def test_commands_that_need_no_database_run_and_create_no_file(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    database = tmp_path / "fresh.sqlite3"

    result = _gongkai(database, *args)

    assert result.returncode == 0, result.stderr
    assert not database.exists()
