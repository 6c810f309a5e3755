"""Index numbers (索引号) and the unified social credit code (统一社会信用代码).

索引号 (domain.md §7.1): the 政府信息公开目录系统实施指引（试行）(国务院办公厅秘书局, 2008) makes it
a mandatory, unique and immutable identifier of the form “前段码/后段码”: the publishing unit's
9-character organisation code (组织机构代码, hyphen removed), then a 4-digit year, “-” and a
5-digit serial, e.g. ``000014349/2016-00203``. Localities use their own schemes, so the pattern
is configurable; :data:`DEFAULT_PATTERN` is the national one. The serial resets per publisher
per year and is allocated by the caller (the database enforces uniqueness).

统一社会信用代码 (GB 32100-2015): 18 characters — 登记管理部门码 (1), 机构类别码 (1),
登记管理机关行政区划码 (6 digits), 主体标识码 (9, the former 组织机构代码 of GB 11714) and a
check character computed modulo 31.

Pure Python: no Django.
"""

from __future__ import annotations

import re
import string

__all__ = [
    "ALLOWED_PLACEHOLDERS",
    "CORE_PLACEHOLDERS",
    "DEFAULT_PATTERN",
    "OPTIONAL_PLACEHOLDERS",
    "format_index_number",
    "is_valid_uscc",
    "org_code_from_uscc",
    "uscc_check_char",
    "validate_pattern",
]

DEFAULT_PATTERN = "{org_code}/{yyyy}-{serial:05d}"

CORE_PLACEHOLDERS = frozenset({"org_code", "yyyy", "serial"})
OPTIONAL_PLACEHOLDERS = frozenset({"area_code", "dept_code", "category"})
ALLOWED_PLACEHOLDERS = CORE_PLACEHOLDERS | OPTIONAL_PLACEHOLDERS

# GB 32100-2015 character set: digits and capital letters except I, O, S, V, Z.
_USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {char: value for value, char in enumerate(_USCC_CHARSET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, …, 28
_USCC_RE = re.compile(rf"[{_USCC_CHARSET}]{{2}}[0-9]{{6}}[{_USCC_CHARSET}]{{10}}")
_WIDTH_RE = re.compile(r"^(?:.?[<>=^])?[+\- ]?z?#?0?(?P<width>[0-9]+)")


def _placeholders(pattern: str) -> list[tuple[str, str]]:
    """Return ``(name, format_spec)`` for every replacement field, validating each one."""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise ValueError(f"索引号规则“{pattern}”格式错误（花括号不匹配）：{exc}") from exc
    fields = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in ALLOWED_PLACEHOLDERS:
            allowed = "、".join(sorted(ALLOWED_PLACEHOLDERS))
            raise ValueError(
                f"索引号规则“{pattern}”含有不支持的占位符“{{{name}}}”；可用的占位符：{allowed}。"
            )
        if conversion is not None or "{" in (spec or ""):
            raise ValueError(f"索引号规则“{pattern}”中的占位符“{name}”不能带转换或嵌套字段。")
        fields.append((name, spec or ""))
    return fields


def validate_pattern(pattern: str) -> None:
    """Check an index-number pattern; raise ``ValueError`` with a Chinese message if it is bad.

    The pattern uses :meth:`str.format` syntax. Only the placeholders in
    :data:`ALLOWED_PLACEHOLDERS` are allowed (no attribute or index access, no ``!r``), and
    ``{serial…}`` is mandatory, because without it two items would get the same 索引号.
    """
    fields = _placeholders(pattern)
    if not any(name == "serial" for name, _spec in fields):
        raise ValueError(
            f"索引号规则“{pattern}”必须包含流水号占位符 {{serial}}（如 {{serial:05d}}）。"
        )
    # Trial run with representative values so that a bad format spec fails now, not at publication.
    sample: dict[str, object] = dict.fromkeys(OPTIONAL_PLACEHOLDERS, "X")
    sample.update(org_code="000014349", yyyy=2016, serial=1)
    try:
        pattern.format_map(sample)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"索引号规则“{pattern}”的格式说明不正确：{exc}") from exc


def _check_serial_width(fields: list[tuple[str, str]], serial: int) -> None:
    # A fixed-width serial (05d) must not silently grow: 索引号 are fixed-length identifiers.
    for name, spec in fields:
        width = _WIDTH_RE.match(spec) if name == "serial" and spec else None
        if width and len(format(serial, spec)) > int(width["width"]):
            raise ValueError(f"流水号 {serial} 超出索引号规则规定的 {width['width']} 位。")


def format_index_number(
    pattern: str, *, org_code: str, year: int, serial: int, **extra: str
) -> str:
    """Build a 索引号 from ``pattern`` (``{yyyy}`` receives ``year``).

    ``extra`` may carry the optional placeholders ``area_code``, ``dept_code`` and ``category``.
    Raises ``ValueError`` (Chinese message) for a bad pattern, an unknown keyword, a placeholder
    without a value, an empty or blank code, a year outside 1949–2100, a serial < 1, or a serial
    too long for a fixed-width field.
    """
    validate_pattern(pattern)
    fields = _placeholders(pattern)
    unknown = set(extra) - OPTIONAL_PLACEHOLDERS
    if unknown:
        raise ValueError(f"不支持的索引号字段：{'、'.join(sorted(unknown))}。")
    values: dict[str, object] = {"org_code": org_code, "yyyy": year, "serial": serial, **extra}
    missing = sorted({name for name, _spec in fields} - set(values))
    if missing:
        raise ValueError(f"索引号规则需要以下字段的值：{'、'.join(missing)}。")
    for name, value in (("org_code", org_code), *extra.items()):
        if not isinstance(value, str) or not value or re.search(r"\s", value):
            raise ValueError(f"索引号字段 {name} 的值不能为空或含空白字符：{value!r}。")
    if not 1949 <= year <= 2100:
        raise ValueError(f"年份应在1949至2100之间：{year}。")
    if serial < 1:
        raise ValueError(f"流水号应为正整数：{serial}。")
    _check_serial_width(fields, serial)
    return pattern.format_map(values)


def uscc_check_char(first17: str) -> str:
    """Compute the GB 32100-2015 check character for the first 17 characters of a USCC."""
    if len(first17) != 17 or any(char not in _USCC_VALUES for char in first17):
        raise ValueError("统一社会信用代码前17位含有非法字符或长度不正确。")
    total = sum(
        _USCC_VALUES[char] * weight for char, weight in zip(first17, _USCC_WEIGHTS, strict=True)
    )
    return _USCC_CHARSET[(31 - total % 31) % 31]


def _normalise_uscc(uscc: str) -> str:
    return uscc.strip().upper()


def is_valid_uscc(uscc: str) -> bool:
    """True if ``uscc`` is a well-formed 18-character 统一社会信用代码 with a valid check character.

    Surrounding whitespace and lower-case letters are tolerated.
    """
    code = _normalise_uscc(uscc)
    if not _USCC_RE.fullmatch(code):
        return False
    return uscc_check_char(code[:17]) == code[17]


def org_code_from_uscc(uscc: str) -> str:
    """Return the embedded 9-character 组织机构代码 (主体标识码, positions 9–17, 1-based).

    Raises ``ValueError`` if ``uscc`` is not a valid 统一社会信用代码.
    """
    if not is_valid_uscc(uscc):
        raise ValueError(f"统一社会信用代码“{uscc}”无效：应为18位且校验码正确（GB 32100-2015）。")
    return _normalise_uscc(uscc)[8:17]
