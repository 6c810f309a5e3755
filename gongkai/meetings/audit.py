"""Labels of the meetings module's audit actions (registered in its AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "meeting.created": _("拟订会议方案"),
    "meeting.updated": _("修改会议方案"),
    "meeting.item_added": _("增加议题"),
    "meeting.item_updated": _("修改议题"),
    "meeting.item_removed": _("删除议题"),
    "meeting.submitted": _("报送会议方案"),
    "meeting.approved": _("审定会议方案"),
    "meeting.reopened": _("退回修改方案"),
    "meeting.announced": _("发布会议预告"),
    "meeting.application_received": _("收到列席申请"),
    "meeting.attendees_selected": _("遴选列席人员"),
    "meeting.attendees_notified": _("通知列席人员"),
    "meeting.held": _("确认会议已召开"),
    "meeting.results_recorded": _("录入会议结果"),
    "meeting.link_added": _("增加报道或解读"),
    "meeting.link_removed": _("删除报道或解读"),
    "meeting.published": _("发布会议结果"),
    "meeting.cancelled": _("取消会议"),
}
