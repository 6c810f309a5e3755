"""PDF of a letter with WeasyPrint; the CJK fonts (fonts-noto-cjk) are embedded as subsets.

WeasyPrint needs Debian's pango (libpango-1.0-0, libpangoft2-1.0-0, libharfbuzz-subset0) and
a CJK font (fonts-noto-cjk); it is imported when a PDF is first made, so the rest of the app
runs without it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.template import Context, Engine

from gongkai.inforequests.letters.compose import TEMPLATES, LetterContent

__all__ = ["PdfUnavailable", "render_pdf"]

HTML_ENGINE = Engine(dirs=[str(TEMPLATES)], autoescape=True)


class PdfUnavailable(RuntimeError):
    """WeasyPrint or its system libraries are missing."""


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    # A letter is self-contained: nothing (fonts, images, style sheets) is fetched, so text
    # typed by staff or applicants can never make the server request a URL.
    raise ValueError(f"letters fetch no resources: {url[:80]}")


def letter_html(content: LetterContent) -> str:
    return HTML_ENGINE.get_template("letter.html").render(Context({"letter": content}))


def render_pdf(content: LetterContent) -> bytes:
    # WeasyPrint reports every layout step at INFO; that is noise in the server log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: pango missing
        raise PdfUnavailable(
            "生成PDF需要WeasyPrint及pango、fonts-noto-cjk系统组件，请联系系统管理员。"
        ) from exc
    document = HTML(string=letter_html(content), base_url=None, url_fetcher=_no_fetch)
    pdf: bytes = document.write_pdf()
    return pdf
