"""DOCX of a letter with python-docx, laid out as a 公文 (GB/T 9704-2012).

Word picks the East Asian font of a run from ``w:rFonts/@w:eastAsia``; python-docx's
``font.name`` sets only the Latin ones, so every run (and the Normal style) gets it set
explicitly: 仿宋_GB2312 for the text, 宋体 for the title. The page, fonts and fallbacks are
the shared :mod:`gongkai.lib.officedoc` (the annual report uses the same).
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from gongkai.inforequests.letters.compose import LetterContent
from gongkai.lib.officedoc import (
    BODY_FONT,
    BODY_SIZE,
    FALLBACK_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    new_document,
    save,
    set_fonts,
)
from gongkai.lib.officedoc import paragraph as _paragraph

__all__ = ["BODY_FONT", "FALLBACK_FONT", "TITLE_FONT", "render_docx"]


def render_docx(content: LetterContent) -> bytes:
    document = new_document(title=content.title, author=content.signatory)
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
        set_fonts(run, BODY_FONT, Pt(12))
        run.font.color.rgb = RGBColor(0xB2, 0x22, 0x22)
    for line in (content.signatory, content.date_text):
        _paragraph(
            document, line, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=Pt(BODY_SIZE.pt * 4)
        )
    return save(document)
