"""DOCX of a letter with python-docx, laid out as a 公文 (GB/T 9704-2012).

Word picks the East Asian font of a run from ``w:rFonts/@w:eastAsia``; python-docx's
``font.name`` sets only the Latin ones, so every run (and the Normal style) gets it set
explicitly: 仿宋_GB2312 for the text, 宋体 for the title. The page, fonts and fallbacks are
the shared :mod:`gongkai.lib.officedoc` (the annual report uses the same).
"""

from __future__ import annotations

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
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

__all__ = ["BODY_FONT", "FALLBACK_FONT", "TITLE_FONT", "WATERMARK", "render_docx"]

WATERMARK = "草稿"

# Word's own watermark: a VML WordArt shape (text path) in the page header, centred on the
# page and rotated, semi-transparent; it repeats on every page and prints (issue 15 §10).
_WATERMARK_XML = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">'
    "<w:pict>"
    '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"'
    ' path="m@7,l@8,m@5,21600l@6,21600e">'
    '<v:path textpathok="t" o:connecttype="custom"/>'
    '<v:textpath on="t" fitshape="t"/>'
    "</v:shapetype>"
    '<v:shape id="GongkaiDraftWatermark" o:spid="_x0000_s2049" type="#_x0000_t136"'
    ' style="position:absolute;margin-left:0;margin-top:0;width:360pt;height:180pt;'
    "rotation:315;z-index:-251657216;mso-position-horizontal:center;"
    "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
    'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#b22222" stroked="f">'
    '<v:fill opacity=".2"/>'
    '<v:textpath style="font-family:&quot;SimSun&quot;;font-size:1pt" string="{text}"/>'
    "</v:shape>"
    "</w:pict>"
    "</w:r>"
)


def _add_watermark(document: DocxDocument, text: str) -> None:
    header = document.sections[0].header
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    paragraph._p.append(parse_xml(_WATERMARK_XML.format(text=text)))


def render_docx(content: LetterContent) -> bytes:
    document = new_document(title=content.title, author=content.signatory)
    if content.draft:
        _add_watermark(document, WATERMARK)
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
