"""Parse government-document text files shaped like ``/work/shared/corpus/*.txt``.

A file starts with a header of ``key: value`` lines (标题, 发布机关, 文号, 日期, 公开属性标注, 来源,
说明 …; keys may carry an English gloss such as ``文号(document number)``), then a line of ``=``
characters, then the document text. A file without the ``=`` line is treated as body only.

Principles:

* Facts are never invented. A header value that the corpus flags as uncertain (“待核”,
  “verify”, “from memory”, “unknown in source”, “未载明” …) is ignored, and a 文号 is only
  reported when it parses (:mod:`gongkai.lib.docnumber`) from the header or from a line of
  the document's own 版头 (first lines of the body).
* The document text (body) is the primary source for what it states about itself; the header
  is a curated summary used where it is explicit.

Pure Python: no Django, no clock.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.lib.docnumber import DocNumberError, parse_doc_number

__all__ = [
    "ParsedDocument",
    "detect_disclosure_marking",
    "expires_on",
    "find_validity_years",
    "last_valid_day",
    "parse_chinese_date",
    "parse_chinese_number",
    "parse_corpus_text",
    "validity_end",
]

# ---------------------------------------------------------------------------------------------
# Dates and numerals

# 〇 (U+3007), 零 and the look-alikes ○ (U+25CB) and Ｏ (U+FF2F) that appear in typed dates.
_CN_ZEROS = "〇零○Ｏ"
_CN_DIGITS = dict.fromkeys(_CN_ZEROS, 0) | {
    char: value for value, char in enumerate("一二三四五六七八九", start=1)
}
_CN_DIGITS["两"] = 2
_CN_DIGIT_CLASS = _CN_ZEROS + "一二三四五六七八九"
_CN_SMALL_CLASS = "一二两三四五六七八九十"
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")

_YEAR = rf"(?:[0-9]{{4}}|[{_CN_DIGIT_CLASS}]{{4}})"
_MONTH_DAY = rf"(?:[0-9]{{1,2}}|[{_CN_SMALL_CLASS}]{{1,3}})"
_CN_DATE = rf"(?<![0-9]){_YEAR}\s*年\s*{_MONTH_DAY}\s*月\s*{_MONTH_DAY}\s*日"
_NUMERIC_DATE = r"(?<![0-9])[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?![0-9])"
_ANY_DATE = rf"(?:{_CN_DATE}|{_NUMERIC_DATE})"
_ANY_DATE_RE = re.compile(_ANY_DATE)
_DATE_PARTS_RE = re.compile(
    rf"(?P<y>{_YEAR})\s*(?:年\s*(?P<m1>{_MONTH_DAY})\s*月\s*(?P<d1>{_MONTH_DAY})\s*日"
    r"|(?P<sep>[-/.])(?P<m2>[0-9]{1,2})(?P=sep)(?P<d2>[0-9]{1,2}))"
)


def parse_chinese_number(text: str) -> int | None:
    """Parse a small number in Arabic or Chinese numerals: ``5``, ``五``, ``两``, ``二十``.

    Handles 0–99 in Chinese numerals (enough for months, days and validity years) and any
    Arabic/full-width digits; returns ``None`` otherwise.
    """
    text = text.strip().translate(_FULLWIDTH_DIGITS)
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(char not in _CN_DIGITS and char != "十" for char in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return None
    tens_value = _CN_DIGITS[tens] if tens else 1
    units_value = _CN_DIGITS[units] if units else 0
    return tens_value * 10 + units_value


def _cn_year(text: str) -> int:
    if text.isascii():
        return int(text)
    return int("".join(str(_CN_DIGITS[char]) for char in text))


def parse_chinese_date(s: str) -> date | None:
    """Parse one date: ``2023年9月5日``, ``2023-09-05``, ``2023/9/5``, ``二〇二三年九月五日``.

    Full-width digits and inner spaces are accepted. Returns ``None`` for anything else,
    including impossible dates such as ``2023年2月30日``.
    """
    text = s.strip().translate(_FULLWIDTH_DIGITS)
    match = _DATE_PARTS_RE.fullmatch(text)
    if match is None:
        return None
    year = _cn_year(match["y"])
    month = parse_chinese_number(match["m1"] or match["m2"])
    day = parse_chinese_number(match["d1"] or match["d2"])
    if month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------
# Disclosure marking (附注), domain.md §1.1 item 6

_MARKINGS = {
    "公开发布": "主动公开",
    "主动公开": "主动公开",
    "依申请公开": "依申请公开",
    "不予公开": "不予公开",
    "不公开": "不予公开",
}
# Most restrictive first: if a text carries conflicting markings, the safer one wins.
_RESTRICTIVENESS = ("不予公开", "依申请公开", "主动公开")
_MARKING_RE = re.compile(
    r"[（(]\s*此\s*件\s*(公开发布|主动公开|依申请公开|不予公开|不公开)\s*[）)]"
)


def detect_disclosure_marking(body: str) -> str | None:
    """Return the disclosure attribute (公开属性) stated by the 附注 of a document, if any.

    ``（此件公开发布）`` and ``（此件主动公开）`` give ``"主动公开"``;
    ``（此件依申请公开）`` gives ``"依申请公开"``;
    ``（此件不予公开）`` and ``（此件不公开）`` give ``"不予公开"``.
    Full-width and ASCII brackets are both accepted. Conflicting markings yield the most
    restrictive one.
    """
    found = {_MARKINGS[match[1]] for match in _MARKING_RE.finditer(body)}
    return next((marking for marking in _RESTRICTIVENESS if marking in found), None)


# ---------------------------------------------------------------------------------------------
# Validity period (有效期), domain.md §7.2 and §11 scenario 3

_VALIDITY_RE = re.compile(
    rf"有效期(?:为|是)?\s*([0-9０-９]{{1,3}}|[{_CN_SMALL_CLASS}]{{1,3}})\s*年"
)
_SELF_REFERENCE_RE = re.compile(r"施行|实施|生效|^\s*有效期|本[\u4e00-\u9fff]{0,10}?有效期")


def find_validity_years(text: str) -> int | None:
    """Find the document's own validity period (“有效期5年”, “有效期为三年”) in ``text``.

    Only a clause about the document itself counts: the sentence must also speak of its entry
    into force (施行/实施/生效), start with 有效期, or say “本…有效期”. This skips unrelated
    periods such as “证书有效期为5年”.
    """
    for sentence in re.split(r"[。\n；;]", text):
        match = _VALIDITY_RE.search(sentence)
        if match and _SELF_REFERENCE_RE.search(sentence):
            years = parse_chinese_number(match[1])
            if years:
                return years
    return None


def expires_on(published: date, years: int) -> date:
    """First day on which a document valid for ``years`` years is 失效.

    Convention (domain.md §11 scenario 3): a document that takes effect on ``published``
    (“自发布之日起施行”) counts that day as the first day of validity, so ``years`` full years
    end the day before the anniversary and the document is 失效 from the anniversary itself:
    published 2023-12-31, 有效期5年 ⇒ valid through 2028-12-30, 失效 from 2028-12-31. This is the
    reading behind the common wording “自2019年1月1日起施行，有效期至2023年12月31日”. When the
    anniversary does not exist (published 29 February), 28 February is used.
    """
    if years < 1:
        raise ValueError(f"有效期年数应为正整数：{years}。")
    year = published.year + years
    day = min(published.day, calendar.monthrange(year, published.month)[1])
    return published.replace(year=year, day=day)


def last_valid_day(published: date, years: int) -> date:
    """Last day on which the document is still 有效 (the day before :func:`expires_on`)."""
    return expires_on(published, years) - timedelta(days=1)


def validity_end(published: date, years: int) -> date:
    """Alias of :func:`expires_on` kept for the original interface: returns the 失效 date."""
    return expires_on(published, years)


# ---------------------------------------------------------------------------------------------
# Corpus file


@dataclass(frozen=True)
class ParsedDocument:
    """What a corpus text says about a document; ``None`` where the source is silent."""

    title: str
    issuers: tuple[str, ...]
    """发文机关, in order; a joint issuance (联合发文) lists all, the lead organ first."""
    doc_number: str | None
    """Normalised 文号, or ``None`` when absent or flagged unknown — never invented."""
    written_date: date | None
    """成文日期."""
    effective_date: date | None
    """施行日期, only when a calendar date is stated (not “自发布之日起施行”)."""
    validity_years: int | None
    """有效期 in years (“有效期5年”)."""
    disclosure_marking: str | None
    """主动公开 / 依申请公开 / 不予公开, from the 附注 （此件公开发布） etc."""
    body: str
    source: str
    """Where the text was taken from (header 来源), or ``""``."""


_SEPARATOR_RE = re.compile(r"^\s*={3,}\s*$", re.MULTILINE)
_HEADER_LINE_RE = re.compile(r"^\s*(?P<key>[^:：]{1,40}?)\s*[:：]\s*(?P<value>.*)$")
_KEY_GLOSS_RE = re.compile(r"\s*[（(][^）)]*[）)]\s*$")
# Curator's flags in the header meaning “this value is not from the source”.
_UNTRUSTED_RE = re.compile(
    r"verify|from memory|unknown|not in source|待核|待确认|未载明|不详|存疑", re.IGNORECASE
)
_EMPTY_VALUES = {"", "—", "-", "–", "无", "(not in source)", "（not in source）", "none", "n/a"}
_ANNOTATION_RE = re.compile(r"[（(［\[]([^（()）［\]］]*)[）)］\]]")
# Parenthesised text inside an organ name is kept when it is itself an organ (an alias such as
# 市发展改革委（市粮食和物资储备局）); anything else (（贵州省）, （联合发文）) is an annotation.
_ORGAN_SUFFIX_RE = re.compile(r"(?:局|委|厅|办|部|院|会|室|府|署|处|所|中心|公司|组|社|站|馆|庭)$")
_ISSUER_SPLIT_RE = re.compile(r"[、，,;；/]|\s+")

_WRITTEN_LABEL_RE = re.compile(rf"成文日期[^0-9{_CN_DIGIT_CLASS}]{{0,6}}({_ANY_DATE})")
_PUBLISHED_LABEL_RE = re.compile(
    rf"(?:公布|发布|印发|签署)[^0-9{_CN_DIGIT_CLASS}；;]{{0,8}}?({_ANY_DATE})"
)
_HEADER_EFFECTIVE_RE = re.compile(rf"施行(?:日期)?\s*[:：]?\s*({_ANY_DATE})")
_BODY_EFFECTIVE_RE = re.compile(
    rf"本[\u4e00-\u9fff]{{0,12}}?自\s*({_CN_DATE}|{_NUMERIC_DATE})\s*起\s*(?:施行|实施|生效)"
)
_STANDALONE_DATE_RE = re.compile(rf"^\s*({_ANY_DATE})\s*$", re.MULTILINE)
_DOC_NUMBER_HEAD_LINES = 20
_HEADER_KEYS = frozenset({"标题", "发布机关", "文号", "日期"})


def _split_header(text: str) -> tuple[dict[str, str], str]:
    match = _SEPARATOR_RE.search(text)
    if match is None:
        return {}, text.strip()
    header: dict[str, str] = {}
    for line in text[: match.start()].splitlines():
        if field := _HEADER_LINE_RE.match(line):
            key = _KEY_GLOSS_RE.sub("", field["key"]).strip()
            header.setdefault(key, field["value"].strip())
    if not _HEADER_KEYS & header.keys():
        return {}, text.strip()  # a ==== rule inside a plain document, not a header
    return header, text[match.end() :].strip()


def _trusted_segments(value: str) -> list[str]:
    return [
        seg for seg in re.split(r"[；;]", value) if seg.strip() and not _UNTRUSTED_RE.search(seg)
    ]


def _strip_annotations(name: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return match[0] if _ORGAN_SUFFIX_RE.search(match[1]) else ""

    return _ANNOTATION_RE.sub(replace, name).strip()


def _split_top_level(value: str) -> list[str]:
    """Split a list of organ names on separators that are not inside brackets."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in value:
        depth += char in "（(［[【"
        depth -= char in "）)］]】"
        if depth <= 0 and _ISSUER_SPLIT_RE.fullmatch(char):
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _parse_issuers(value: str) -> tuple[str, ...]:
    if not value or _UNTRUSTED_RE.search(value):
        return ()
    names = (_strip_annotations(part) for part in _split_top_level(_strip_annotations(value)))
    return tuple(dict.fromkeys(name for name in names if name))


