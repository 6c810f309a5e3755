"""import_documents FILE.csv|FILE.xlsx --organ SLUG: import a table of historical documents.

The first row holds the Chinese headers listed in HELP; each further row is one document.
Rows are imported in chunks (one transaction each, a savepoint per row: a bad row is reported
and the others go on); each chunk is indexed for search and its pages queued for the
publisher (`publish_site --pending`) in one pass. The row key
is the file name plus the row's 文号, or its 标题 when it has none: re-importing the same file
skips the rows imported before.
"""

from __future__ import annotations

import csv
import re
from argparse import RawDescriptionHelpFormatter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import (
    BaseCommand,
    CommandError,
    CommandParser,
    DjangoHelpFormatter,
)

from gongkai.core.exceptions import InvalidInput
from gongkai.documents.importing import (
    DEFAULT_CHUNK,
    ChunkedImport,
    ImportReport,
    field_label,
    import_key,
)
from gongkai.documents.management.commands.import_corpus import (
    progress_printer,
    resolve_organ_and_actor,
    write_report,
)
from gongkai.documents.models import Attribute, Genre, OnRequestReason, ReasonCode, Topic
from gongkai.lib.corpus import parse_chinese_date, parse_chinese_number
from gongkai.lib.docnumber import DocNumberError, normalise_doc_number
from gongkai.organizations.models import Organ

# Header → Document field, in the documented column order.
HEADERS: dict[str, str] = {
    "标题": "title",
    "文号": "doc_number",
    "成文日期": "written_date",
    "发布日期": "published_date",
    "公开属性": "attribute",
    "不予公开理由": "reason_codes",
    "依申请公开理由": "on_request_reason",
    "依据说明": "legal_explanation",
    "主题分类": "topic",
    "体裁": "genre",
    "内容概述": "summary",
    "主题词": "keywords",
    "施行日期": "effective_date",
    "有效期（年）": "validity_years",
    "正文": "body",
}
REQUIRED_HEADERS = ("标题", "公开属性")

HELP = """\
Import documents from FILE (.csv in UTF-8 or GB 18030, or .xlsx: first sheet). Row 1 holds
the headers, in any order; only 标题 and 公开属性 are required:
  标题            title (required)
  文号            e.g. 示教发〔2024〕3号; [2024] 【2024】 (2024) are normalised; leave empty if none
  成文日期        2024-03-01 or 2024年3月1日 (required unless the row is published)
  发布日期        set = already published (主动公开 only); empty = awaiting publication
  公开属性        主动公开 | 依申请公开 | 不予公开 (required)
  不予公开理由    for 不予公开 only: grounds of 条例第十四条至第十六条, codes or labels,
                  separated by ；or 、 e.g. 属于国家秘密、INTERNAL_AFFAIRS
  依申请公开理由  for 依申请公开 only: SPECIFIC_SUBJECTS or SPECIFIC_NEEDS (or its label)
  依据说明        legal explanation (required unless 主动公开)
  主题分类        大类\\小类, e.g. 综合政务\\政务公开, or a topic name that is unique
  体裁            通知, 意见, 办法 … (the list of 体裁)
  内容概述, 主题词, 正文   free text (主题词 ≤ 150 characters)
  施行日期        date
  有效期（年）    whole years, e.g. 5 (counted from the 发布日期)
A published row gets the next free 索引号 of the organ's serial for its year (numbers already
taken are skipped; a 索引号 column is ignored).
Errors are reported per row (row 1 = header) with the column. Exit status 1 if any row failed.
"""

_LIST_SPLIT_RE = re.compile(r"[；;、，,\n]+")
_ATTRIBUTES = {
    "主动公开": Attribute.PROACTIVE,
    "依申请公开": Attribute.ON_REQUEST,
    "不予公开": Attribute.NOT_DISCLOSED,
} | {value: Attribute(value) for value in Attribute.values}


