"""Uploaded attachments (附件): type checks, text extraction, metadata removal, HTML preview.

Documents published under the 政府信息公开条例 are public, but the files that carry them often
hold what is not: the drafter's name (author/last modified by), the unit's internal company
name, the revision count, comments (批注) and tracked changes (修订) showing earlier wording.
Before publication (domain.md §1.3 保密审查, §6) :func:`strip_metadata` removes them.

Supported kinds (:data:`ALLOWED`): ``docx`` (Office Open XML), ``pdf`` and legacy ``doc``
(OLE2). A file is accepted only when its extension *and* its content agree (:func:`sniff_kind`).

``doc`` text is extracted with the ``antiword`` or ``catdoc`` command when one is on ``PATH``;
without either, :func:`extract_text` returns ``""`` for ``doc`` (the platform then has no
full-text for it, which callers should surface). ``doc`` metadata cannot be removed here
(:func:`metadata_strippable` is ``False``): ask for DOCX or PDF for proactive publication.

Everything derived from a file is bounded by :class:`Limits` (decompression bombs): the
uncompressed size of each zip member and of all of them (read from the zip headers first, then
counted while inflating, since headers can lie), the number of PDF pages, the extracted text
(cut, and the cut reported) and the size of the HTML. Time and memory are bounded by running
the work in a child process (:mod:`gongkai.lib.filework`).

Every function takes and returns bytes; none touches the file system except the temporary
file handed to antiword/catdoc. Pure Python: no Django.
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
import subprocess
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path
from typing import Any

import docx
import mammoth
import pypdf
from docx.document import Document as DocxDocument
from lxml import etree
from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

__all__ = [
    "ALLOWED",
    "DEFAULT_LIMITS",
    "Extracted",
    "FileRejected",
    "Limits",
    "docx_to_html",
    "extract",
    "extract_text",
    "metadata_strippable",
    "residual_metadata",
    "sanitise_html",
    "sniff_kind",
    "strip_metadata",
    "validate_upload",
]

ALLOWED = frozenset({"docx", "pdf", "doc"})

# antiword/catdoc must not hang a worker on a hostile file.
DOC_CONVERTER_TIMEOUT_SECONDS = 30
_MIB = 1024 * 1024
_ZIP_CHUNK = 256 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds on everything derived from one file (issue 16: decompression bombs).

    A 1 MB DOCX can inflate to hundreds of MB of XML and text; every derived quantity is
    therefore capped. ``max_seconds`` and ``max_memory_bytes`` are enforced by
    :mod:`gongkai.lib.filework`, which runs the work in a child process.
    """

    max_member_bytes: int = 32 * _MIB  # uncompressed size of one zip member
    max_total_bytes: int = 64 * _MIB  # uncompressed size of all zip members
    max_members: int = 2000
    max_pages: int = 2000  # PDF pages
    max_text_chars: int = 2_000_000  # extracted text kept (the rest is cut, and reported)
    max_html_chars: int = 8_000_000  # online-reading HTML
    max_seconds: float = 20.0
    max_memory_bytes: int = 1536 * _MIB


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Extracted:
    """Text of a file; ``truncated`` when it was cut at ``Limits.max_text_chars``."""

    text: str
    truncated: bool
    pages: int | None = None


_MESSAGES = {
    "empty": "文件为空，请重新选择文件。",
    "too_large": "文件过大，超过了允许的大小。",
    "bad_type": "文件类型不允许：仅支持 DOCX、PDF 和 DOC 格式。",
    "mismatch": "文件内容与扩展名不符，请确认文件格式后重新上传。",
    "corrupt": "文件已损坏或无法读取。",
    "encrypted": "文件已加密或设置了打开密码，无法处理；请上传未加密的文件。",
    "expands": "文件解压后过大，疑似异常文件（压缩炸弹），已拒绝。",
    "too_many_pages": "PDF 页数过多，超过了允许的页数。",
    "too_complex": "文件过于复杂，无法在限定的时间或内存内处理。",
}

