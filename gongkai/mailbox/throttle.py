"""Rate limits of the mailbox's public pages (the kit's RateLimit, per source address).

- the form: every submission (valid or not) from one address counts; past the limit the
  form answers 429 with a Chinese message until the window ends. Messages from other
  addresses, and those accepted before, are not affected (they are stored already).
- tracking: failed look-ups of 留言编号 + 查询码 per address (codes cannot be guessed).
"""

from __future__ import annotations

from gongkai.core.kit.throttle import RateLimit
from gongkai.mailbox.conf import setting

SUBMISSIONS = RateLimit(
    "mailbox:submissions",
    limit=lambda: int(setting("GONGKAI_MAILBOX_SUBMIT_MAX")),
    window=lambda: int(setting("GONGKAI_MAILBOX_SUBMIT_WINDOW_SECONDS")),
)
TRACKING = RateLimit(
    "mailbox:track-failures",
    limit=lambda: int(setting("GONGKAI_MAILBOX_TRACK_MAX_FAILURES")),
    window=lambda: int(setting("GONGKAI_MAILBOX_TRACK_WINDOW_SECONDS")),
)
SURVEY_ANSWERS = RateLimit(
    "mailbox:survey-answers",
    limit=lambda: int(setting("GONGKAI_SURVEY_SUBMIT_MAX")),
    window=lambda: int(setting("GONGKAI_SURVEY_SUBMIT_WINDOW_SECONDS")),
)
