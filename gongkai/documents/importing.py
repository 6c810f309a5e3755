"""Import of documents that already exist in the government's records.

Historical documents pushed from an OA system or a folder of text files were drafted,
signed and (for the proactive ones) published before this platform existed. They are not
run through the drafting workflow again: :func:`document_import` creates each one directly
in its final state, with the same invariants the workflow enforces (G2 reason, G5 secrecy,
索引号 from the same serial counter as :func:`services.document_publish`) and a
``document.imported`` audit event naming where it came from.

索引号: a row never brings one (a table's 索引号 column is ignored with a warning); a published
row is numbered from its organ's serial for the year of its 发布日期. A number already in the
database (given outside the serial: an earlier system, a restored backup, an organ sharing the
前段码) is skipped and the row takes the next free one, rows in order; a number taken between
that check and the insert fails that row alone, named (“索引号…已被其他公文使用”).

Idempotency: every import carries a source key (the file name, or file name + row key),
stored in ``Document.source``. Importing the same source into the same organ again returns
the document created the first time.

:func:`import_corpus_folder` reads a folder of text files shaped like ``/work/shared/corpus``;
the ``import_corpus`` command and ``seed_demo`` both call it. The ``import_documents`` command
reads CSV/XLSX tables and calls :func:`run_import` row by row.
"""

from __future__ import annotations

import hashlib
import os
import re
import time as _time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from gongkai.calendars.services import clock_open
from gongkai.core.exceptions import DomainError, GateRefused, InvalidInput, NotPermitted
from gongkai.core.kit import hooks
from gongkai.core.kit.audit import record_event, record_events_bulk, subject_type_id
from gongkai.core.kit.hooks import announce_public_change
from gongkai.core.kit.serials import reserve_serials
from gongkai.documents import gates
from gongkai.documents.clocks import ClockKind
from gongkai.documents.models import (
    Attribute,
    Document,
    Genre,
    SecrecyLevel,
    Validity,
)
from gongkai.documents.permissions import can_import_documents

# Private helpers of the publication service, reused on purpose: an imported document must
# get its 索引号 from the same per-organ, per-year serial, and its fields must be cleaned
# exactly as a drafted document's are.
from gongkai.documents.services import (
    INDEX_SERIES,
    clean_document_fields,
    next_index_number,
    validate_document,
)
from gongkai.documents.workflow import Status
from gongkai.lib.corpus import (
    ParsedDocument,
    expires_on,
    parse_corpus_text,
)
from gongkai.lib.indexno import format_index_number
from gongkai.organizations.models import Organ

SOURCE_MAX_LENGTH = Document._meta.get_field("source").max_length or 200
SYSTEM_ACTOR = "系统导入"

# Fields the import accepts in `data`: the drafting fields, minus those that only make
# sense while a draft is routed (代拟稿) and the source, which is the idempotency key.
IMPORT_FIELDS = frozenset(
    {
        "title",
        "doc_number",
        "written_date",
        "effective_date",
        "expires_on",
        "validity_years",
        "topic",
        "genre",
        "summary",
        "keywords",
        "body",
        "attribute",
        "reason_codes",
        "on_request_reason",
        "legal_explanation",
        "secrecy_level",
        "secrecy_period",
        "is_policy",
        "is_normative",
        "co_organs",
    }
)


# ---------------------------------------------------------------------------------------------
# The service


def import_key(*parts: str) -> str:
    """The idempotency key stored in ``Document.source``, shortened with a hash if needed."""
    key = "import:" + "#".join(part.strip() for part in parts)
    if len(key) <= SOURCE_MAX_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"{key[: SOURCE_MAX_LENGTH - 17]}~{digest}"


def imported_document(*, organ: Organ, source: str) -> Document | None:
    return Document.objects.filter(organ=organ, source=source).order_by("pk").first()


def _refuse_gate(check: Any, document: Document) -> None:
    try:
        check(document)
    except GateRefused as exc:
        raise InvalidInput(exc.message, field=exc.field or "attribute") from None


