from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "静态发布"

    def ready(self) -> None:
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.publishing import receivers

        receivers.connect()
        register_audit_actions(
            {
                "document.statutory_item_tagged": _("标注法定主动公开事项"),
                "document.statutory_item_untagged": _("取消标注法定主动公开事项"),
            }
        )
