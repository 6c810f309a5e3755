"""Per-IP rate limits of the public pages, counted in Django's cache.

- Tracking look-up (case number + query code): failed look-ups are counted for a fixed window
  that starts with the first failure; once the limit is reached every look-up from that
  address is refused until the window ends, so query codes cannot be guessed. Successful
  look-ups do not reset the count (an attacker with one valid code could otherwise
  interleave it). The tracking page and the API use the same two functions.
- Online application form: every submission (valid or not) from an address counts; past the
  limit the form answers 429 until the window ends (flood protection). Applications accepted
  before are stored already and are not affected.

The counters are the kit's (gongkai.core.kit.throttle), shared with the public mailbox.
"""

from __future__ import annotations

from gongkai.core.kit.throttle import RateLimit
from gongkai.inforequests.conf import setting

__all__ = [
    "submission_blocked",
    "submission_counted",
    "tracking_blocked",
    "tracking_failed",
]

TRACKING = RateLimit(
    "inforequests:track-failures",
    limit=lambda: int(setting("GONGKAI_INFOREQUEST_TRACK_MAX_FAILURES")),
    window=lambda: int(setting("GONGKAI_INFOREQUEST_TRACK_WINDOW_SECONDS")),
)
SUBMISSIONS = RateLimit(
    "inforequests:submissions",
    limit=lambda: int(setting("GONGKAI_INFOREQUEST_SUBMIT_MAX")),
    window=lambda: int(setting("GONGKAI_INFOREQUEST_SUBMIT_WINDOW_SECONDS")),
)


def tracking_blocked(ip: str) -> bool:
    return TRACKING.blocked(ip)


def tracking_failed(ip: str) -> int:
    """Count one failed look-up; returns the failures in the current window."""
    return TRACKING.counted(ip)


def submission_blocked(ip: str) -> bool:
    return SUBMISSIONS.blocked(ip)


def submission_counted(ip: str) -> int:
    """Count one submission of the online form; returns the count in the current window."""
    return SUBMISSIONS.counted(ip)
