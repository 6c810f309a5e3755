"""Every mutation of an information disclosure request (依申请公开) goes through these functions.

The online form, the staff pages, the JSON API, admin actions and the management commands all
call them, so clocks, permissions and the audit trail are the same on every path. Each
service: locks the row, checks permission (NotPermitted), asks the workflow
(TransitionNotAllowed), checks the statutory limits (GateRefused "G11"–"G13") and the input
(InvalidInput), mutates, updates the clocks, records an `inforequest.*` AuditEvent and sends
`signals.inforequest_event` on commit.

Clocks (calendars.Clock, subject = the request; domain.md §3.5–3.8, §9):

- REPLY, 20 working days from receipt (条例第三十三条); +≤20 once on extension (第二款);
  paused during consultations (第三十三条第三款) and from a fee notice to payment (收费办法);
  closed by a correction notice and counted afresh from the corrected application (第三十条).
- CORRECTION_NOTICE, 7 working days from receipt: the window for the one-time 补正 notice.
- CORRECTION_PERIOD, the period given to the applicant, from the day the applicant receives
  the notice; lapsing makes a staff task to confirm there is no 正当理由 (第三十条).
- THIRD_PARTY / OTHER_ORGAN, 15 working days from delivery of the letter (第三十二条, 第三十四条).
- FEE_PAYMENT, 20 working days from the day after the applicant receives the fee notice.
"""

from gongkai.inforequests.services._common import (
    CONSULTATION_DAYS,
    CORRECTION_NOTICE_DAYS,
    FEE_PAYMENT_DAYS,
    REPLY_DAYS,
)
from gongkai.inforequests.services.correction import (
    inforequest_close_correction_overdue,
    inforequest_correction_notice_delivered,
    inforequest_flag_correction_lapse,
    inforequest_notify_correction,
    inforequest_receive_correction,
)
from gongkai.inforequests.services.decision import (
    inforequest_archive,
    inforequest_decide,
    inforequest_reply,
    inforequest_transfer,
    inforequest_withdraw,
)
from gongkai.inforequests.services.fees import (
    inforequest_close_fee_overdue,
    inforequest_fee_notice,
    inforequest_fee_paid,
)
from gongkai.inforequests.services.handling import (
    consultation_answer,
    consultation_close_expired,
    consultation_disclosure_notice,
    consultation_disclosure_notice_delivered,
    consultation_start,
    inforequest_assign,
    inforequest_department_report,
    inforequest_extend,
    inforequest_refuse_extension,
    inforequest_request_extension,
)
from gongkai.inforequests.services.jobs import SweepResult, inforequests_sweep
from gongkai.inforequests.services.letters import (
    letter_content,
    letter_discard,
    letter_draft,
    letter_send,
    letter_update,
)
from gongkai.inforequests.services.mass import (
    inforequest_request_reasons,
    inforequest_set_delayed_deadline,
)
from gongkai.inforequests.services.provided import (
    Upload,
    provided_file_add,
    provided_file_remove,
)
from gongkai.inforequests.services.reminders import ReminderRun, reminders_send
from gongkai.inforequests.services.review import inforequest_review_release
from gongkai.inforequests.services.submission import (
    Submission,
    inforequest_confirm_receipt,
    inforequest_submit,
)

__all__ = [
    "CONSULTATION_DAYS",
    "CORRECTION_NOTICE_DAYS",
    "FEE_PAYMENT_DAYS",
    "REPLY_DAYS",
    "ReminderRun",
    "Submission",
    "SweepResult",
    "consultation_answer",
    "consultation_close_expired",
    "consultation_disclosure_notice",
    "consultation_disclosure_notice_delivered",
    "consultation_start",
    "inforequest_archive",
    "inforequest_assign",
    "inforequest_close_correction_overdue",
    "inforequest_close_fee_overdue",
    "inforequest_confirm_receipt",
    "inforequest_correction_notice_delivered",
    "inforequest_decide",
    "inforequest_department_report",
    "inforequest_extend",
    "provided_file_add",
    "provided_file_remove",
    "Upload",
    "inforequest_refuse_extension",
    "inforequest_request_extension",
    "inforequest_flag_correction_lapse",
    "inforequest_fee_notice",
    "inforequest_fee_paid",
    "inforequest_notify_correction",
    "inforequest_receive_correction",
    "inforequest_reply",
    "inforequest_request_reasons",
    "inforequest_review_release",
    "inforequest_set_delayed_deadline",
    "inforequest_submit",
    "inforequest_transfer",
    "inforequest_withdraw",
    "inforequests_sweep",
    "letter_content",
    "letter_discard",
    "letter_draft",
    "letter_send",
    "letter_update",
    "reminders_send",
]
