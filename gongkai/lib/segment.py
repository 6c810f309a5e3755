"""Text for full-text search: character bigrams (pure Python, no Django, no dictionary).

One tokenizer serves indexing and querying, on SQLite FTS5 and PostgreSQL alike. A search
must find every document that contains what was typed (issue 16, item 9): a word index
cannot, because a query word is found only where the segmentation of the text produced it
(定密 inside 确定/密级, 府信 inside 政府/信息 — docs/benchmarks.md, "Search"). So the
index holds no words at all, but every pair of adjacent characters, and a query is the
phrase of its own pairs: a document matches exactly when its text contains the query as a
substring, whatever the words around it.

Index side, for a text (``index_tokens``):

* The normalised text (``normalize``) is read as *units*: every character but white space.
  Letters and digits stand for themselves; any other character (punctuation, symbols) is
  stood for by one private-use character of planes 15–16 (``_unit``), because FTS5's
  tokenizer would drop it and 措施》 must not match 措施 followed by anything else.
* Each run of units between white space gives its overlapping bigrams (政务公开 → 政务
  务公 公开; 措施》的 → 措施 施》 》的), a run of one unit itself. Runs are separated by the
  ``BOUNDARY`` token, so that a phrase never runs across white space.
* ``index_chars``: the distinct letters and digits of the text, for one-character queries
  (粮, 府, 5), which no bigram answers.

Query side, ``parse_query`` splits the user's input on white space into terms (AND); a
term without any letter or digit is dropped. On SQLite (``fts5_match``) a term is the FTS5
phrase of its bigrams, which FTS5 checks on positions: a document matches exactly when its
normalised text contains the term as a substring. A one-character term is asked of the
character column. PostgreSQL's vectors hold no positions (``pg_tsvector``): a term is the
conjunction of its distinct bigrams, and the backend checks the term's CJK runs as
substrings of the stored text (``verify_runs``; gongkai.search.backends.postgres).

Any change to this module's token rules changes ``SEGMENTER_VERSION``: the index must then
be rebuilt (``manage.py reindex_all --rebuild``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = [
    "BOUNDARY",
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
    "pg_run_lexemes",
    "pg_term_lexemes",
    "pg_tsquery",
    "pg_tsvector",
    "verify_runs",
]

# Query limits: each term becomes one phrase or conjunction; bounded so that a pasted page
# of text cannot produce an unbounded engine query.
MAX_TERMS = 8
MAX_TERM_CHARS = 40

# Between two runs of a text (white space). Three characters: no unit bigram is that long.
BOUNDARY = "\U0010fffc" * 3

_WORD_RE = re.compile(r"[^\W_]+")
_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002a6df\U0002a700-\U0002ebef"
_CJK_RE = re.compile(f"[{_CJK_CLASS}]")
_CJK_RUN_RE = re.compile(f"[{_CJK_CLASS}]+")
_SPACE_RE = re.compile(r"\s+")


def _fingerprint() -> str:
    rules = "v4|unit-bigram|ucd3.2-alnum|plane15-units|boundary=10fffc*3|compat-nfkc-lower"
    return "bigram-" + hashlib.sha256(rules.encode()).hexdigest()[:10]


#: Identifies the token stream; stored with every index entry. An index built with another
#: version must be rebuilt (``manage.py reindex_all --rebuild``).
SEGMENTER_VERSION = _fingerprint()


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
    rewrite every full-width comma and costs more than the tokenization itself.
    """
    return _COMPAT_RE.sub(_nfkc, text).lower()


def is_cjk(char: str) -> bool:
    return _CJK_RE.fullmatch(char) is not None


# Units (see the module doc). A letter or digit of Unicode 3.2 (which FTS5's tokenizer,
# built on Unicode 6.1, also knows as one) is itself; CJK extensions C and D (Unicode 5.2,
# 6.0) too. Any other character maps to plane 15–16 private use at its code point + F0000,
# which the tokenizer keeps as a token character; the few beyond (U+1FFFE and up, e.g.
# CJK extension E and later) share one unit: found wherever they are, a little less precise.
_SHARED_UNIT = "\U0010fffd"


def _unit(char: str) -> str:
    if char.isspace():
        return " "
    code = ord(char)
    if unicodedata.ucd_3_2_0.category(char)[0] in "LN" or 0x2A700 <= code <= 0x2B81D:
        return char
    if code < 0xFFFE or 0x10000 <= code < 0x1FFFE:
        return chr(0xF0000 + code)
    return _SHARED_UNIT


class _Units(dict[int, str]):
    """``str.translate`` table: code point → unit, computed once per character."""

    def __missing__(self, code: int) -> str:
        self[code] = unit = _unit(chr(code))
        return unit


_UNITS = _Units()


def units(text: str) -> str:
    """The normalised text as units: one character per unit, white space as spaces."""
    return normalize(text).translate(_UNITS)


def _grams(run: str) -> list[str]:
    if len(run) < 3:
        return [run]
    return list(map(str.__add__, run, run[1:]))


def index_tokens(text: str) -> list[str]:
    """Bigrams of every run of units, runs separated by ``BOUNDARY`` (see the module doc)."""
    out: list[str] = []
    for run in units(text).split():
        if out:
            out.append(BOUNDARY)
        out.extend(_grams(run))
    return out


def index_text(text: str) -> str:
    """``index_tokens`` joined by spaces: what the engines store and tokenize on spaces."""
    return " ".join(index_tokens(text))


