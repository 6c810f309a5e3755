"""Labels of the mailbox's audit actions (registered in MailboxConfig.ready)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "message.submitted": _("提交留言"),
    "message.accepted": _("受理留言"),
    "message.transferred": _("转办"),
    "message.replied": _("答复留言"),
    "message.converted": _("转依申请公开"),
    "message.inforequest_filed": _("留言人提交依申请公开申请"),
    "message.referred": _("转信访"),
    "message.rejected": _("不予受理"),
    "message.published": _("选登"),
    "message.unpublished": _("撤销选登"),
    "message.rated": _("留言人评价"),
    "solicitation.created": _("新建征集调查"),
    "solicitation.updated": _("修改征集调查"),
    "solicitation.published": _("发布征集调查"),
    "solicitation.opened": _("开始征集"),
    "solicitation.closed": _("结束征集"),
    "solicitation.withdrawn": _("撤回征集调查"),
    "solicitation.answer_featured": _("选登回答"),
    "solicitation.answer_unfeatured": _("取消选登回答"),
    "solicitation.reported": _("公布结果反馈"),
    "solicitation.exported": _("导出答卷"),
}
