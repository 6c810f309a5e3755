"""Labels of the 舆情 module's audit actions (history pages)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "opinion_case.created": _("登记舆情"),
    "opinion_case.interpreter_notified": _("通知解读部门解疑释惑"),
    "opinion_case.allocated": _("确认第一责任主体"),
    "opinion_case.disputed": _("对责任主体提出异议"),
    "opinion_case.dispute_decided": _("裁定责任主体"),
    "opinion_case.consulted": _("记录会商"),
    "opinion_case.analysed": _("记录研判"),
    "opinion_case.responded": _("记录回应"),
    "opinion_case.response_published": _("在“回应关切”发布回应"),
    "opinion_case.response_unpublished": _("撤下“回应关切”中的回应"),
    "opinion_case.response_finished": _("回应完毕，转入评估"),
    "opinion_case.evaluated": _("评估并办结"),
    "opinion_case.dismissed": _("认定不属于政务舆情"),
    "opinion_case.regraded": _("调整舆情等级"),
}