def index_chars(text: str) -> str:
    """The distinct letters and digits of the text, in code point order, space-joined."""
    return " ".join(sorted(set("".join(_WORD_RE.findall(normalize(text))))))


@dataclass(frozen=True)
class Term:
    """One whitespace-separated word of a query, normalised, and its units."""

    text: str
    units: str

    @property
    def is_char(self) -> bool:
        """A single character: answered by the character column, not the bigrams."""
        return len(self.units) == 1

    @property
    def segmentations(self) -> tuple[tuple[str, ...], ...]:
        """Pieces to mark in a highlighted text where the whole term does not occur."""
        return (tuple(_WORD_RE.findall(self.text)),)


def parse_query(query: str, *, max_terms: int = MAX_TERMS) -> list[Term]:
    """Terms of a user query: split on white space; terms without a letter or digit, and
    repeated terms, dropped."""
    terms: list[Term] = []
    seen: set[str] = set()
    for raw in _SPACE_RE.split(normalize(query or "")):
        text = raw[:MAX_TERM_CHARS]
        if not _WORD_RE.search(text) or text in seen:
            continue
        seen.add(text)
        terms.append(Term(text=text, units=text.translate(_UNITS)))
        if len(terms) >= max_terms:
            break
    return terms


def _fts5_phrase(tokens: Iterable[str]) -> str:
    # Tokens are letters, digits and private-use characters: nothing needs escaping.
    return '"' + " ".join(tokens) + '"'


def fts5_term(term: Term, *, text_columns: str, char_column: str) -> str:
    """One term as an FTS5 expression: the phrase of its bigrams (see the module doc)."""
    if term.is_char:
        return f"{{{char_column}}} : {_fts5_phrase(term.units)}"
    return f"{{{text_columns}}} : {_fts5_phrase(_grams(term.units))}"


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
    parts += [f"({{{facet_column}}} : {_fts5_phrase([f])})" for f in facets]
    return " AND ".join(parts)


_FACET_VALUE_RE = re.compile(r"[^0-9a-z]")


def facet_token(name: str, value: object) -> str:
    """A filter token such as ``o12`` (organ 12) or ``y2023``: letters and digits only, so
    every engine keeps it as one token; engines keep facets apart from text tokens."""
    return name + _FACET_VALUE_RE.sub("", str(value).lower())


# PostgreSQL: one tsvector per entry holds the distinct bigrams and, with prefixes that keep
# them apart from text tokens (letters and digits), the distinct characters (``~粮``) and
# the facets (``§o12``). No positions: a term is the conjunction of its bigrams
# (``pg_tsquery``), checked against the stored text for its CJK runs (``verify_runs``).
PG_CHAR_PREFIX = "~"
PG_FACET_PREFIX = "§"
# tsvector input is limited to 1 MB: lexemes past this many are dropped (a text that long
# is a book; its first lexemes still make it findable).
PG_MAX_LEXEMES = 50_000


def _pg_lexeme(token: str) -> str:
    return "'" + token.replace("'", "''") + "'"


def pg_tsvector(text: str, *, facets: Iterable[str] = ()) -> str:
    """A tsvector literal (cast with ``::tsvector``; PostgreSQL's parser is not involved).

    A run of one unit is not stored as a word: the character lexemes answer for it.
    """
    words = dict.fromkeys(t for t in index_tokens(text) if len(t) == 2)
    # Letters and digits only: no quote to escape.
    parts = [f"'{w}'" for w in words][:PG_MAX_LEXEMES]
    parts += [f"'{PG_CHAR_PREFIX}{char}'" for char in index_chars(text).split()]
    parts += [_pg_lexeme(PG_FACET_PREFIX + facet) for facet in facets]
    return " ".join(parts)


def pg_term_lexemes(term: Term) -> list[str]:
    """The lexemes a term asks of a vector: the distinct bigrams of its units, a term of
    one character as a character lexeme."""
    if term.is_char:
        return [PG_CHAR_PREFIX + term.units]
    return list(dict.fromkeys(_grams(term.units)))


def verify_runs(term: Term) -> list[tuple[str, bool]]:
    """Pieces of a term to check as substrings of the stored text: the conjunction of its
    bigrams may match texts where the bigrams are apart. Each run of letters and digits of
    three or more characters, with whether it is CJK only: CJK characters are the same
    before and after ``normalize`` (but for the rare compatibility ideographs), so those are
    looked for in the text as stored; the others in its NFKC, lower-case form."""
    pieces: list[tuple[str, bool]] = []
    for run in _WORD_RE.findall(term.text):
        if len(run) > 2:
            pieces.append((run, _CJK_RUN_RE.fullmatch(run) is not None))
    return pieces


def pg_run_lexemes(run: str) -> list[str]:
    """The bigram lexemes that a run of ``verify_runs`` implies: a text containing the run
    contains them, so a check of the run may stand in for them."""
    return [gram for gram in _grams(run.translate(_UNITS)) if len(gram) == 2]


def pg_tsquery(
    terms: Iterable[Term],
    *,
    facets: Iterable[str] = (),
    lexemes: Callable[[Term], list[str]] = pg_term_lexemes,
) -> str:
    """A tsquery literal (cast with ``::tsquery``) for ``pg_tsvector`` vectors: every term
    the conjunction of its lexemes (``lexemes``, by default all of them), which the GIN
    index answers without reading any row."""
    parts = [
        "(" + " & ".join(_pg_lexeme(lexeme) for lexeme in lexemes(term)) + ")" for term in terms
    ]
    parts += [_pg_lexeme(PG_FACET_PREFIX + facet) for facet in facets]
    return " & ".join(parts)
