"""How much of a text is copied from other texts (避免简单摘抄).

A policy interpretation (政策解读) must explain the document — background, objectives, scope,
standards, what changed — and not merely excerpt or compress it (80号细则 二; domain.md §2.2).
:func:`copied_share` measures the share of an interpretation's characters that lie inside
passages also found verbatim in the documents it interprets.

Method: character n-gram coverage. Both texts are reduced to their *significant* characters
(letters and digits after NFKC normalisation and case folding: punctuation, spaces and line
breaks are dropped, so re-punctuating or re-wrapping a copied sentence does not hide it). Every
n-gram of the sources goes into a set; a character of the text counts as copied when some
n-gram of the text that contains it is in that set. The share is copied / significant
characters.

Why not ``difflib.SequenceMatcher.get_matching_blocks``:

- its *autojunk* heuristic ignores every element that occurs in more than 1 % of a sequence of
  200 or more items. In Chinese prose the most frequent characters (的、和、政、策、管、理 …)
  are exactly such elements, so copied sentences break into short blocks and the copy is
  under-counted; turning autojunk off makes it quadratic on long documents;
- the matching blocks form one monotone alignment: an interpretation that rearranges copied
  paragraphs by topic (the usual way to compress a document) is only partly matched.

The n-gram set is order-independent, linear in the length of the texts and takes any number of
sources (body and attachment texts of several documents).

Why n = 8: eight identical significant characters in a row (about four Chinese words) are very
rarely shared by independently written sentences, while the phrases a real interpretation
legitimately repeats — the document's title, a statute's name — are short and few, so they
add a small share only. The caller compares the share with a configurable threshold and
*warns*; the measurement never refuses anything.

Pure Python: no Django.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["DEFAULT_N", "Overlap", "copied_share", "significant"]

DEFAULT_N = 8


@dataclass(frozen=True)
class Overlap:
    """Result of :func:`copied_share`.

    ``ratio`` is ``copied / total`` (0.0 when the text has no significant characters);
    ``passages`` are the longest copied passages as they appear in the text, longest first.
    """

    ratio: float
    copied: int
    total: int
    passages: tuple[str, ...] = ()

    @property
    def percent(self) -> int:
        return round(self.ratio * 100)


def significant(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text`` (NFKC, case-folded) and, for each, its index in ``text``."""
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char).casefold():
            if unicodedata.category(folded)[0] in "LN":
                chars.append(folded)
                positions.append(index)
    return "".join(chars), positions


def _grams(text: str, n: int) -> set[str]:
    return {text[i : i + n] for i in range(len(text) - n + 1)}


def copied_share(
    text: str, sources: Iterable[str], *, n: int = DEFAULT_N, max_passages: int = 3
) -> Overlap:
    """Share of ``text`` covered by character n-grams that also occur in one of ``sources``."""
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    normal, positions = significant(text)
    total = len(normal)
    grams: set[str] = set()
    for source in sources:
        grams |= _grams(significant(source)[0], n)
    if total < n or not grams:
        return Overlap(ratio=0.0, copied=0, total=total)

    covered = bytearray(total)
    run = b"\x01" * n
    for i in range(total - n + 1):
        if normal[i : i + n] in grams:
            covered[i : i + n] = run
    copied = sum(covered)

    runs: list[tuple[int, int]] = []
    start: int | None = None
    for i, flag in enumerate(covered):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, total))
    runs.sort(key=lambda r: (r[0] - r[1], r[0]))
    passages = tuple(
        text[positions[a] : positions[b - 1] + 1] for a, b in runs[: max(max_passages, 0)]
    )
    return Overlap(ratio=copied / total, copied=copied, total=total, passages=passages)
