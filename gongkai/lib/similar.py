"""Near-duplicate clustering of short texts (organised comment campaigns). Pure Python.

Texts are normalised (width, case, punctuation and spaces dropped), cut into character
3-gram shingles and summarised by a MinHash signature; locality-sensitive hashing over bands
of the signature proposes candidate pairs, which are confirmed by the Jaccard similarity of
their shingle sets (>= `threshold`). Identical normalised texts are grouped first, cheaply.
Returns clusters of indices (only clusters of two or more).
"""

from __future__ import annotations

import hashlib
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Sequence

# One-permutation MinHash: one hash (CRC-32) per shingle, the hash space cut into _BINS bins
# by residue; a text's signature is the smallest hash in each bin (bins left empty by a
# short text hold the sentinel). Sorted hashes fill the bins in one early-stopping pass.
_BINS = 24
_BANDS = 8
_ROWS = _BINS // _BANDS
_EMPTY = -1


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if unicodedata.category(ch)[0] in "LN")


def fingerprint(text: str) -> str:
    """The digest of the normalised text (exact duplicates share it)."""
    return hashlib.sha256(normalise(text).encode()).hexdigest()


def shingles(norm: str, k: int = 3) -> frozenset[int]:
    """CRC-32 of each character k-gram of a normalised text."""
    if len(norm) <= k:
        return frozenset({zlib.crc32(norm.encode())}) if norm else frozenset()
    return frozenset(zlib.crc32(norm[i : i + k].encode()) for i in range(len(norm) - k + 1))


def _signature(hashes: frozenset[int]) -> tuple[int, ...]:
    bins = [_EMPTY] * _BINS
    left = _BINS
    for h in sorted(hashes):
        slot = h % _BINS
        if bins[slot] == _EMPTY:
            bins[slot] = h
            left -= 1
            if not left:
                break
    return tuple(bins)


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def cluster(texts: Sequence[str], threshold: float = 0.8) -> list[list[int]]:
    """Clusters (lists of indices into `texts`, ascending; first = representative)."""
    union = _Union(len(texts))
    by_exact: dict[str, int] = {}
    uniques: list[int] = []
    norms = [normalise(t) for t in texts]
    for i, norm in enumerate(norms):
        if not norm:
            continue
        first = by_exact.setdefault(norm, i)
        if first != i:
            union.join(first, i)
        else:
            uniques.append(i)
    sets = {i: shingles(norms[i]) for i in uniques}
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = defaultdict(list)
    for i in uniques:
        sig = _signature(sets[i])
        for band in range(_BANDS):
            buckets[(band, sig[band * _ROWS : (band + 1) * _ROWS])].append(i)
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2:
            continue
        head = members[0]
        for other in members[1:]:
            pair = (head, other)
            if pair in checked or union.find(head) == union.find(other):
                continue
            checked.add(pair)
            a, b = sets[head], sets[other]
            # |A ∩ B| / |A ∪ B| <= min/max of the sizes: skip pairs that cannot reach it.
            if min(len(a), len(b)) < threshold * max(len(a), len(b)):
                continue
            if jaccard(a, b) >= threshold:
                union.join(head, other)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(texts)):
        if norms[i]:
            groups[union.find(i)].append(i)
    return sorted((g for g in groups.values() if len(g) > 1), key=lambda g: g[0])
