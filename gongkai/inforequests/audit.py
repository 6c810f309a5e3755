"""Labels of the 依申请公开 audit actions: the case history (条例第四十五条 records).
Registered in InfoRequestsConfig.ready."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "inforequest.submitted": _("提交申请"),
    "inforequest.received": _("确认收到申请"),
    "inforequest.correction_notified": _("一次性告知补正"),
    "inforequest.corrected": _("收到补正"),
    "inforequest.correction_lapsed": _("逾期未补正，终止办理"),
    "inforequest.assigned": _("分办"),
    "inforequest.extension_requested": _("申请延长答复期限"),
    "inforequest.extension_refused": _("不同意延长答复期限"),
    "inforequest.extended": _("延长答复期限"),
    "inforequest.consultation_started": _("征求意见"),
    "inforequest.consultation_answered": _("收到意见"),
    "inforequest.consultation_expired": _("征求意见期限届满"),
    "inforequest.fee_notified": _("发出收费通知"),
    "inforequest.fee_paid": _("缴纳信息处理费"),
    "inforequest.fee_lapsed": _("逾期未缴费，终止办理"),
    "inforequest.department_reported": _("承办单位反馈办理意见"),
    "inforequest.file_provided": _("添加提供的信息文件"),
    "inforequest.file_removed": _("删除提供的信息文件"),
    "inforequest.decided": _("作出决定"),
    "inforequest.transferred": _("告知负责公开的机关"),
    "inforequest.replied": _("答复"),
    "inforequest.archived": _("归档"),
    "inforequest.withdrawn": _("申请人撤回申请"),
    "inforequest.letter_drafted": _("起草文书"),
    "inforequest.letter_edited": _("修改文书"),
    "inforequest.letter_sent": _("发出文书"),
    "inforequest.letter_discarded": _("删除文书草稿"),
}
