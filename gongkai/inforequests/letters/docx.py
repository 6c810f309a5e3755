"""DOCX of a letter with python-docx, laid out as a 公文 (GB/T 9704-2012).

Word picks the East Asian font of a run from ``w:rFonts/@w:eastAsia``; python-docx's
``font.name`` sets only the Latin ones, so every run (and the Normal style) gets it set
explicitly: 仿宋_GB2312 for the text, 宋体 for the title. Fonts are referenced, not embedded;
the font table names Noto Serif CJK SC as the alternative (``w:altName``) for machines
without the official fonts (LibreOffice on Linux).
"""

from __future__ import annotations

import io
import re

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from gongkai.inforequests.letters.compose import LetterContent

__all__ = ["BODY_FONT", "FALLBACK_FONT", "TITLE_FONT", "render_docx"]

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "宋体"
FALLBACK_FONT = "Noto Serif CJK SC"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
LINE = Pt(28.9)  # 22 lines in the 225 mm 版心


def _fonts(run: Run, east_asia: str, size: Length, *, bold: bool = False) -> None:
    run.font.name = LATIN_FONT
    run.font.size = size
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asia)
    fonts.set(qn("w:hint"), "eastAsia")


def _paragraph(
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
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE if size == BODY_SIZE else Pt(size.pt * 1.5)
    fmt.space_before = Pt(0)
    fmt.space_after = space_after if space_after is not None else Pt(0)
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = Pt(BODY_SIZE.pt * 2)  # 首行缩进两字
    if right_indent is not None:
        fmt.right_indent = right_indent
    if text:
        _fonts(paragraph.add_run(text), east_asia, size, bold=bold)
    return paragraph


_FONT_ENTRY = (
    '<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
    '<w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
)


def _declare_fallbacks(document: DocxDocument) -> None:
    part = document.part.part_related_by(RT.FONT_TABLE)
    xml = part.blob.decode("utf-8")
    entries = "".join(
        _FONT_ENTRY.format(name=name, alt=FALLBACK_FONT, family=family)
        for name, family in ((BODY_FONT, "modern"), (TITLE_FONT, "roman"))
        if f'w:name="{name}"' not in xml
    )
    xml = re.sub(r"</w:fonts>\s*$", entries + "</w:fonts>", xml)
    # python-docx loads the font table as a plain Part; its bytes are what gets saved.
    part._blob = xml.encode("utf-8")  # type: ignore[attr-defined]


def _page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), BODY_FONT)


def render_docx(content: LetterContent) -> bytes:
    document = Document()
    _page(document)
    _declare_fallbacks(document)
    props = document.core_properties
    props.title = content.title
    props.author = content.signatory
    props.last_modified_by = content.signatory
    props.comments = ""
    props.keywords = ""
    _paragraph(
        document,
        content.title,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        east_asia=TITLE_FONT,
        size=TITLE_SIZE,
        bold=True,
        space_after=Pt(6),
    )
    _paragraph(
        document, content.reference_text, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=Pt(18)
    )
    if content.salutation:
        _paragraph(document, content.salutation)
    for text in content.paragraphs:
        _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=True)
    _paragraph(document, "")
    _paragraph(document, "")
    if content.seal:
        seal = _paragraph(
            document, "", align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=Pt(BODY_SIZE.pt * 4)
        )
        run = seal.add_run("（印章）")
        _fonts(run, BODY_FONT, Pt(12))
        run.font.color.rgb = RGBColor(0xB2, 0x22, 0x22)
    for line in (content.signatory, content.date_text):
        _paragraph(
            document, line, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=Pt(BODY_SIZE.pt * 4)
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
