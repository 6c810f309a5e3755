"""import_corpus FOLDER --organ SLUG: import government text files (historical documents).

Each ``*.txt`` of FOLDER is shaped like ``/work/shared/corpus``: a ``key: value`` header
(标题, 发布机关, 文号, 日期, 公开属性标注, 来源 …), a line of ``=``, then the text. README.md and
any other file is ignored. Re-running the command skips what it imported before.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.accounts.models import User
from gongkai.documents.importing import ImportReport, import_corpus_folder
from gongkai.documents.models import Attribute, OnRequestReason, ReasonCode
from gongkai.organizations.models import Organ


def resolve_organ_and_actor(slug: str, username: str | None) -> tuple[Organ, User | None]:
    organ = Organ.objects.filter(slug=slug).first()
    if organ is None:
        raise CommandError(f"机关代码“{slug}”不存在。")
    if not username:
        return organ, None
    actor = User.objects.filter(username=username, is_active=True).first()
    if actor is None:
        raise CommandError(f"用户“{username}”不存在或已停用。")
    return organ, actor


def progress_printer(stream: Any, verbosity: int) -> Callable[[int, int, float], None] | None:
    """Progress on stderr after each chunk (not at verbosity 0)."""
    if verbosity < 1:
        return None

    def say(done: int, total: int, rate: float) -> None:
        share = f" ({100 * done / total:.0f}%)" if total else ""
        stream.write(f"{done}/{total} rows{share}, {rate:.0f} rows/s")
        stream.flush()

    return say


def write_report(
    command: BaseCommand, report: ImportReport, *, dry_run: bool, verbosity: int = 1
) -> None:
    """Per-failure reasons on stderr, the summary line on stdout; exit 1 if anything failed."""
    for warning in report.warnings:
        command.stderr.write(f"warning: {warning}")
    for where, why in report.failed:
        command.stderr.write(f"failed: {where}: {why}")
    if verbosity >= 2:
        for where in report.skipped:
            command.stdout.write(f"skipped (already imported): {where}")
    suffix = " (dry run: nothing was written)" if dry_run else ""
    command.stdout.write(report.summary() + suffix)
    if report.failed:
        raise CommandError(f"{len(report.failed)} failed", returncode=1)


class Command(BaseCommand):
    help = (
        "Import the *.txt files of FOLDER (header, a line of '=', then the text) as documents of "
        "the organ --organ: the 附注 （此件公开发布） makes a document 主动公开 and published; "
        "a 文号 is only set when the source states one. Idempotent: a file imported before is "
        "skipped. Prints 'imported N, skipped M, failed K'; exit status 1 if any file failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--organ", required=True, help="slug of the lead (主办) organ")
        parser.add_argument(
            "--actor", help="username recorded in the audit trail (default: 系统导入)"
        )
        parser.add_argument("--dry-run", action="store_true", help="validate, write nothing")
        parser.add_argument(
            "--default-attribute",
            choices=[Attribute.PROACTIVE.value, Attribute.ON_REQUEST.value],
            default=Attribute.PROACTIVE.value,
            help="公开属性 of a text without a 附注 marking (default: proactive, published)",
        )
        parser.add_argument(
            "--reason-code",
            action="append",
            choices=ReasonCode.values,
            default=[],
            help="不予公开理由 for texts marked （此件不予公开） (repeatable)",
        )
        parser.add_argument(
            "--on-request-reason",
            choices=OnRequestReason.values,
            default="",
            help="依申请公开理由 for texts that are 依申请公开",
        )
        parser.add_argument(
            "--legal-explanation", default="", help="依据说明 for texts that are not 主动公开"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"文件夹“{folder}”不存在。")
        organ, actor = resolve_organ_and_actor(options["organ"], options["actor"])
        report = import_corpus_folder(
            folder,
            organ=organ,
            actor=actor,
            default_attribute=options["default_attribute"],
            reason_codes=options["reason_code"],
            on_request_reason=options["on_request_reason"],
            legal_explanation=options["legal_explanation"],
            dry_run=options["dry_run"],
            progress=progress_printer(self.stderr, options["verbosity"]),
        )
        write_report(self, report, dry_run=options["dry_run"], verbosity=options["verbosity"])
