"""Letters of a case (告知书): their wording, and rendering to DOCX and PDF.

- :mod:`.compose` drafts a letter's text from the case data (one template per kind, and for
  reply letters one per group of Table 3 outcomes with the same statutory wording);
- :mod:`.docx` and :mod:`.pdf` render a :class:`LetterContent` — the text staff may have
  edited — in the conventional layout (GB/T 9704 page, 仿宋 body, title, reference, addressee,
  organ and date, seal placeholder).

The templates live in this package (``letters/templates``), rendered by their own template
engines: plain text without autoescaping for the wording, HTML with autoescaping for the PDF.
"""

from gongkai.inforequests.letters.compose import (
    Draft,
    LetterContent,
    compose,
    format_reference,
    remedies,
    zh_date,
)

__all__ = ["Draft", "LetterContent", "compose", "format_reference", "remedies", "zh_date"]
