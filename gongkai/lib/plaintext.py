"""Plain text written by the public (comments, survey answers): one cleaning rule.

Control characters other than newline and tab are dropped (they break exports, terminals and
PostgreSQL's text type for NUL); surrounding blanks are stripped. HTML is kept as typed:
templates escape it and nothing renders it.
"""

from __future__ import annotations

__all__ = ["clean_plain_text", "drop_control_characters"]


def drop_control_characters(value: str) -> str:
    """Control characters other than newline and tab removed; nothing else changed."""
    return "".join(ch for ch in value if ch in "\n\t" or ord(ch) >= 32)


def clean_plain_text(value: str) -> str:
    return drop_control_characters(value).strip()
