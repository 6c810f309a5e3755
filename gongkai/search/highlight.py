"""Highlighted titles and snippets, built in Python from the stored entry text.

Everything is HTML-escaped except the ``<mark>`` elements added here. Matching follows the
index: the comparison is made on normalised text (gongkai.lib.segment.normalize), and a
term is marked where it occurs as a whole, or else where its words occur (a term found by
NEAR whose words are not adjacent in the text).
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from gongkai.lib.segment import Term, normalize

SNIPPET_CHARS = 120
_LEAD = 24  # characters shown before the first mark of a snippet


def _normalized_with_map(text: str) -> tuple[str, list[int] | None]:
    """The normalised text and, where lengths differ, the original index of every char."""
    normalized = normalize(text)
    if len(normalized) == len(text):
        return normalized, None
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        piece = normalize(char)
        pieces.append(piece)
        origin.extend([index] * len(piece))
    return "".join(pieces), origin


def _occurrences(haystack: str, needle: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = haystack.find(needle)
    while start >= 0 and len(spans) < 500:
        spans.append((start, start + len(needle)))
        start = haystack.find(needle, start + len(needle))
    return spans


def match_spans(text: str, terms: Sequence[Term]) -> list[tuple[int, int, int]]:
    """(start, end, term index) of the marks in ``text``, merged, in order."""
    normalized, origin = _normalized_with_map(text)
    found: list[tuple[int, int, int]] = []
    for number, term in enumerate(terms):
        spans = _occurrences(normalized, term.text)
        if not spans:
            words = {w for seg in term.segmentations for w in seg if len(w) > 1 or term.is_char}
            for word in sorted(words, key=len, reverse=True):
                spans += _occurrences(normalized, word)
        found += [(start, end, number) for start, end in spans]
    found.sort()
    merged: list[tuple[int, int, int]] = []
    for start, end, number in found:
        if merged and start <= merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, number))
    if origin is None:
        return merged
    # Back to offsets in the original text (a normalised char maps to its source char).
    return [(origin[s], origin[e - 1] + 1, n) for s, e, n in merged]


def _render(text: str, spans: Sequence[tuple[int, int, int]], start: int, end: int) -> str:
    out = []
    position = start
    for s, e, _n in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out.append(escape(text[position:s]))
        out.append(f"<mark>{escape(text[s:e])}</mark>")
        position = e
    out.append(escape(text[position:end]))
    return "".join(out)


def highlight(text: str, terms: Sequence[Term]) -> SafeString:
    """The whole text, escaped, with the terms marked."""
    return mark_safe(_render(text, match_spans(text, terms), 0, len(text)))  # noqa: S308


def _best_window(spans: Sequence[tuple[int, int, int]], width: int) -> int:
    """Start of the first window of ``width`` chars holding the most distinct terms."""
    counts: dict[int, int] = {}
    best_start, best_score = spans[0][0], 0
    j = 0
    for i, (start, _end, number) in enumerate(spans):
        j = max(j, i)
        while j < len(spans) and spans[j][1] <= start + width:
            counts[spans[j][2]] = counts.get(spans[j][2], 0) + 1
            j += 1
        score = sum(1 for count in counts.values() if count > 0)
        if score > best_score:
            best_start, best_score = start, score
        if j > i:  # span i was in the window; the next window starts after it
            counts[number] -= 1
    return best_start


def snippet(text: str, terms: Sequence[Term], size: int = SNIPPET_CHARS) -> SafeString:
    """A window of about ``size`` characters around the best cluster of marks."""
    flat = " ".join(text.split())
    spans = match_spans(flat, terms)
    if not spans:
        window = flat[:size]
        return mark_safe(escape(window) + ("…" if len(flat) > size else ""))  # noqa: S308
    best_start = _best_window(spans, size - _LEAD)
    start = max(0, best_start - _LEAD)
    end = min(len(flat), start + size)
    start = max(0, min(start, end - size))
    html = _render(flat, spans, start, end)
    return mark_safe(("…" if start > 0 else "") + html + ("…" if end < len(flat) else ""))  # noqa: S308
