"""Labels of the annual-report audit actions (registered in ReportsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "annual_report.created": _("新建年度报告"),
    "annual_report.regenerated": _("重新生成年度报告数据"),
    "annual_report.section_edited": _("修改年度报告正文"),
    "annual_report.figure_entered": _("填报表二数据"),
    "annual_report.checked": _("核验年度报告"),
    "annual_report.signed_off": _("审签年度报告"),
    "annual_report.published": _("发布年度报告"),
    "annual_report.reopened": _("退回修改年度报告"),
    "self_inspection.generated": _("生成年度自查清单"),
    "self_inspection.decided": _("自查事项处理"),
    "self_inspection.due_set": _("设定自查期限"),
    "work_priority.added": _("登记年度政务公开工作要点"),
    "work_priority.updated": _("更新工作要点进展"),
    "remedy_case.recorded": _("登记行政复议、行政诉讼案件"),
    "remedy_case.updated": _("更新行政复议、行政诉讼案件"),
}
