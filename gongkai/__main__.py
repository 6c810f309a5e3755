"""The `gongkai` console script: a thin wrapper around manage.py.

Before a command that reads or writes the database runs, the database is checked: a missing
SQLite file, an unreachable server or unapplied migrations end the command with a message
that says to run ``gongkai migrate``, instead of a traceback from the first query. The check
never creates the SQLite file (connecting to SQLite would create an empty one).
"""

from __future__ import annotations

import os
import sys

# Commands that work without a migrated database: they create or inspect it, or need none.
NO_DATABASE_COMMANDS = frozenset(
    {
        "check",
        "collectstatic",
        "compilemessages",
        "createcachetable",
        "dbshell",
        "diffsettings",
        "findstatic",
        "help",
        "makemessages",
        "makemigrations",
        "migrate",
        "optimizemigration",
        "sendtestemail",
        "shell",
        "showmigrations",
        "sqlflush",
        "sqlmigrate",
        "sqlsequencereset",
        "squashmigrations",
        "startapp",
        "startproject",
        "test",
        "version",
    }
)

NOT_MIGRATED = "数据库尚未初始化或有未执行的迁移：请先运行 `gongkai migrate`。"
NO_CONNECTION = "无法连接数据库（%s）：请检查 DATABASE_URL，然后运行 `gongkai migrate`。"


def _subcommand(argv: list[str]) -> str | None:
    """The subcommand name, or None for `gongkai`, `gongkai --help`, `gongkai --version`."""
    if len(argv) < 2 or argv[1].startswith("-"):
        return None
    return argv[1]


def database_problem() -> str | None:
    """A message if the default database is missing, unreachable or not fully migrated."""
    from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
    from django.db.migrations.executor import MigrationExecutor

    from gongkai.core.database import sqlite_file_missing

    connection = connections[DEFAULT_DB_ALIAS]
    if sqlite_file_missing(connection):
        return NOT_MIGRATED
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return NO_CONNECTION % (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    finally:
        connection.close()
    return NOT_MIGRATED if plan else None


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import execute_from_command_line, get_commands

    command = _subcommand(argv)
    wants_help = any(arg in {"-h", "--help"} for arg in argv[2:])
    if command is not None and command not in NO_DATABASE_COMMANDS and not wants_help:
        django.setup()
        # Unknown commands are left to Django, which suggests the closest name.
        problem = database_problem() if command in get_commands() else None
    else:
        problem = None
    if problem is not None:
        sys.stderr.write(problem + "\n")
        sys.exit(1)
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