def _try_doc_number(text: str) -> str | None:
    try:
        return str(parse_doc_number(text))
    except DocNumberError:
        return None


def _parse_doc_number(value: str | None, body: str) -> str | None:
    if value and value.strip().lower() not in _EMPTY_VALUES and not _UNTRUSTED_RE.search(value):
        found = _try_doc_number(value) or _try_doc_number(_ANNOTATION_RE.sub("", value))
        if found:
            return found
    # Fall back to the 版头: a line of its own among the first lines of the body.
    lines = [line for line in body.splitlines() if line.strip()][:_DOC_NUMBER_HEAD_LINES]
    return next((found for line in lines if (found := _try_doc_number(line))), None)


def _first_date(pattern: re.Pattern[str], segments: list[str]) -> date | None:
    for segment in segments:
        if (match := pattern.search(segment)) and (parsed := parse_chinese_date(match[1])):
            return parsed
    return None


def _written_date(dates_value: str, body: str) -> date | None:
    segments = _trusted_segments(dates_value)
    found = _first_date(_WRITTEN_LABEL_RE, segments) or _first_date(_PUBLISHED_LABEL_RE, segments)
    if found:
        return found
    # Any other date, skipping 施行 dates and those of an earlier version (原条例 …).
    other = [s for s in segments if "施行" not in s and not s.strip().startswith("原")]
    if found := _first_date(re.compile(f"({_ANY_DATE})"), other):
        return found
    # The 落款 (signature block): a date on a line of its own, the last one in the body.
    standalone = [parse_chinese_date(match[1]) for match in _STANDALONE_DATE_RE.finditer(body)]
    return next((d for d in reversed(standalone) if d is not None), None)


