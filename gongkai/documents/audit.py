"""Labels of the documents module's audit actions (registered in DocumentsConfig.ready)."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "document.created": _("起草"),
    "document.updated": _("修改草稿"),
    "document.submitted": _("报送审签"),
    "document.disclosure_reviewed": _("公开属性审查通过"),
    "document.legality_reviewed": _("合法性审核通过"),
    "document.re_signed_off": _("成文后变动重新审签"),
    "document.returned": _("退回（退文）"),
    "document.signed_off": _("审签"),
    "document.accepted": _("区政府办公室审核通过"),
    "document.confidentiality_reviewed": _("保密审查"),
    "document.published": _("发布"),
    "document.withdrawn": _("撤回"),
    "document.repealed": _("废止"),
    "document.converted_to_proactive": _("转为主动公开"),
    "document.expired": _("失效"),
    "document.attachment_added": _("上传附件"),
    "document.attachment_removed": _("删除附件"),
    "document.statutory_item_tagged": _("标注法定主动公开事项"),
    "document.statutory_item_untagged": _("取消标注法定主动公开事项"),
    # Data migrations of issue 11 (documents 0005, 0006): rows changed without a person.
    "document.reasons_migrated": _("公开属性理由分列（数据迁移，请复核）"),
    "document.organ_migrated": _("代拟稿改以区政府名义发布（数据迁移）"),
}

# A document has one clock, the publication deadline (条例第二十六条).
CLOCK_LABELS = {
    "clock.opened": _("发布期限起算"),
}