class RowError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# ---------------------------------------------------------------------------------------------
# Reading


def _read_csv(path: Path) -> list[list[Any]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves CSV in GBK/GB 18030 by default.
        text = raw.decode("gb18030")
    return list(csv.reader(text.splitlines(keepends=True)))


def _read_xlsx(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()


def _header(cell: Any) -> str:
    text = re.sub(r"\s+", "", str(cell or "")).lstrip("\ufeff")
    return text.replace("(", "（").replace(")", "）")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_table(path: Path) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """Return (unknown headers, [(row number, {field: cell})]) for the non-empty data rows."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput("只支持 .csv 和 .xlsx 文件。", field="file")
    try:
        rows = _read_csv(path) if suffix == ".csv" else _read_xlsx(path)
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        raise InvalidInput(f"无法读取文件：{exc}", field="file") from None
    headers = [_header(cell) for cell in rows[0]] if rows else []
    missing = [h for h in REQUIRED_HEADERS if h not in headers]
    if missing:
        raise InvalidInput(f"第1行缺少必需的列：{'、'.join(missing)}。", field="file")
    columns = [(i, HEADERS[h]) for i, h in enumerate(headers) if h in HEADERS]
    records = [
        (number, {name: cells[i] if i < len(cells) else None for i, name in columns})
        for number, cells in enumerate(rows[1:], start=2)
        if any(_text(cell) for cell in cells)
    ]
    return [h for h in headers if h and h not in HEADERS], records


# ---------------------------------------------------------------------------------------------
# Cells


def _date(name: str, value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_chinese_date(str(value))
    if parsed is None:
        raise RowError(name, f"日期“{value}”格式不正确，应为2024-03-01或2024年3月1日。")
    return parsed


def _years(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        years: int | None = value
    else:
        years = parse_chinese_number(str(value).strip().removesuffix("年"))
    if not years or years < 1:
        raise RowError("validity_years", f"有效期“{value}”应为正整数年数，如5。")
    return years


def _reason_codes(value: str) -> list[str]:
    lookup: dict[str, str] = {}
    for value_code, label in ReasonCode.choices:
        lookup[value_code.lower()] = value_code
        lookup[str(label)] = value_code
        lookup[str(label).split("（", 1)[0]] = value_code  # without “（条例第…条）”
    codes = []
    for token in (t.strip() for t in _LIST_SPLIT_RE.split(value) if t.strip()):
        code = lookup.get(token) or lookup.get(token.lower())
        if code is None:
            raise RowError("reason_codes", f"不予公开理由“{token}”无效。")
        codes.append(code)
    return codes


def _on_request_reason(value: str) -> str:
    if not value:
        return ""
    for code, label in OnRequestReason.choices:
        if value in (code, str(label), str(label).split("（", 1)[0]):
            return code
    raise RowError("on_request_reason", f"依申请公开理由“{value}”无效。")


def _topic(value: str) -> Topic | None:
    if not value:
        return None
    parts = [p.strip() for p in re.split(r"[\\/＼]", value) if p.strip()]
    found = None
    if len(parts) == 2:
        found = Topic.objects.filter(parent__name=parts[0], name=parts[1]).first()
    elif len(parts) == 1:
        matches = list(Topic.objects.filter(name=parts[0])[:2])
        found = matches[0] if len(matches) == 1 else None
    if found is None:
        raise RowError(
            "topic", f"主题分类“{value}”不存在，应写作“大类\\小类”，如“综合政务\\政务公开”。"
        )
    return found


def _genre(value: str) -> str:
    if value in ("令", "命令"):
        return Genre.ORDER
    if value and value not in Genre.values:
        raise RowError("genre", f"体裁“{value}”不在体裁列表中。")
    return value


def parse_row(row: dict[str, Any]) -> tuple[dict[str, Any], date | None]:
    """One row (field → cell) → (document_import data, 发布日期). Raises RowError."""
    data: dict[str, Any] = {
        name: _text(row.get(name))
        for name in ("title", "doc_number", "legal_explanation", "summary", "keywords", "body")
    }
    if not data["title"]:
        raise RowError("title", "标题不能为空。")
    attribute = _text(row.get("attribute"))
    if attribute not in _ATTRIBUTES:
        raise RowError("attribute", "公开属性应为主动公开、依申请公开或不予公开。")
    data["attribute"] = _ATTRIBUTES[attribute]
    data["reason_codes"] = _reason_codes(_text(row.get("reason_codes")))
    data["on_request_reason"] = _on_request_reason(_text(row.get("on_request_reason")))
    data["written_date"] = _date("written_date", row.get("written_date"))
    data["effective_date"] = _date("effective_date", row.get("effective_date"))
    data["topic"] = _topic(_text(row.get("topic")))
    data["genre"] = _genre(_text(row.get("genre")))
    data["validity_years"] = _years(row.get("validity_years"))
    return data, _date("published_date", row.get("published_date"))


def _row_key(data: dict[str, Any]) -> str:
    # The normalised 文号, so that 示教发[2024]3号 and 示教发〔2024〕3号 are the same row.
    number = data["doc_number"]
    try:
        return normalise_doc_number(number) if number else data["title"]
    except DocNumberError:
        return number


def import_table(
    path: Path,
    *,
    organ: Organ,
    actor: Any = None,
    dry_run: bool = False,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Callable[[int, int, float], Any] | None = None,
) -> ImportReport:
    """Import the rows of a table in chunks (documents.importing.ChunkedImport): indexing
    and the pages to publish are handled once per chunk; run again to resume."""
    report = ImportReport()
    unknown, records = read_table(path)
    report.warnings = [f"忽略未知的列“{h}”" for h in unknown]
    with ChunkedImport(
        report, dry_run=dry_run, chunk_size=chunk_size, total=len(records), progress=progress
    ) as bulk:
        for number, row in records:
            _import_row(bulk, path, number, row, organ=organ, actor=actor)
    return report


def _import_row(
    bulk: ChunkedImport, path: Path, number: int, row: dict[str, Any], *, organ: Organ, actor: Any
) -> None:
    label = f"第{number}行"
    try:
        data, published_date = parse_row(row)
    except RowError as exc:
        bulk.fail(label, f"[{field_label(exc.field)}] {exc.message}")
        return
    bulk.row(
        label,
        actor=actor,
        organ=organ,
        data=data,
        # A 发布日期 means the document was published (the service refuses that for a
        # document that is not 主动公开); a 主动公开 row without one awaits publication.
        published=published_date is not None,
        published_date=published_date,
        source=import_key(path.name, _row_key(data)),
        provenance=path.name,
    )


class _HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    pass


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        # Keep the line breaks of the column list in --help.
        kwargs.setdefault("formatter_class", _HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=".csv or .xlsx")
        parser.add_argument("--organ", required=True, help="slug of the lead (主办) organ")
        parser.add_argument(
            "--actor", help="username recorded in the audit trail (default: 系统导入)"
        )
        parser.add_argument("--dry-run", action="store_true", help="validate, write nothing")
        parser.add_argument(
            "--chunk-size",
            type=int,
            default=DEFAULT_CHUNK,
            help=f"rows per transaction (default {DEFAULT_CHUNK}); an interrupted import "
            "resumes where it stopped when run again",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件“{path}”不存在。")
        organ, actor = resolve_organ_and_actor(options["organ"], options["actor"])
        try:
            report = import_table(
                path,
                organ=organ,
                actor=actor,
                dry_run=options["dry_run"],
                chunk_size=options["chunk_size"],
                progress=progress_printer(self.stderr, options["verbosity"]),
            )
        except InvalidInput as exc:
            raise CommandError(exc.message) from None
        write_report(self, report, dry_run=options["dry_run"], verbosity=options["verbosity"])