_PDF_MAGIC = b"%PDF-"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_MAGIC = b"PK\x03\x04"
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # directory entry of a Word 97–2003 file
_DOCX_MAIN = "word/document.xml"
_DOCX_MAIN_CONTENT_TYPE = b"wordprocessingml.document.main+xml"
_MACRO_CONTENT_TYPE_RE = re.compile(rb"ms-word\.[a-z]+\.macroEnabled", re.IGNORECASE)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_APP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# Parts removed outright: custom properties, comments (批注) and their author list.
_DROPPED_PARTS = frozenset(
    {
        "docProps/custom.xml",
        "word/comments.xml",
        "word/commentsExtended.xml",
        "word/commentsIds.xml",
        "word/commentsExtensible.xml",
        "word/people.xml",
    }
)
# Parts removed by prefix: custom XML data (customXml/item1.xml, its itemProps and rels), the
# glossary document (word/glossary/…, building blocks) and the package thumbnail.
_DROPPED_PREFIXES = ("customXml/", "word/glossary/", "docProps/thumbnail")
_CORE_KEPT = frozenset({f"{_DC}title", f"{_DC}language"})
_APP_DROPPED = frozenset(
    {f"{_APP}Company", f"{_APP}Manager", f"{_APP}HyperlinkBase", f"{_APP}TotalTime"}
)
_SETTINGS_DROPPED = frozenset(
    {f"{_W}rsids", f"{_W}trackRevisions", f"{_W}attachedTemplate", f"{_W}docVars"}
)
_REL_TYPES_DROPPED = ("/attachedTemplate",)

# Tracked changes: containers whose content is deleted, containers that are unwrapped, and
# bookkeeping elements (formatting-change history, move ranges, comment anchors, session ids)
# that are simply removed.
_REMOVED_CONTAINERS = frozenset({f"{_W}del", f"{_W}moveFrom"})
_UNWRAPPED_CONTAINERS = frozenset({f"{_W}ins", f"{_W}moveTo"})
_REMOVED_MARKERS = frozenset(
    f"{_W}{name}"
    for name in [
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblPrExChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
        "customXmlInsRangeStart",
        "customXmlInsRangeEnd",
        "customXmlDelRangeStart",
        "customXmlDelRangeEnd",
        "customXmlMoveFromRangeStart",
        "customXmlMoveFromRangeEnd",
        "customXmlMoveToRangeStart",
        "customXmlMoveToRangeEnd",
        "cellIns",
        "cellMerge",
        "commentRangeStart",
        "commentRangeEnd",
        "rsid",  # editing-session id on styles and numbering definitions
        "dataBinding",  # content-control binding to a customXml part, which is removed
    ]
)
_PROPERTY_PARENTS = frozenset({f"{_W}rPr", f"{_W}trPr", f"{_W}tcPr", f"{_W}pPr"})


def _xml_parser() -> etree.XMLParser:
    # One parser per call: lxml parsers must not be shared between threads.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class FileRejected(ValueError):
    """An upload that cannot be accepted. ``code`` is stable; the message is Chinese.

    Codes: ``empty``, ``too_large``, ``bad_type``, ``mismatch``, ``corrupt``, ``encrypted``,
    ``expands`` (inflates past :class:`Limits`), ``too_many_pages``, ``too_complex`` (ran out
    of time or memory).
    """

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        super().__init__(message or _MESSAGES[code])


def metadata_strippable(kind: str) -> bool:
    """True if :func:`strip_metadata` can clean files of this kind (not ``doc``)."""
    return kind in {"docx", "pdf"}


# ---------------------------------------------------------------------------------------------
# Type detection and validation


def _extension(filename: str) -> str:
    name = re.split(r"[/\\]", filename)[-1]
    return name.rpartition(".")[2].lower().strip() if "." in name else ""


