"""Grouping 依申请公开 requests that ask for the same information.

Used for repeat requests (重复申请, 条例第三十六条第六项 → 年报 （五）2) and for information asked
for by several applicants, which the organ may convert to proactive disclosure (条例第四十四条).

Two requests ask for the same information when they name the same document (a link to a
document record), the same 文号 (after normalisation by the caller), or when their descriptions
are alike: the Jaccard index of their character-bigram sets is at least a threshold. Bigrams of
*significant* characters (letters and digits after NFKC normalisation and case folding) make
the measure blind to punctuation, spacing and full-/half-width variants, and work for Chinese
without a word segmenter. Stock phrases of applications (“申请公开”, “请提供”, “相关文件”) are
removed first so they do not make unrelated requests look alike.

Groups are the connected components of the “same information” relation (union–find), so
A ~ B and B ~ C put A, B and C in one group.

Pure Python: no Django.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from gongkai.lib.similar import normalise

__all__ = [
    "DEFAULT_THRESHOLD",
    "Described",
    "bigrams",
    "group_same_information",
    "jaccard",
    "normalise_description",
    "same_information",
]

DEFAULT_THRESHOLD = 0.5

# Phrases every application uses; they say nothing about which information is wanted.
STOP_PHRASES = (
    "依申请公开",
    "申请公开",
    "请求公开",
    "要求公开",
    "予以公开",
    "政府信息",
    "申请获取",
    "请提供",
    "申请提供",
    "要求提供",
    "我申请",
    "本人申请",
    "相关文件",
    "有关文件",
    "相关信息",
    "有关信息",
    "的全文",
    "复印件",
)


_STOP = tuple(sorted({normalise(p) for p in STOP_PHRASES}, key=len, reverse=True))


def normalise_description(text: str) -> str:
    """Significant characters of ``text`` without the stock phrases of applications."""
    cleaned = normalise(text or "")
    for phrase in _STOP:
        cleaned = cleaned.replace(phrase, "")
    return cleaned


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the normalised text; a one-character text is its own gram."""
    cleaned = normalise_description(text)
    if len(cleaned) < 2:
        return frozenset({cleaned}) if cleaned else frozenset()
    return frozenset(cleaned[i : i + 2] for i in range(len(cleaned) - 1))


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """|a ∩ b| / |a ∪ b|; 0.0 when both are empty (nothing to compare is never “the same”)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


@dataclass(frozen=True)
class Described:
    """One request as seen by the grouping: its key and what identifies the information."""

    key: Hashable
    text: str = ""
    document_id: int | None = None
    doc_number: str = ""  # normalised 文号, "" if none


def same_information(a: Described, b: Described, threshold: float = DEFAULT_THRESHOLD) -> bool:
    if a.document_id is not None and a.document_id == b.document_id:
        return True
    if a.doc_number and a.doc_number == b.doc_number:
        return True
    return jaccard(bigrams(a.text), bigrams(b.text)) >= threshold


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def _join_equal(uf: _UnionFind, values: Iterable[tuple[int, Hashable]]) -> None:
    first: dict[Hashable, int] = {}
    for index, value in values:
        if value in first:
            uf.union(first[value], index)
        else:
            first[value] = index


def group_same_information(
    items: Sequence[Described], threshold: float = DEFAULT_THRESHOLD
) -> list[list[Hashable]]:
    """Partition the items into groups asking for the same information.

    Groups keep the input order inside and are ordered by their first item. Text comparison
    only looks at pairs sharing a bigram (an inverted index), so unrelated requests cost
    nothing.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], got {threshold!r}")
    uf = _UnionFind(len(items))
    _join_equal(uf, ((i, it.document_id) for i, it in enumerate(items) if it.document_id))
    _join_equal(uf, ((i, it.doc_number) for i, it in enumerate(items) if it.doc_number))

    grams = [bigrams(it.text) for it in items]
    index: dict[str, list[int]] = defaultdict(list)
    for i, gs in enumerate(grams):
        candidates: set[int] = set()
        for g in gs:
            candidates.update(index[g])
        for j in candidates:
            if uf.find(i) != uf.find(j) and jaccard(grams[i], grams[j]) >= threshold:
                uf.union(i, j)
        for g in gs:
            index[g].append(i)

    groups: dict[int, list[Hashable]] = {}
    for i, it in enumerate(items):
        groups.setdefault(uf.find(i), []).append(it.key)
    return list(groups.values())
