"""Labels of the interpretations module's audit actions (registered in its AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "interpretation.created": _("起草解读"),
    "interpretation.updated": _("修改解读"),
    "interpretation.signed_off": _("审签"),
    "interpretation.reopened": _("撤销审签"),
    "interpretation.published": _("发布"),
    "interpretation.withdrawn": _("撤回"),
    "interpretation.media_added": _("上传解读材料"),
    "interpretation.media_removed": _("删除解读材料"),
}