def _open_zip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """Open a zip after checking the sizes its central directory declares."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise FileRejected("corrupt") from exc
    members = archive.infolist()
    if (
        len(members) > limits.max_members
        or any(info.file_size > limits.max_member_bytes for info in members)
        or sum(info.file_size for info in members) > limits.max_total_bytes
    ):
        archive.close()
        raise FileRejected("expands")
    return archive


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, budget: list[int]
) -> bytes:
    """Inflate one member, counting the bytes as they come: a member that produces more
    than it declared, more than ``max_member_bytes``, or more than the ``budget`` left for
    the whole archive is refused before it is held in memory."""
    allowed = min(info.file_size, limits.max_member_bytes)
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_ZIP_CHUNK):
                size += len(chunk)
                if size > allowed or size > budget[0]:
                    raise FileRejected("expands")
                chunks.append(chunk)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise FileRejected("corrupt") from exc
    budget[0] -= size
    return b"".join(chunks)


def _read_zip(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """Every member of a zip, inflated under :class:`Limits` (headers checked first)."""
    budget = [limits.max_total_bytes]
    with _open_zip(data, limits) as archive:
        return [(info, _read_member(archive, info, limits, budget)) for info in archive.infolist()]


def _zip_kind(data: bytes, limits: Limits) -> str | None:
    """``docx`` for a WordprocessingML package without macros, else ``None``."""
    with _open_zip(data, limits) as archive:
        names = set(archive.namelist())
        try:
            content_types = archive.read("[Content_Types].xml")
        except (KeyError, zipfile.BadZipFile, OSError, ValueError):
            return None
    if "word/vbaProject.bin" in names or _MACRO_CONTENT_TYPE_RE.search(content_types):
        return None  # .docm/.dotm renamed to .docx: macros are never accepted
    if _DOCX_MAIN in names or _DOCX_MAIN_CONTENT_TYPE in content_types:
        return "docx"
    return None


def _content_kind(data: bytes, limits: Limits) -> str | None:
    if data.startswith(_PDF_MAGIC):
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        # OLE2 also carries .xls, .ppt and .msg; a Word file has a WordDocument stream.
        return "doc" if _WORD_STREAM in data else None
    if data.startswith(_ZIP_MAGIC):
        return _zip_kind(data, limits)
    return None


def sniff_kind(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Return the kind (``docx``/``pdf``/``doc``) when extension and content agree.

    Raises :class:`FileRejected`: ``bad_type`` for an extension outside :data:`ALLOWED`,
    ``empty`` for no data, ``corrupt`` for a ``.docx`` that is not a readable zip,
    ``mismatch`` when the content is not what the extension claims (a zip named ``.pdf``,
    a macro-enabled ``.docm`` named ``.docx``, an Excel file named ``.doc`` …).
    """
    extension = _extension(filename)
    if extension not in ALLOWED:
        raise FileRejected("bad_type")
    if not data:
        raise FileRejected("empty")
    try:
        kind = _content_kind(data, limits)
    except FileRejected as exc:
        if extension == "docx" or exc.code != "corrupt":
            raise
        kind = None
    if kind != extension:
        raise FileRejected("mismatch")
    return extension


def validate_upload(
    data: bytes, filename: str, max_bytes: int, limits: Limits = DEFAULT_LIMITS
) -> str:
    """Check size, type and readability of an upload; return its kind or raise FileRejected.

    A DOCX is inflated member by member under ``limits`` (``expands`` past them); a PDF may
    not have more than ``limits.max_pages`` pages (``too_many_pages``).
    """
    if len(data) > max_bytes:
        limit = (
            f"{max_bytes / (1024 * 1024):.1f} MB"
            if max_bytes >= 1024 * 1024
            else f"{max_bytes} 字节"
        )
        raise FileRejected("too_large", f"文件过大：不能超过 {limit}。")
    kind = sniff_kind(data, filename, limits)
    if kind == "docx":
        _read_zip(data, limits)
        _open_docx(data, limits)
    elif kind == "pdf":
        _open_pdf(data, limits)
    return kind


# ---------------------------------------------------------------------------------------------
# Text extraction


