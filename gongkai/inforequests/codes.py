"""Case numbers and private query codes (查询码) of 依申请公开.

The code machinery is the kit's (gongkai.core.kit.querycodes), shared with the public
mailbox; this module fixes the salt of 依申请公开 codes and the case-number format.
"""

from __future__ import annotations

from gongkai.core.kit import querycodes
from gongkai.core.kit.querycodes import hash_query_code, normalise_query_code, query_code_matches
from gongkai.inforequests.conf import setting

__all__ = [
    "format_case_number",
    "hash_query_code",
    "new_query_code",
    "normalise_query_code",
    "query_code_matches",
]

SALT = "gongkai.inforequests.query_code"


def format_case_number(year: int, serial: int) -> str:
    return f"{setting('GONGKAI_INFOREQUEST_CASE_PREFIX')}-{year}-{serial:06d}"


def new_query_code(client_token: str | None = None) -> str:
    return querycodes.new_query_code(client_token, salt=SALT)