def _check_disclosure(document: Document, *, published: bool) -> None:
    if document.secrecy_level != SecrecyLevel.NONE and (
        published or document.attribute == Attribute.PROACTIVE
    ):
        raise InvalidInput(
            "标有密级的公文不得确定为主动公开或作为已发布公文导入（保守国家秘密法）。",
            field="secrecy_level",
        )
    _refuse_gate(gates.check_g5_secrecy, document)
    _refuse_gate(gates.check_consistent, document)
    if published and document.attribute != Attribute.PROACTIVE:
        raise InvalidInput(
            "只有公开属性为“主动公开”的公文可以作为已发布公文导入；"
            "依申请公开和不予公开的公文以“已成文”状态导入。",
            field="published_date",
        )
    _refuse_gate(gates.check_g2_reason, document)


def _check_dates(
    document: Document, *, published: bool, published_date: date | None, today: date
) -> None:
    if document.written_date and document.written_date > today:
        raise InvalidInput("成文日期不能晚于今天。", field="written_date")
    if not published:
        if published_date is not None:
            raise InvalidInput("未发布的公文不能填写发布日期。", field="published_date")
        if document.written_date is None:
            raise InvalidInput("以“已成文”状态导入的公文须有成文日期。", field="written_date")
        return
    if published_date is None:
        raise InvalidInput("已发布的公文须有发布日期。", field="published_date")
    if published_date > today:
        raise InvalidInput("发布日期不能晚于今天。", field="published_date")
    if document.written_date and published_date < document.written_date:
        raise InvalidInput("发布日期不能早于成文日期。", field="published_date")


