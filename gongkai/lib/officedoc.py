"""Official-document output shared by every module: DOCX laid out as a 公文 (GB/T 9704-2012)
with python-docx, and PDF from self-contained HTML with WeasyPrint (CJK fonts embedded).

Word picks the East Asian font of a run from ``w:rFonts/@w:eastAsia``; python-docx's
``font.name`` sets only the Latin ones, so every run (and the Normal style) gets it set
explicitly: 仿宋_GB2312 for the text, 宋体 for titles, 黑体 for first-level headings. Fonts
are referenced, not embedded; the font table names Noto Serif CJK SC as the alternative
(``w:altName``) for machines without the official fonts (LibreOffice on Linux).

WeasyPrint needs Debian's pango (libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0) and
a CJK font (fonts-noto-cjk); it is imported when a PDF is first made, so the rest of the
application runs without it. Pure Python: no Django.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = [
    "BODY_FONT",
    "BODY_SIZE",
    "FALLBACK_FONT",
    "HEADING_FONT",
    "LATIN_FONT",
    "LINE",
    "TITLE_FONT",
    "TITLE_SIZE",
    "PdfUnavailable",
    "new_document",
    "paragraph",
    "render_html_pdf",
    "save",
    "set_fonts",
]

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
FALLBACK_FONT = "Noto Serif CJK SC"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
LINE = Pt(28.9)  # 22 lines in the 225 mm 版心


def set_fonts(run: Run, east_asia: str, size: Length, *, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def paragraph(
    document: DocxDocument,
    text: str,
    *,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent: bool = False,
    east_asia: str = BODY_FONT,
    size: Length = BODY_SIZE,
    bold: bool = False,
    right_indent: Length | None = None,
    space_after: Length | None = None,
) -> Paragraph:
    """One paragraph at the 公文 line pitch (exactly 28.9 pt for 三号 text)."""
    para = document.add_paragraph()
    fmt = para.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE if size == BODY_SIZE else Pt(size.pt * 1.5)
    fmt.space_before = Pt(0)
    fmt.space_after = space_after if space_after is not None else Pt(0)
    if align is not None:
        para.alignment = align
    if indent:
        fmt.first_line_indent = Pt(BODY_SIZE.pt * 2)  # 首行缩进两字
    if right_indent is not None:
        fmt.right_indent = right_indent
    if text:
        set_fonts(para.add_run(text), east_asia, size, bold=bold)
    return para


_FONT_ENTRY = (
    '<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
    '<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
)


def _declare_fallbacks(document: DocxDocument) -> None:
    part = document.part.part_related_by(RT.FONT_TABLE)
    xml = part.blob.decode("utf-8")
    entries = "".join(
        _FONT_ENTRY.format(name=name, alt=FALLBACK_FONT, family=family)
        for name, family in ((BODY_FONT, "modern"), (TITLE_FONT, "roman"), (HEADING_FONT, "swiss"))
        if f'w:name="{name}"' not in xml
    )
    xml = re.sub(r"</w:fonts>\s*$", entries + "</w:fonts>", xml)
    # python-docx loads the font table as a plain Part; its bytes are what gets saved.
    part._blob = xml.encode("utf-8")


def _page(document: DocxDocument) -> None:
    # GB/T 9704-2012 §5.2: A4, 天头 37 mm, 订口 28 mm, 版心 156 mm × 225 mm.
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), BODY_FONT)


def new_document(*, title: str, author: str) -> DocxDocument:
    """An empty 公文 page (fonts, margins, fallbacks) with clean core properties."""
    document = Document()
    _page(document)
    _declare_fallbacks(document)
    props = document.core_properties
    props.title = title
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    return document


def save(document: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are missing."""


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    # Output is self-contained: nothing (fonts, images, style sheets) is fetched, so text
    # typed by staff or applicants can never make the server request a URL.
    raise ValueError(f"official documents fetch no resources: {url[:80]}")


def render_html_pdf(html: str) -> bytes:
    """PDF of a self-contained HTML page; the CJK fonts are embedded as subsets."""
    # WeasyPrint reports every layout step at INFO; that is noise in the server log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: pango missing
        raise PdfUnavailable(
            "生成PDF需要WeasyPrint及pango、fonts-noto-cjk系统组件，请联系系统管理员。"
        ) from exc
    pdf: bytes = HTML(string=html, base_url=None, url_fetcher=_no_fetch).write_pdf()
    return pdf
