"""Masking personal data in free text before a message is published (留言选登).

Pure Python. A citizen's message and the reply may mention the writer's name, telephone
numbers, identity-card numbers, e-mail addresses, bank cards and licence plates; the public
copy keeps the substance and hides these. Names known to the caller (the writer's own) are
replaced wherever they appear; a name is masked as its first character followed by ＊ (the
usual “张＊＊” of published message boards).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["mask_name", "mask_text"]

MASK = "＊"

# Order matters: an 18-digit identity number also looks like a long digit run.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # 居民身份证号码 (18 characters, the last may be X)
    (re.compile(r"(?<![0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}[0-9]{7}[0-9Xx](?![0-9Xx])"), "id"),
    # e-mail addresses
    (re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"), "email"),
    # mainland mobile numbers, with or without +86 and separators
    (re.compile(r"(?<![0-9])(?:\+?86[\- ]?)?1[3-9][0-9](?:[\- ]?[0-9]{4}){2}(?![0-9])"), "phone"),
    # fixed lines: 0411-12345678, (0411)1234567
    (re.compile(r"(?<![0-9])(?:\(0[0-9]{2,3}\)|0[0-9]{2,3}-)[0-9]{7,8}(?![0-9])"), "phone"),
    # bank card and other long digit runs (12+ digits)
    (re.compile(r"(?<![0-9])[0-9]{12,19}(?![0-9])"), "digits"),
    # licence plates: 辽B12345, 辽B·D12345
    (
        re.compile(
            r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·\s]?[A-Z0-9]{5,6}"
        ),
        "plate",
    ),
)


def mask_name(name: str) -> str:
    """张三 → 张＊, 欧阳小明 → 欧＊＊＊; empty stays empty."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + MASK * max(1, len(name) - 1)


def _mask_match(match: re.Match[str]) -> str:
    value = match.group(0)
    visible = 3 if len(value) > 7 else 1
    return value[:visible] + MASK * (len(value) - visible)


def mask_text(text: str, names: Iterable[str] = ()) -> str:
    """`text` with personal data masked: the given names everywhere, then the patterns."""
    for name in sorted(
        {n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True
    ):
        text = text.replace(name, mask_name(name))
    for pattern, _kind in _PATTERNS:
        text = pattern.sub(_mask_match, text)
    return text