def _check_importer(actor: Any, organ: Organ) -> Any:
    """The user behind ``actor`` (None for an operator's command); NotPermitted if refused."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    if actor is not None and (user is None or not can_import_documents(user, organ.pk)):
        raise NotPermitted("只有本单位政务公开工作机构或系统管理员可以导入公文。")
    return user


def _clean_source(source: str) -> str:
    source = source.strip()
    if not source or len(source) > SOURCE_MAX_LENGTH:
        raise InvalidInput(
            f"导入来源标识不能为空且不超过{SOURCE_MAX_LENGTH}个字符。", field="source"
        )
    return source


def prepare_import(
    *,
    user: Any,
    organ: Organ,
    data: dict[str, Any],
    published: bool,
    published_date: date | None,
    source: str,
    today: date,
) -> tuple[Document, list[Organ]]:
    """The unsaved document of an import and its co-issuing organs: every check of
    :func:`document_import` that needs no write (the bulk import validates a whole chunk
    with it before inserting). Raises ``InvalidInput`` with the field at fault."""
    unknown = set(data) - IMPORT_FIELDS
    if unknown:
        raise InvalidInput(f"未知字段：{', '.join(sorted(unknown))}", field=sorted(unknown)[0])
    clean = clean_document_fields({**data, "source": source})
    co_organs = [o for o in clean.pop("co_organs", None) or [] if o.pk != organ.pk]
    if not clean.get("attribute"):
        raise InvalidInput(
            "导入的公文须有公开属性（主动公开、依申请公开或不予公开）。", field="attribute"
        )

    document = Document(organ=organ, created_by=user, **clean)
    _check_disclosure(document, published=published)
    _check_dates(document, published=published, published_date=published_date, today=today)

    document.status = Status.PUBLISHED if published else Status.ISSUED
    document.marking, document.secrecy_mark = gates.marks_at_issue(document)
    if published and published_date is not None:
        document.published_date = published_date
        # The moment of the original publication is not on record, only its day; the time
        # of the import itself is the audit event's timestamp.
        document.published_at = datetime.combine(
            published_date, time.min, tzinfo=timezone.get_current_timezone()
        )
        if document.validity_years and not document.expires_on:
            # “有效期5年”, counted from publication (domain.md §11 scenario 3).
            document.expires_on = expires_on(published_date, document.validity_years)
    if document.expires_on and document.expires_on <= today:
        document.validity = Validity.EXPIRED
    # Checked above with their own messages (_check_disclosure); the database enforces the
    # table's constraints again (run_import reports a violation as a failed row).
    validate_document(document, constraints=False)
    return document, co_organs


def _import_event_data(
    document: Document, *, source: str, provenance: str, published_date: date | None
) -> dict[str, Any]:
    return {
        "source": source,
        "provenance": provenance,
        "attribute": document.attribute,
        "index_number": document.index_number,
        "published_date": published_date.isoformat() if published_date else None,
        "validity": document.validity,
    }


@transaction.atomic
def document_import(
    *,
    actor: Any,
    organ: Organ,
    data: dict[str, Any],
    published: bool,
    published_date: date | None = None,
    source: str,
    provenance: str = "",
    today: date | None = None,
) -> Document:
    """Create a historical document in its final state; return the existing one on re-import.

    - ``published`` (主动公开 only): status “已发布”, 索引号 from the organ's serial for the year
      of ``published_date``, 附注 “（此件公开发布）”, expiry from ``validity_years``.
    - otherwise: status “已成文”. A 主动公开 document not yet published opens its 20-working-day
      publication clock from the 成文日期 (G7, 条例第二十六条); 依申请公开/不予公开 documents keep
      their reason codes (G2) and carry their own 附注.

    ``actor`` is a user (who must be allowed to publish for ``organ``) or ``None`` for an
    operator's command-line import. ``source`` is the idempotency key (see :func:`import_key`);
    ``provenance`` (where the text was taken from) goes into the audit event.
    Raises ``InvalidInput`` with the field at fault, or ``NotPermitted``.
    """
    # Serialise imports into one organ: Document.source is not unique in the database, so the
    # "already imported?" check below must not race with a concurrent import of the same source.
    organ = Organ.objects.select_for_update().get(pk=organ.pk)
    user = _check_importer(actor, organ)
    source = _clean_source(source)
    existing = imported_document(organ=organ, source=source)
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    document, co_organs = prepare_import(
        user=user,
        organ=organ,
        data=data,
        published=published,
        published_date=published_date,
        source=source,
        today=today,
    )
    document._imported_now = True  # type: ignore[attr-defined]  # run_import: not a re-import
    if published and published_date is not None:
        document.index_number = next_index_number(document, published_date.year)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Taken between the check of next_index_number and this insert (a concurrent
        # publication under the same 前段码): this row fails, named, and the others go on.
        number = document.index_number
        if number and Document.objects.filter(index_number=number).exists():
            raise InvalidInput(
                f"索引号“{number}”已被其他公文使用，未导入；重新导入即可取得下一个可用的索引号。",
                field="index_number",
            ) from None
        raise
    if co_organs:
        document.co_organs.set(co_organs)
    if document.status == Status.ISSUED and document.attribute == Attribute.PROACTIVE:
        clock_open(
            subject=document,
            kind=ClockKind.PUBLICATION,
            start=document.written_date or today,
            days=settings.GONGKAI_PUBLICATION_WORKDAYS,
            actor=actor if user is not None else SYSTEM_ACTOR,
        )
    record_event(
        action="document.imported",
        subject=document,
        actor=user if user is not None else SYSTEM_ACTOR,
        to_state=document.status,
        data=_import_event_data(
            document, source=source, provenance=provenance, published_date=published_date
        ),
    )
    if document.status == Status.PUBLISHED:
        announce_public_change(document, "published")
    return document


# ---------------------------------------------------------------------------------------------
# Reports shared by the readers


@dataclass
class ImportReport:
    imported: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    """(where, why): a file name, or “第N行”, and the reason."""
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"imported {len(self.imported)}, skipped {len(self.skipped)}, failed {len(self.failed)}"
        )


def field_label(name: str | None) -> str:
    """The Chinese label of a Document field (the table header of the same column)."""
    if not name:
        return "-"
    try:
        return str(Document._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def describe_error(exc: DomainError) -> str:
    return f"[{field_label(getattr(exc, 'field', None))}] {exc.message}"


DEFAULT_CHUNK = 500


class ChunkedImport:
    """Bulk import: rows in chunks, each chunk one transaction, written a chunk at a time.

    A chunk costs a number of statements that does not depend on its size or on the rows
    imported before (:func:`import_chunk`): the organ lock once, the source keys of the chunk
    looked up in one query, every row validated in Python first (a bad row is reported and
    the others go on), the 索引号 serials of the chunk reserved in one UPDATE per year, the
    documents inserted with ``bulk_create`` and their audit events with one ``executemany``.
    If the bulk insert fails (a constraint only the database checks), that chunk alone is
    retried row by row, a savepoint each, so the bad row is reported and the others go in.

    The public changes of a chunk are collected (kit.hooks.collecting_public_changes) and
    handed over once, at the end of the chunk and inside its transaction: search indexes
    the chunk in one pass, publishing queues the pages it affects, each list once, for the
    publisher to drain (`publish_site --pending`). A chunk's rows, their index entries and
    their queued pages commit together: an interrupted import is resumed by running it
    again (rows already imported are skipped by their source key, and they are indexed and
    queued already).

    ``progress(done, total, rows_per_second)`` is called after each chunk when there are
    several.
    """

    def __init__(
        self,
        report: ImportReport,
        *,
        dry_run: bool = False,
        chunk_size: int = DEFAULT_CHUNK,
        total: int = 0,
        progress: Callable[[int, int, float], Any] | None = None,
    ) -> None:
        self.report = report
        self.dry_run = dry_run
        self.chunk_size = max(1, chunk_size)
        self.total = total
        self.progress = progress
        self.done = 0
        self._rows: list[tuple[str, dict[str, Any]]] = []
        self._failed_since = 0
        self._started = 0.0
        self._collect: Any = None
        self._changes: list[tuple[Any, str]] = []

    def __enter__(self) -> ChunkedImport:
        self._started = _time.monotonic()
        self._collect = hooks.collecting_public_changes()
        self._changes = self._collect.__enter__()
        return self

    def row(self, label: str, **kwargs: Any) -> None:
        """Queue a row for :func:`document_import` (same keyword arguments)."""
        self._rows.append((label, kwargs))
        if len(self._rows) >= self.chunk_size:
            self._flush()
            self._report_progress()

    def fail(self, label: str, message: str) -> None:
        """A row that could not be read: reported, and counted as done."""
        self.report.failed.append((label, message))
        self._failed_since += 1

    def _flush(self) -> None:
        rows, self._rows = self._rows, []
        if not rows:
            self.done += self._failed_since
            self._failed_since = 0
            return
        try:
            with transaction.atomic():
                import_chunk(self.report, rows)
                if self.dry_run:
                    transaction.set_rollback(True)
                else:
                    hooks.send_public_changes(self._changes)
        finally:
            self._changes.clear()
        self.done += len(rows) + self._failed_since
        self._failed_since = 0

    def _report_progress(self) -> None:
        # An import of one chunk has nothing to report on the way.
        if self.progress is not None and self.total > self.chunk_size:
            elapsed = max(_time.monotonic() - self._started, 1e-9)
            self.progress(self.done, self.total, self.done / elapsed)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        try:
            if exc_type is None and (self._rows or self._failed_since or not self.done):
                self._flush()
                self._report_progress()
            else:
                self._rows.clear()  # the current chunk was never written
        finally:
            self._collect.__exit__(exc_type, exc, tb)


@dataclass
class _Prepared:
    label: str
    kwargs: dict[str, Any]
    document: Document
    user: Any
    source: str


def _bulk_eligible(document: Document, co_organs: list[Organ]) -> bool:
    """Rows the bulk path writes; the others (co-issuers to link, a publication clock to
    open) go through :func:`document_import` one by one."""
    if co_organs:
        return False
    return not (document.status == Status.ISSUED and document.attribute == Attribute.PROACTIVE)


def import_chunk(report: ImportReport, rows: list[tuple[str, dict[str, Any]]]) -> None:
    """Import ``rows`` ((label, :func:`document_import` keyword arguments)) inside the
    caller's transaction with a constant number of statements (see :class:`ChunkedImport`);
    outcomes go to ``report`` in row order of each kind."""
    if not rows:
        return
    today_default = timezone.localdate()
    organs: dict[int, Organ] = {}
    for _label, kwargs in rows:
        organs.setdefault(kwargs["organ"].pk, kwargs["organ"])
    # One lock per organ (normally one) for the whole chunk, in a fixed order.
    locked = {o.pk: o for o in Organ.objects.select_for_update().filter(pk__in=sorted(organs))}
    existing: dict[int, set[str]] = {}
    wanted: dict[int, list[str]] = {}
    for _label, kwargs in rows:
        wanted.setdefault(kwargs["organ"].pk, []).append(str(kwargs.get("source", "")).strip())
    for organ_pk, sources in wanted.items():
        existing[organ_pk] = set(
            Document.objects.filter(organ_id=organ_pk, source__in=set(sources)).values_list(
                "source", flat=True
            )
        )

    prepared: list[_Prepared] = []
    one_by_one: list[tuple[str, dict[str, Any]]] = []
    seen: set[tuple[int, str]] = set()
    importers: dict[tuple[int, int | None], Any] = {}
    for label, kwargs in rows:
        organ = locked.get(kwargs["organ"].pk)
        if organ is None:
            report.failed.append((label, "[-] 单位不存在。"))
            continue
        try:
            actor = kwargs.get("actor")
            actor_key = (organ.pk, getattr(actor, "pk", None))
            if actor_key not in importers:
                importers[actor_key] = _check_importer(actor, organ)
            user = importers[actor_key]
            source = _clean_source(kwargs["source"])
            if source in existing[organ.pk] or (organ.pk, source) in seen:
                report.skipped.append(label)
                continue
            published_date = kwargs.get("published_date")
            document, co_organs = prepare_import(
                user=user,
                organ=organ,
                data=kwargs["data"],
                published=kwargs["published"],
                published_date=published_date,
                source=source,
                today=kwargs.get("today") or today_default,
            )
        except DomainError as exc:
            report.failed.append((label, describe_error(exc)))
            continue
        seen.add((organ.pk, source))
        if _bulk_eligible(document, co_organs):
            prepared.append(_Prepared(label, kwargs, document, user, source))
        else:
            one_by_one.append((label, kwargs))

    if prepared:
        try:
            with transaction.atomic():
                _insert_prepared(prepared)
        except DatabaseError:
            # A constraint only the database checks: find the row at fault one by one.
            one_by_one = [(p.label, p.kwargs) for p in prepared] + one_by_one
        else:
            report.imported.extend(p.label for p in prepared)
            for p in prepared:
                if p.document.status == Status.PUBLISHED:
                    announce_public_change(p.document, "published")
    for label, kwargs in one_by_one:
        run_import(report, label, **kwargs)


def _free_index_numbers(
    organ_pk: int, year: int, prefix: str, documents: list[Document]
) -> list[str]:
    """``len(documents)`` free 索引号 of the organ's serial for ``year``, in serial order:
    one UPDATE reserves them and one query finds those already taken (numbered outside
    the serial); the taken ones are skipped and as many more reserved (the same rule as
    :func:`services.next_index_number`, so that one stale counter never fails a row)."""
    free: list[str] = []
    while len(free) < len(documents):
        serials = reserve_serials(INDEX_SERIES, year, organ_pk, len(documents) - len(free))
        candidates = [
            format_index_number(
                settings.GONGKAI_INDEX_PATTERN, org_code=prefix, year=year, serial=serial
            )
            for serial in serials
        ]
        taken = set(
            Document.objects.filter(index_number__in=candidates).values_list(
                "index_number", flat=True
            )
        )
        free += [number for number in candidates if number not in taken]
    return free


def _insert_prepared(prepared: list[_Prepared]) -> None:
    """Number, insert and audit the validated rows of a chunk: one UPDATE per (organ, year)
    of 索引号 serials, the documents in bulk, the audit events in one executemany per
    (actor, state)."""
    years: dict[tuple[int, int], list[Document]] = {}
    for p in prepared:
        document = p.document
        if document.status == Status.PUBLISHED and document.published_date is not None:
            years.setdefault((document.organ_id, document.published_date.year), []).append(document)
    for (organ_pk, year), documents in years.items():
        numbers = _free_index_numbers(organ_pk, year, documents[0].organ.index_prefix, documents)
        for document, number in zip(documents, numbers, strict=True):
            document.index_number = number
    documents = [p.document for p in prepared]
    Document.objects.bulk_create(documents)
    missing = [d for d in documents if d.pk is None]
    if missing:
        # A backend that does not return the ids of a bulk insert: read them back.
        ids = dict(
            Document.objects.filter(uid__in=[d.uid for d in missing]).values_list("uid", "pk")
        )
        for document in missing:
            document.pk = ids[document.uid]
    type_id = subject_type_id(Document)
    events: dict[tuple[int | None, str], list[tuple[int, str, dict[str, Any]]]] = {}
    actors: dict[int | None, Any] = {}
    for p in prepared:
        key = (getattr(p.user, "pk", None), p.document.status)
        actors[key[0]] = p.user if p.user is not None else SYSTEM_ACTOR
        data = _import_event_data(
            p.document,
            source=p.source,
            provenance=p.kwargs.get("provenance", ""),
            published_date=p.kwargs.get("published_date"),
        )
        events.setdefault(key, []).append((type_id, str(p.document.pk), data))
    for (actor_pk, state), rows in events.items():
        record_events_bulk(
            action="document.imported", rows=rows, actor=actors[actor_pk], to_state=state
        )


def run_import(report: ImportReport, label: str, *, dry_run: bool = False, **kwargs: Any) -> None:
    """Call :func:`document_import` in its own transaction (rolled back on a dry run) and
    record the outcome under ``label`` in ``report``."""
    try:
        with transaction.atomic():
            document = document_import(**kwargs)
            if not getattr(document, "_imported_now", False):
                report.skipped.append(label)
                return
            if dry_run:
                transaction.set_rollback(True)
    except DomainError as exc:
        report.failed.append((label, describe_error(exc)))
        return
    except IntegrityError as exc:
        report.failed.append((label, f"[-] 数据不符合约束，未导入：{exc}"))
        return
    report.imported.append(label)


# ---------------------------------------------------------------------------------------------
# Text files shaped like /work/shared/corpus

_MARKING_ATTRIBUTES = {
    "主动公开": Attribute.PROACTIVE,
    "依申请公开": Attribute.ON_REQUEST,
    "不予公开": Attribute.NOT_DISCLOSED,
}
# GB/T 9704-2012: a title ends with its 文种 (发文机关 + 事由 + 文种), so “…的通知” is a 通知 and
# “…若干规定” a 规定. Endings that are not a 体裁 of the list (条例, 法) leave the genre blank.
_TITLE_ANNOTATION_RE = re.compile(r"[（(][^（）()]*[）)]\s*$")
_TITLE_GENRES = sorted(
    (g for g in Genre.values if g not in (Genre.OTHER, Genre.ORDER)), key=len, reverse=True
)


def genre_from_title(title: str) -> str:
    bare = _TITLE_ANNOTATION_RE.sub("", title.strip())
    return next((genre for genre in _TITLE_GENRES if bare.endswith(genre)), "")


def corpus_document_data(
    parsed: ParsedDocument,
    *,
    organ: Organ,
    default_attribute: str = Attribute.PROACTIVE,
    reason_codes: list[str] | None = None,
    on_request_reason: str = "",
    legal_explanation: str = "",
) -> tuple[dict[str, Any], bool]:
    """Map a parsed corpus text to :func:`document_import` data; return (data, published).

    The lead organ is the one imported into; co-issuers named in the header are linked when an
    organ of exactly that name exists. A text without a 附注 gets ``default_attribute``.
    """
    attribute = _MARKING_ATTRIBUTES.get(parsed.disclosure_marking or "", default_attribute)
    co_names = [name for name in parsed.issuers[1:] if name != organ.name]
    data: dict[str, Any] = {
        "title": parsed.title,
        # Never invented: empty when the source does not state it.
        "doc_number": parsed.doc_number or "",
        "written_date": parsed.written_date,
        "effective_date": parsed.effective_date,
        "validity_years": parsed.validity_years,
        "genre": genre_from_title(parsed.title),
        "body": parsed.body,
        "attribute": attribute,
        "co_organs": list(Organ.objects.filter(name__in=co_names)) if co_names else [],
    }
    # Each attribute has its own reasons (依申请公开理由 / 不予公开理由, gates.check_reason_lists).
    if attribute == Attribute.ON_REQUEST:
        data["on_request_reason"] = on_request_reason
        data["legal_explanation"] = legal_explanation
    elif attribute == Attribute.NOT_DISCLOSED:
        data["reason_codes"] = list(reason_codes or [])
        data["legal_explanation"] = legal_explanation
    return data, attribute == Attribute.PROACTIVE


def corpus_dir() -> Path | None:
    """GONGKAI_CORPUS_DIR, or ../shared/corpus beside the repository; None if missing."""
    configured = os.environ.get("GONGKAI_CORPUS_DIR", "").strip()
    folder = (
        Path(configured) if configured else Path(settings.BASE_DIR).parent / "shared" / "corpus"
    )
    return folder if folder.is_dir() else None


def import_corpus_folder(
    folder: Path,
    *,
    organ: Organ,
    actor: Any = None,
    default_attribute: str = Attribute.PROACTIVE,
    reason_codes: list[str] | None = None,
    on_request_reason: str = "",
    legal_explanation: str = "",
    dry_run: bool = False,
    today: date | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Callable[[int, int, float], Any] | None = None,
) -> ImportReport:
    """Import every ``*.txt`` of ``folder`` (README.md and other files are ignored), in
    chunks (:class:`ChunkedImport`).

    A published document's 发布日期 is its 成文日期: the corpus states no other date, and a
    document marked （此件公开发布） was public from its issue.
    """
    report = ImportReport()
    paths = sorted(Path(folder).glob("*.txt"))
    with ChunkedImport(
        report, dry_run=dry_run, chunk_size=chunk_size, total=len(paths), progress=progress
    ) as bulk:
        for path in paths:
            _import_corpus_file(
                bulk,
                path,
                organ=organ,
                actor=actor,
                default_attribute=default_attribute,
                reason_codes=reason_codes,
                on_request_reason=on_request_reason,
                legal_explanation=legal_explanation,
                today=today,
            )
    return report


def _import_corpus_file(
    bulk: ChunkedImport,
    path: Path,
    *,
    organ: Organ,
    actor: Any,
    default_attribute: str,
    reason_codes: list[str] | None,
    on_request_reason: str,
    legal_explanation: str,
    today: date | None,
) -> None:
    try:
        parsed = parse_corpus_text(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        bulk.fail(path.name, f"无法读取文件：{exc}")
        return
    data, published = corpus_document_data(
        parsed,
        organ=organ,
        default_attribute=default_attribute,
        reason_codes=reason_codes,
        on_request_reason=on_request_reason,
        legal_explanation=legal_explanation,
    )
    bulk.row(
        path.name,
        actor=actor,
        organ=organ,
        data=data,
        published=published,
        published_date=parsed.written_date if published else None,
        source=import_key(path.name),
        provenance=parsed.source,
        today=today,
    )
