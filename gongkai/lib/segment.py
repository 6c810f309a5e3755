"""Chinese word segmentation for full-text search (pure Python, no Django).

One tokenizer serves indexing and querying, on SQLite FTS5 and PostgreSQL alike, so that
a query can only miss what the segmentation itself misses (stack-notes §1.5: "recall is
decided by the segmentation, not by the engine").

Index side, for a text:

* ``index_tokens``: the precise tokens of rjieba (``cut``), each followed, when it is
  longer than 2 characters, by every dictionary sub-word of at least 2 characters
  (``cut_all`` inside the token). 政府信息公开 is indexed as ``政府信息公开 政府 信息 信息公开
  公开``, so 信息公开 is found even though the precise cut never produces it on its own.
* ``index_chars``: the distinct CJK characters of the text, for one-character queries
  (粮, 府). A word index cannot answer them: 粮 is inside 粮食 and 储备粮.
* Normalisation is lower case, with compatibility characters in their NFKC form:
  full-width ２０２３ and Ｂ match 2023 and b.
  Tokens keep letters and digits only (``[^\\W_]+``), so punctuation never reaches the
  engines and both engines see exactly the tokens produced here.

Query side, ``parse_query`` splits the user's input on white space into terms (AND), and
each term into its precise tokens. The engines then require each term's tokens close
together (``fts5_match``: ``NEAR``) or all present (``pg_tsquery``: ``&``); the choice is
measured in bench/search.py and docs/benchmarks.md ("Search"). A one-character CJK term
looks in the character column instead.

A few phrases of government work that jieba's dictionary lacks or splits by context
(一网通办, 依申请公开 …) are added to the dictionary (``GOVERNMENT_WORDS``); their
sub-words stay findable through ``cut_all``. Any change to that list or to this module's
token rules changes ``SEGMENTER_VERSION``: the index must then be rebuilt.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import version
from itertools import chain

import rjieba

__all__ = [
    "GOVERNMENT_WORDS",
    "MAX_TERMS",
    "SEGMENTER_VERSION",
    "Term",
    "facet_token",
    "fts5_match",
    "index_chars",
    "index_text",
    "index_tokens",
    "is_cjk",
    "normalize",
    "parse_query",
    "pg_term_lexemes",
    "pg_tsquery",
    "pg_tsvector",
    "precise_tokens",
]

# Phrases of 政务公开 work, as users type them. jieba cuts 一网通办 into 一网通/办 and
# 依申请公开 into 依/申请/公开, and glues the single characters to their neighbours in
# running text (办依/申请/公开), which no query can match; as dictionary words they are
# cut as one token wherever they occur.
GOVERNMENT_WORDS: tuple[str, ...] = (
    "政务公开",
    "政府信息公开",
    "信息公开",
    "依申请公开",
    "主动公开",
    "不予公开",
    "部分公开",
    "公开属性",
    "公开目录",
    "公开指南",
    "放管服",
    "一网通办",
    "一网统管",
    "跨省通办",
    "一件事一次办",
    "最多跑一次",
    "不见面审批",
    "证照分离",
    "双随机一公开",
    "好差评",
    "政务服务",
    "政务新媒体",
    "数字政府",
    "营商环境",
    "规范性文件",
    "重大行政决策",
    "政策解读",
    "保密审查",
    "三安全一稳定",
    "过程性信息",
    "行政复议",
    "行政诉讼",
    "河长制",
    "林长制",
)

# Query limits: each term becomes one NEAR group or conjunction; bounded so that a pasted
# page of text cannot produce an unbounded engine query.
MAX_TERMS = 8
MAX_TERM_CHARS = 40
# Sub-words of a precise token are taken with cut_all only for tokens longer than this.
SUBWORD_MIN_TOKEN = 3

# jieba's HMM guesses words that are not in the dictionary from their neighbours: 由承储,
# 办依. The same characters then segment differently in a query, which cannot match.
# Without it an unknown sequence stays single characters (由 承 储), the same everywhere.
HMM = False

_WORD_RE = re.compile(r"[^\W_]+")
_CJK_RE = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df\U0002a700-\U0002ebef]"
)
_SPACE_RE = re.compile(r"\s+")


def _fingerprint() -> str:
    rules = f"v2|hmm={HMM}|compat-nfkc-lower|[^\\W_]+|cut_all>2|chars|" + "|".join(GOVERNMENT_WORDS)
    digest = hashlib.sha256(rules.encode()).hexdigest()[:10]
    return f"rjieba-{version('rjieba')}-{digest}"


#: Identifies the token stream; stored with every index entry. An index built with another
#: version must be rebuilt (``manage.py reindex_all --rebuild``).
SEGMENTER_VERSION = _fingerprint()


@functools.cache
def _jieba() -> rjieba.Jieba:
    # A private instance, so the added words never change other users of rjieba.
    jieba = rjieba.Jieba()
    for word in GOVERNMENT_WORDS:
        jieba.add_word(word, None, None)
    return jieba


# Characters whose NFKC form differs in a way that matters for letters and digits:
# full-width letters and digits (not full-width punctuation, which is dropped anyway and
# is in every Chinese sentence), circled and parenthesised numbers, Roman numerals,
# CJK compatibility ideographs, Kangxi radicals, super- and subscripts, ligatures.
_COMPAT_RE = re.compile(
    "[\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc-\u00be\u2070-\u209f\u2100-\u218f"
    "\u2460-\u24ff\u2f00-\u2fdf\u3200-\u33ff\uf900-\ufaff\ufb00-\ufb4f"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U0002f800-\U0002fa1f]"
)


def _nfkc(match: re.Match[str]) -> str:
    return unicodedata.normalize("NFKC", match.group())


def normalize(text: str) -> str:
    """Lower case, with compatibility characters in their NFKC form (２０２３ → 2023).

    Applied to the compatibility characters only: NFKC of a whole Chinese text would also
    rewrite every full-width comma and costs more than the segmentation itself.
    """
    return _COMPAT_RE.sub(_nfkc, text).lower()


def is_cjk(char: str) -> bool:
    return _CJK_RE.fullmatch(char) is not None


def _units(normalized: str) -> Iterator[str]:
    """Precise tokens made of letters and digits only (punctuation and spaces dropped)."""
    for token in _jieba().cut(normalized, HMM):
        if _WORD_RE.fullmatch(token):
            yield token
        else:
            # covid-19 → covid, 19; 、 → nothing.
            yield from _WORD_RE.findall(token)


def precise_tokens(text: str) -> list[str]:
    return list(_units(normalize(text)))


class _Expansions(dict[str, tuple[str, ...]]):
    """Cache: precise token → its index tokens (itself, then its sub-words). A corpus has
    far fewer distinct tokens than tokens, so each is expanded once (bounded)."""

    limit = 500_000

    def __missing__(self, token: str) -> tuple[str, ...]:
        out: list[str] = []
        cut_all = _jieba().cut_all
        for word in _WORD_RE.findall(token):
            out.append(word)
            if len(word) >= SUBWORD_MIN_TOKEN and _CJK_RE.match(word):
                out.extend(sub for sub in cut_all(word) if len(sub) >= 2 and sub != word)
        if len(self) >= self.limit:
            self.clear()
        self[token] = expansion = tuple(out)
        return expansion


_EXPANSIONS = _Expansions()


def index_tokens(text: str) -> list[str]:
    """Precise tokens, each followed by its dictionary sub-words (see the module doc)."""
    return list(
        chain.from_iterable(map(_EXPANSIONS.__getitem__, _jieba().cut(normalize(text), HMM)))
    )


def index_text(text: str) -> str:
    """``index_tokens`` joined by spaces: what the engines store and tokenize on spaces."""
    return " ".join(index_tokens(text))


def index_chars(text: str) -> str:
    """The distinct CJK characters of the text, in code point order, space-joined."""
    return " ".join(_CJK_RE.findall("".join(sorted(set(normalize(text))))))


Run = tuple[str, ...]


@dataclass(frozen=True)
class Term:
    """One whitespace-separated word of a query, normalised, with its segmentations.

    ``runs`` is the precise cut of the term, grouped into runs of adjacent tokens (a term
    such as 示教发〔2023〕12号 has three: punctuation separates them). ``fine_runs``, when
    different, cuts every long token further into the shortest dictionary words (政务服务 →
    政务 服务): a document may have segmented the same characters differently
    (政务/服务平台), and then only the finer cut is in its index. A term matches if either
    segmentation does.
    """

    text: str
    runs: tuple[Run, ...]
    fine_runs: tuple[Run, ...] | None = None

    @property
    def tokens(self) -> Run:
        return tuple(chain.from_iterable(self.runs))

    @property
    def fine(self) -> Run | None:
        return tuple(chain.from_iterable(self.fine_runs)) if self.fine_runs else None

    @property
    def is_char(self) -> bool:
        """A single CJK character: answered by the character column, not the token index."""
        tokens = self.tokens
        return len(tokens) == 1 and len(tokens[0]) == 1 and is_cjk(tokens[0])

    @property
    def segmentations(self) -> tuple[Run, ...]:
        fine = self.fine
        return (self.tokens, fine) if fine else (self.tokens,)


def _fine_cut(token: str) -> list[str]:
    """The cover of a token by its shortest dictionary sub-words, left to right."""
    if len(token) < SUBWORD_MIN_TOKEN or not _CJK_RE.match(token):
        return [token]
    starts: dict[int, list[str]] = {}
    position = 0
    for word in _jieba().cut_all(token):  # ordered by start offset
        position = token.find(word, position)
        if len(word) >= 2 and word != token:
            starts.setdefault(position, []).append(word)
    out: list[str] = []
    i = 0
    while i < len(token):
        words = starts.get(i)
        word = min(words, key=len) if words else token[i]
        out.append(word)
        i += len(word)
    return out


def _runs(text: str) -> list[list[str]]:
    """The precise tokens of a normalised text, grouped into runs of adjacent tokens."""
    runs: list[list[str]] = []
    end = -1
    for token, start, _stop in _jieba().tokenize(text, "default", HMM):
        for match in _WORD_RE.finditer(token):
            if start + match.start() != end or not runs:
                runs.append([])
            runs[-1].append(match.group())
            end = start + match.end()
    return runs


def parse_query(query: str, *, max_terms: int = MAX_TERMS) -> list[Term]:
    """Terms of a user query: split on white space, duplicates and empty terms dropped."""
    terms: list[Term] = []
    seen: set[str] = set()
    for raw in _SPACE_RE.split(normalize(query or "")):
        text = raw[:MAX_TERM_CHARS]
        runs = _runs(text)
        if not runs or text in seen:
            continue
        seen.add(text)
        precise = tuple(tuple(run) for run in runs)
        fine = tuple(tuple(p for token in run for p in _fine_cut(token)) for run in runs)
        terms.append(Term(text=text, runs=precise, fine_runs=fine if fine != precise else None))
        if len(terms) >= max_terms:
            break
    return terms


def _fts5_phrase(token: str) -> str:
    # Tokens are letters and digits only: nothing inside needs escaping.
    return f'"{token}"'


def subword_count(token: str) -> int:
    """How many sub-words the index puts right after this precise token."""
    return len(_EXPANSIONS[token]) - 1


def _fts5_near(tokens: tuple[str, ...], slack: int) -> str:
    """Tokens in a window just wide enough for them and the sub-words between them.

    FTS5's NEAR parameter counts the tokens between the first and the last phrase, the
    phrases in the middle included; ``slack`` leaves room for the order in which cut_all
    lists the sub-words of a longer document token.
    """
    if len(tokens) == 1:
        return _fts5_phrase(tokens[0])
    window = len(tokens) - 2 + sum(subword_count(t) for t in tokens[:-1]) + slack
    phrases = " ".join(_fts5_phrase(t) for t in tokens)
    return f"NEAR({phrases}, {window})"


def fts5_term(term: Term, *, text_columns: str, char_column: str) -> str:
    """One term as an FTS5 expression: ``NEAR`` of its tokens (stack-notes §1.5), for the
    precise and, if it differs, the fine segmentation."""
    if term.is_char:
        return f"{{{char_column}}} : {_fts5_phrase(term.tokens[0])}"
    alternatives = _fts5_near(term.tokens, 0)
    if term.fine:
        alternatives += " OR " + _fts5_near(term.fine, 1)
    return f"{{{text_columns}}} : ({alternatives})"


def fts5_match(
    terms: Iterable[Term],
    *,
    text_columns: str = "title body",
    char_column: str = "chars",
    facets: Iterable[str] = (),
    facet_column: str = "facets",
) -> str:
    """The FTS5 MATCH expression: every term (AND), and every facet token (filters)."""
    parts = [f"({fts5_term(t, text_columns=text_columns, char_column=char_column)})" for t in terms]
    parts += [f"({{{facet_column}}} : {_fts5_phrase(f)})" for f in facets]
    return " AND ".join(parts)


_FACET_VALUE_RE = re.compile(r"[^0-9a-z]")


def facet_token(name: str, value: object) -> str:
    """A filter token such as ``o12`` (organ 12) or ``y2023``: letters and digits only, so
    every engine keeps it as one token; engines keep facets apart from text tokens."""
    return name + _FACET_VALUE_RE.sub("", str(value).lower())


# PostgreSQL: one tsvector per entry holds the distinct index tokens and, with prefixes
# that keep them apart from text tokens (letters and digits), the distinct characters
# (``~粮``) and the facets (``§o12``). No positions: terms are conjunctions (``pg_tsquery``).
PG_CHAR_PREFIX = "~"
PG_FACET_PREFIX = "§"
# tsvector input is limited to 1 MB: lexemes past this many are dropped (a text that long
# is a book; its first lexemes still make it findable).
PG_MAX_LEXEMES = 50_000


def _pg_lexeme(token: str) -> str:
    return "'" + token.replace("'", "''") + "'"


def pg_tsvector(text: str, *, facets: Iterable[str] = ()) -> str:
    """A tsvector literal (cast with ``::tsvector``; PostgreSQL's parser is not involved).

    A lone CJK character is not stored as a word: the character lexemes answer for it.
    """
    words = dict.fromkeys(index_tokens(text))
    # Letters and digits only: no quote to escape.
    parts = [f"'{w}'" for w in words if len(w) > 1 or not _CJK_RE.match(w)][:PG_MAX_LEXEMES]
    parts += [f"'{PG_CHAR_PREFIX}{char}'" for char in index_chars(text).split()]
    parts += [_pg_lexeme(PG_FACET_PREFIX + facet) for facet in facets]
    return " ".join(parts)


def pg_term_lexemes(term: Term) -> list[str]:
    """The lexemes a term asks of a vector: its precise tokens, a lone CJK character as a
    character lexeme (依 in 依申请 counts wherever it is: no token boundary needed)."""
    return [PG_CHAR_PREFIX + t if len(t) == 1 and is_cjk(t) else t for t in term.tokens]


def pg_tsquery(terms: Iterable[Term], *, facets: Iterable[str] = ()) -> str:
    """A tsquery literal (cast with ``::tsquery``) for ``pg_tsvector`` vectors.

    Every term is the conjunction of its precise tokens, which the GIN index answers
    without reading any row. Phrases (``<N>`` on positions) were measured: as precise, but
    every candidate row is read to check them (docs/benchmarks.md, "Search"). The fine
    segmentation is left out: as a conjunction it would match 政务 … 公开 anywhere.
    """
    parts = [
        "(" + " & ".join(_pg_lexeme(lexeme) for lexeme in pg_term_lexemes(term)) + ")"
        for term in terms
    ]
    parts += [_pg_lexeme(PG_FACET_PREFIX + facet) for facet in facets]
    return " & ".join(parts)