def _effective_date(dates_value: str, body: str) -> date | None:
    if found := _first_date(_HEADER_EFFECTIVE_RE, _trusted_segments(dates_value)):
        return found
    # The final article states it: “本条例自2019年5月15日起施行”; the last statement wins.
    stated = [parse_chinese_date(match[1]) for match in _BODY_EFFECTIVE_RE.finditer(body)]
    return next((d for d in reversed(stated) if d is not None), None)


def parse_corpus_text(text: str) -> ParsedDocument:
    """Parse a corpus file (header, ``=`` line, body) into a :class:`ParsedDocument`."""
    header, body = _split_header(text.replace("\r\n", "\n").lstrip("\ufeff"))
    title = header.get("标题") or next(
        (line.strip() for line in body.splitlines() if line.strip()), ""
    )
    dates_value = header.get("日期", "")
    validity = find_validity_years(body)
    if validity is None:
        validity = find_validity_years("\n".join(_trusted_segments(dates_value)))
    marking = detect_disclosure_marking(body) or detect_disclosure_marking(
        header.get("公开属性标注", "")
    )
    return ParsedDocument(
        title=title,
        issuers=_parse_issuers(header.get("发布机关", "")),
        doc_number=_parse_doc_number(header.get("文号"), body),
        written_date=_written_date(dates_value, body),
        effective_date=_effective_date(dates_value, body),
        validity_years=validity,
        disclosure_marking=marking,
        body=body,
        source=header.get("来源", ""),
    )