def _open_docx(data: bytes, limits: Limits = DEFAULT_LIMITS) -> DocxDocument:
    # Size guard before python-docx inflates parts. Python's zipfile never returns more than
    # a member's declared size (a longer stream fails its CRC check), so the declared sizes
    # checked here bound what python-docx can read.
    _open_zip(data, limits).close()
    try:
        return docx.Document(BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many types on bad packages
        raise FileRejected("corrupt") from exc


def _open_pdf(data: bytes, limits: Limits = DEFAULT_LIMITS) -> pypdf.PdfReader:
    try:
        reader = pypdf.PdfReader(BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FileRejected("encrypted")
        if len(reader.pages) > limits.max_pages:  # also forces the page tree to be read
            raise FileRejected("too_many_pages", f"PDF 页数过多：不能超过 {limits.max_pages} 页。")
    except FileRejected:
        raise
    except (DependencyError, NotImplementedError, FileNotDecryptedError) as exc:
        raise FileRejected("encrypted") from exc  # e.g. AES without the cryptography package
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise FileRejected("corrupt") from exc
    except RecursionError as exc:  # pathologically nested objects
        raise FileRejected("corrupt") from exc
    return reader


# Elements that only wrap content (content controls, custom XML, smart tags): look inside.
_WRAPPERS = frozenset(
    {f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}smartTag", f"{_W}hyperlink"}
)
# Subtrees without reading text: properties (their w:tab are tab stops), text boxes (drawn
# outside the flow, and duplicated in mc:Fallback), field instructions.
_TEXT_SKIPPED = frozenset(
    {
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}sdtPr",
        f"{_W}txbxContent",
        f"{_W}instrText",
        "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
    }
)


def _inline_text(element: Any, parts: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag not in _TEXT_SKIPPED:
            _inline_text(child, parts)


def _unwrapped(element: Any, tag: str) -> Iterator[Any]:
    """Children of ``element`` with ``tag``, looking through content controls and the like."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _unwrapped(child, tag)


def _block_texts(container: Any) -> Iterator[str]:
    """Paragraphs and tables in document order; a table row gives tab-separated cells."""
    for child in container:
        if child.tag == f"{_W}p":
            parts: list[str] = []
            _inline_text(child, parts)
            yield "".join(parts)
        elif child.tag == f"{_W}tbl":
            for row in _unwrapped(child, f"{_W}tr"):
                cells = _unwrapped(row, f"{_W}tc")
                yield "\t".join("\n".join(_block_texts(cell)) for cell in cells)
        elif child.tag in _WRAPPERS:
            yield from _block_texts(child)


class _TextBudget:
    """Collects text pieces up to ``limit`` characters; ``truncated`` once something is cut."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[str] = []
        self.size = 0
        self.truncated = False

    def add(self, piece: str, separator: str = "\n") -> bool:
        """Append ``piece`` (after ``separator`` unless first); False once the budget is spent."""
        if self.parts:
            piece = separator + piece
        room = self.limit - self.size
        if len(piece) > room:
            self.parts.append(piece[:room])
            self.size = self.limit
            self.truncated = True
            return False
        self.parts.append(piece)
        self.size += len(piece)
        return True

    def text(self) -> str:
        return "".join(self.parts)


def _docx_text(data: bytes, limits: Limits) -> Extracted:
    document = _open_docx(data, limits)
    # Read the text as it would be after accepting all tracked changes (修订).
    _clean_story(document.element)
    budget = _TextBudget(limits.max_text_chars)
    for block in _block_texts(document.element.body):
        if not budget.add(block):
            break
    return Extracted(budget.text(), budget.truncated)


def _pdf_text(data: bytes, limits: Limits) -> Extracted:
    reader = _open_pdf(data, limits)
    budget = _TextBudget(limits.max_text_chars)
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one malformed page must not lose the others
            text = ""
        if not budget.add(text):
            break
    return Extracted(budget.text(), budget.truncated, pages=len(reader.pages))


def _doc_text(data: bytes) -> str:
    """Text of a Word 97–2003 file via antiword or catdoc; ``""`` if neither is installed."""
    commands = [
        ("antiword", ["-m", "UTF-8.txt", "-w", "0"]),
        ("catdoc", ["-d", "utf-8", "-w"]),
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "upload.doc"
        path.write_bytes(data)
        for name, options in commands:
            executable = shutil.which(name)
            if executable is None:
                continue
            try:
                result = subprocess.run(  # noqa: S603 - fixed executable, no shell
                    [executable, *options, str(path)],
                    capture_output=True,
                    timeout=DOC_CONVERTER_TIMEOUT_SECONDS,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired):
                continue
            if result.returncode == 0:
                return result.stdout.decode("utf-8", errors="replace")
    return ""


def extract(data: bytes, kind: str, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    """Plain text of an attachment, for full-text search and accessibility, cut at
    ``limits.max_text_chars`` (``Extracted.truncated`` then says so).

    DOCX: body paragraphs and tables in order, tracked changes accepted (text boxes, headers
    and footers are not included). PDF: the text layer of each page (no OCR: scanned PDFs
    give ``""``). DOC: see the module docstring. Raises :class:`FileRejected` (``corrupt``,
    ``encrypted``, ``expands``, ``too_many_pages``) only when the file cannot be read at all.
    """
    if kind == "docx":
        return _docx_text(data, limits)
    if kind == "pdf":
        return _pdf_text(data, limits)
    if kind == "doc":
        text = _doc_text(data)
        cut = len(text) > limits.max_text_chars
        return Extracted(text[: limits.max_text_chars], cut)
    raise FileRejected("bad_type")


def extract_text(data: bytes, kind: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """The text of :func:`extract` alone."""
    return extract(data, kind, limits).text


# ---------------------------------------------------------------------------------------------
# Metadata removal


def _remove(element: Any) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)


def _unwrap(element: Any) -> None:
    for child in list(element):
        element.addprevious(child)
    _remove(element)


def _accept_revision_markers(root: Any) -> None:
    """Resolve change *markers* that live inside property elements (w:rPr, w:trPr, w:tcPr)."""
    for marker in list(root.iter(f"{_W}ins", f"{_W}del", f"{_W}cellDel")):
        parent = marker.getparent()
        if parent is None or parent.tag not in _PROPERTY_PARENTS:
            continue
        owner = parent.getparent()
        if marker.tag == f"{_W}del" and parent.tag == f"{_W}trPr" and owner is not None:
            _remove(owner)  # deleted table row
        elif marker.tag == f"{_W}cellDel" and owner is not None:
            _remove(owner)  # deleted table cell
        else:
            _remove(marker)  # inserted row/paragraph mark, deleted paragraph mark


def _clean_story(root: Any) -> None:
    """Accept tracked changes, drop comment anchors and rsid session ids, in place."""
    _accept_revision_markers(root)
    for element in list(root.iter(*_REMOVED_CONTAINERS, *_REMOVED_MARKERS)):
        _remove(element)
    for element in list(root.iter(*_UNWRAPPED_CONTAINERS)):
        _unwrap(element)
    for reference in list(root.iter(f"{_W}commentReference")):
        run = reference.getparent()
        if (
            run is not None
            and run.tag == f"{_W}r"
            and all(child.tag in {f"{_W}rPr", f"{_W}commentReference"} for child in run)
        ):
            _remove(run)
        else:
            _remove(reference)
    for element in root.iter():
        for attribute in [name for name in element.attrib if name.startswith(f"{_W}rsid")]:
            del element.attrib[attribute]


def _clean_core(root: Any) -> None:
    for child in list(root):
        if child.tag not in _CORE_KEPT:
            root.remove(child)
    revision = etree.SubElement(root, f"{_CP}revision")
    revision.text = "1"


def _clean_children(root: Any, dropped: frozenset[str]) -> None:
    for child in list(root):
        if child.tag in dropped:
            root.remove(child)
    _clean_story(root)


def _rels_base(rels_name: str) -> str:
    # word/_rels/document.xml.rels describes word/document.xml: targets are relative to word/.
    return posixpath.dirname(posixpath.dirname(rels_name))


def _clean_rels(root: Any, rels_name: str, removed: set[str]) -> None:
    base = _rels_base(rels_name)
    for rel in list(root.iter(f"{_REL}Relationship")):
        target = rel.get("Target", "")
        if rel.get("Type", "").endswith(_REL_TYPES_DROPPED):
            root.remove(rel)
        elif rel.get("TargetMode") != "External":
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            if posixpath.normpath(path) in removed:
                root.remove(rel)


def _clean_content_types(root: Any, removed: set[str]) -> None:
    for override in list(root.iter(f"{_CT}Override")):
        if override.get("PartName", "").lstrip("/") in removed:
            root.remove(override)


_XML_CLEANERS_BY_NAME = frozenset({"[Content_Types].xml", "docProps/core.xml", "docProps/app.xml"})


def _clean_part(name: str, payload: bytes, removed: set[str]) -> bytes:
    is_story = name.startswith("word/") and name.endswith(".xml")
    if not (name.endswith(".rels") or is_story or name in _XML_CLEANERS_BY_NAME):
        return payload
    root = etree.fromstring(payload, _xml_parser())
    if name.endswith(".rels"):
        _clean_rels(root, name, removed)
    elif name == "[Content_Types].xml":
        _clean_content_types(root, removed)
    elif name == "docProps/core.xml":
        _clean_core(root)
    elif name == "docProps/app.xml":
        _clean_children(root, _APP_DROPPED)
    elif name == "word/settings.xml":
        _clean_children(root, _SETTINGS_DROPPED)
    else:
        _clean_story(root)
    cleaned: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return cleaned


def _dropped_part(name: str) -> bool:
    return name in _DROPPED_PARTS or name.startswith(_DROPPED_PREFIXES)


def _strip_docx(data: bytes, limits: Limits) -> bytes:
    members = _read_zip(data, limits)
    removed = {info.filename for info, _payload in members if _dropped_part(info.filename)}
    output = BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info, payload in members:
            if info.filename in removed:
                continue
            try:
                cleaned = _clean_part(info.filename, payload, removed)
            except etree.XMLSyntaxError as exc:
                raise FileRejected("corrupt") from exc
            # A fixed timestamp: zip entry dates would otherwise reveal when the file was saved.
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, cleaned)
    return output.getvalue()


# PDF keys that carry scripts, automatic actions or embedded files, removed wherever they occur:
# document JavaScript (/Names /JavaScript, /JS), the open action, additional actions (/AA on
# the catalog, pages, annotations and form fields), embedded files (/Names /EmbeddedFiles,
# /EF of file specifications) and XFA forms (which carry their own scripts).
_PDF_DROPPED_KEYS = frozenset(
    {"/JS", "/JavaScript", "/OpenAction", "/AA", "/EmbeddedFiles", "/EF", "/XFA", "/RichMedia"}
)
# Actions that run code, start programs, send data or open embedded content.
_PDF_UNSAFE_ACTIONS = frozenset(
    {
        "/JavaScript",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/GoToE",
        "/Rendition",
        "/RichMediaExecute",
    }
)
_PDF_ACTION_KEYS = frozenset({"/A", "/Next"})
_PDF_DROPPED_ANNOTATIONS = frozenset({"/FileAttachment", "/RichMedia", "/Screen", "/Movie"})


def _pdf_unsafe_item(item: Any) -> bool:
    """An unsafe action, or an annotation that carries a file or a player."""
    value = item.get_object() if isinstance(item, IndirectObject) else item
    if not isinstance(value, DictionaryObject):
        return False
    return (
        value.get("/S") in _PDF_UNSAFE_ACTIONS or value.get("/Subtype") in _PDF_DROPPED_ANNOTATIONS
    )


def _pdf_walk(root: Any, *, remove: bool) -> set[str]:
    """Visit every object reachable from ``root`` (iteratively: outlines and page trees can be
    deep); return the unsafe keys and actions found, removing them when ``remove``."""
    found: set[str] = set()
    stack = [root]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        value = item.get_object() if isinstance(item, IndirectObject) else item
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, DictionaryObject):
            for key in list(value.keys()):
                raw = value.raw_get(key)
                if key in _PDF_DROPPED_KEYS or (key in _PDF_ACTION_KEYS and _pdf_unsafe_item(raw)):
                    found.add(key)
                    if remove:
                        del value[key]
                    continue
                stack.append(raw)
        elif isinstance(value, ArrayObject):
            for index in reversed(range(len(value))):
                if _pdf_unsafe_item(value[index]):
                    found.add("action")
                    if remove:
                        del value[index]
                    continue
                stack.append(value[index])
    return found


def _pdf_drop_unreachable(writer: pypdf.PdfWriter) -> None:
    """Free every object not reachable from the catalog: the XMP streams, scripts and
    embedded files cut off above would otherwise still be written out. (pypdf's
    ``compress_identical_objects(remove_unreferenced=True)`` keeps an object that an
    unreachable object refers to, such as the file stream of a removed file specification.)"""
    reachable: set[int] = set()
    stack: list[Any] = [writer.root_object.indirect_reference]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if item.pdf is not writer or item.idnum in reachable:
                continue
            reachable.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            stack.extend(item.raw_get(key) for key in item)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    objects = writer._objects  # noqa: SLF001 - pypdf has no public way to free objects
    for index in range(len(objects)):
        if index + 1 not in reachable:
            objects[index] = None


def _strip_pdf(data: bytes, limits: Limits) -> bytes:
    reader = _open_pdf(data, limits)
    writer = pypdf.PdfWriter()
    # Cloning the document root (not the trailer) leaves /Info behind; the rewrite also drops
    # incremental updates, which can hold earlier versions of the text.
    writer.clone_reader_document_root(reader)
    writer.metadata = None
    # XMP streams and application private data on the catalog and on each page.
    for holder in (writer.root_object, *writer.pages):
        for key in ("/Metadata", "/PieceInfo"):
            if key in holder:
                del holder[key]
    _pdf_walk(writer.root_object, remove=True)
    _pdf_drop_unreachable(writer)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def strip_metadata(data: bytes, kind: str, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Return a copy of the file without personal and editing metadata, and without content
    that runs or hides: check the result with :func:`residual_metadata`.

    DOCX: core properties cleared except title and language (author, last modified by,
    comments/description, keywords, dates…; revision set to 1); ``docProps/custom.xml`` removed;
    Company, Manager, HyperlinkBase and TotalTime removed from ``app.xml``; comments (批注) and
    their author list removed; tracked changes (修订) accepted — insertions kept, deletions
    dropped, formatting-change history removed; rsid session ids, the attached-template path and
    document variables removed; custom XML data parts (``customXml/``, often the OA system's
    record: drafter, routing, file numbers) removed and content controls unbound from them (they
    keep the text they show); the glossary document (building blocks: 自动图文集 text that
    never shows in the body) and the thumbnail (``docProps/thumbnail.*``, a picture of the first
    page as last saved) removed; zip timestamps fixed. Embedded images keep their own EXIF data.

    PDF: rewritten without the document information dictionary (/Info) and without XMP
    (/Metadata) on the catalog and the pages; earlier incremental revisions are discarded;
    JavaScript (/Names /JavaScript, /JS, JavaScript actions), the open action (/OpenAction),
    additional actions (/AA), launch/submit/import actions, embedded files (/EmbeddedFiles,
    /EF, file-attachment annotations), multimedia annotations and XFA forms are removed.

    DOC: returned unchanged (see :func:`metadata_strippable`); :func:`residual_metadata` says so.
    """
    if kind == "docx":
        return _strip_docx(data, limits)
    if kind == "pdf":
        return _strip_pdf(data, limits)
    if kind == "doc":
        return data
    raise FileRejected("bad_type")


RESIDUAL_DOC = "DOC（Word 97–2003）格式无法清除作者、单位、修订记录等元数据"
_RESIDUAL_DOCX_PARTS = [
    (("docProps/custom.xml",), "自定义文档属性"),
    (("word/comments",), "批注"),
    (("word/people.xml",), "批注作者名单"),
    (("customXml/",), "自定义 XML 数据"),
    (("word/glossary/",), "文档部件（自动图文集）"),
    (("docProps/thumbnail",), "缩略图"),
]
_RESIDUAL_PDF = {
    "/JS": "JavaScript 脚本",
    "/JavaScript": "JavaScript 脚本",
    "/OpenAction": "打开时自动执行的动作",
    "/AA": "自动执行的动作",
    "/EmbeddedFiles": "嵌入文件",
    "/EF": "嵌入文件",
    "/XFA": "XFA 表单",
    "/RichMedia": "多媒体内容",
    "/A": "可执行动作",
    "/Next": "可执行动作",
    "action": "可执行动作或嵌入文件",
}


def _docx_residual(data: bytes, limits: Limits) -> list[str]:
    found: list[str] = []
    members = {info.filename: payload for info, payload in _read_zip(data, limits)}
    for prefixes, label in _RESIDUAL_DOCX_PARTS:
        if any(name.startswith(prefixes) for name in members):
            found.append(label)
    core = members.get("docProps/core.xml")
    if core is not None:
        root = etree.fromstring(core, _xml_parser())
        kept = _CORE_KEPT | {f"{_CP}revision"}
        if any(child.tag not in kept for child in root):
            found.append("作者、修改者等文档属性")
    return found


def _pdf_residual(data: bytes, limits: Limits) -> list[str]:
    reader = _open_pdf(data, limits)
    found = []
    if reader.metadata is not None:
        found.append("文档信息（作者、创建程序等）")
    if "/Metadata" in reader.root_object:
        found.append("XMP 元数据")
    keys = _pdf_walk(reader.trailer["/Root"], remove=False)
    found += sorted({_RESIDUAL_PDF[key] for key in keys})
    return found


def residual_metadata(data: bytes, kind: str, limits: Limits = DEFAULT_LIMITS) -> list[str]:
    """What :func:`strip_metadata` removes but ``data`` still holds, as Chinese labels for the
    staff page (``[]`` when clean). Run it on the stripped copy: it tells the truth about
    what will be published."""
    if kind == "docx":
        return _docx_residual(data, limits)
    if kind == "pdf":
        return _pdf_residual(data, limits)
    if kind == "doc":
        return [RESIDUAL_DOC]
    raise FileRejected("bad_type")


# ---------------------------------------------------------------------------------------------
# HTML for online reading

_ALLOWED_TAGS = frozenset(
    [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "em",
        "u",
        "s",
        "sub",
        "sup",
        "a",
        "ul",
        "ol",
        "li",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "td",
        "th",
        "br",
        "img",
        "blockquote",
        "pre",
        "code",
    ]
)
_VOID_TAGS = frozenset({"br", "img"})
_DROP_CONTENT_TAGS = frozenset({"script", "style", "iframe", "object", "embed", "template"})
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "id"},
    "li": {"id"},
    "p": {"id"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "img": {"src", "alt"},
}
HTML_ID_PREFIX = "att-"
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_SAFE_IMAGE_RE = re.compile(r"^data:image/(?:png|jpeg|gif|bmp|webp);base64,[a-z0-9+/=\s]*$", re.I)
_CONTROL_CHARS_RE = re.compile(r"[\x00-\x20\x7f]+")
_SPAN_RE = re.compile(r"^[1-9][0-9]{0,2}$")


def _safe_attribute(tag: str, name: str, value: str) -> str | None:
    if name == "href":
        compact = _CONTROL_CHARS_RE.sub("", value).lower()
        scheme = _SCHEME_RE.match(compact)
        return value if scheme is None or scheme[1] in _SAFE_SCHEMES else None
    if name == "src":
        return value if _SAFE_IMAGE_RE.match(value) else None
    if name in {"colspan", "rowspan"}:
        return value if _SPAN_RE.match(value) else None
    return value


class _Sanitiser(HTMLParser):
    """Rebuilds HTML from an allow-list: unknown tags are dropped (their text kept, except for
    script-like tags), attributes are filtered, and all text is re-escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip_depth = 0

    def _open(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = []
        for name, value in attrs:
            if name in _ALLOWED_ATTRIBUTES.get(tag, set()) and value is not None:
                safe = _safe_attribute(tag, name, value)
                if safe is not None:
                    kept.append(f' {name}="{html.escape(safe, quote=True)}"')
        if tag == "img" and not any(part.startswith(" src=") for part in kept):
            return
        if tag == "a" and any(p.startswith(' href="http') for p in kept):
            kept.append(' rel="noopener noreferrer nofollow"')
        self.parts.append(f"<{tag}{''.join(kept)}>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_CONTENT_TAGS:
            self._skip_depth += 1
        elif tag in _ALLOWED_TAGS and not self._skip_depth:
            self._open(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ALLOWED_TAGS and not self._skip_depth:
            self._open(tag, attrs)
            if tag not in _VOID_TAGS:
                self.parts.append(f"</{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_CONTENT_TAGS:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in _ALLOWED_TAGS and tag not in _VOID_TAGS and not self._skip_depth:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self.parts.append(html.escape(data, quote=False))


def sanitise_html(markup: str) -> str:
    """Reduce ``markup`` to the allow-listed tags and attributes that mammoth produces."""
    parser = _Sanitiser()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)


def docx_to_html(data: bytes, limits: Limits = DEFAULT_LIMITS) -> str:
    """Convert a DOCX to HTML (mammoth) for reading online, then sanitise the result.

    mammoth escapes text, but hyperlink targets come from the document (``javascript:`` URLs)
    and an embedded style map could name arbitrary elements, so the embedded style map is
    ignored, external files are never read, and the output passes :func:`sanitise_html`.
    Element ids (footnotes, bookmarks) get :data:`HTML_ID_PREFIX` so that they cannot clobber
    names the page's own scripts use.
    """
    _open_zip(data).close()
    try:
        result = mammoth.convert_to_html(
            BytesIO(data),
            include_embedded_style_map=False,
            external_file_access=False,
            id_prefix=HTML_ID_PREFIX,
        )
    except Exception as exc:  # noqa: BLE001 - any converter failure means an unreadable file
        raise FileRejected("corrupt") from exc
    if len(result.value) > limits.max_html_chars:
        raise FileRejected("too_large", "转换后的内容过大，无法在线阅读。")
    return sanitise_html(result.value)
