"""PDF of a letter with WeasyPrint (:func:`gongkai.lib.officedoc.render_html_pdf`): the CJK
fonts (fonts-noto-cjk) are embedded as subsets, nothing is fetched."""

from __future__ import annotations

from django.template import Context, Engine

from gongkai.inforequests.letters.compose import TEMPLATES, LetterContent
from gongkai.lib.officedoc import PdfUnavailable, render_html_pdf

__all__ = ["PdfUnavailable", "render_pdf"]

HTML_ENGINE = Engine(dirs=[str(TEMPLATES)], autoescape=True)


def letter_html(content: LetterContent) -> str:
    return HTML_ENGINE.get_template("letter.html").render(Context({"letter": content}))


def render_pdf(content: LetterContent) -> bytes:
    return render_html_pdf(letter_html(content))
