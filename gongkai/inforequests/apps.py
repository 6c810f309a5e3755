from django.apps import AppConfig


class InfoRequestsConfig(AppConfig):
    name = "gongkai.inforequests"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.core.kit.workflow import register_actions
        from gongkai.inforequests.actions import ACTIONS
        from gongkai.inforequests.audit import ACTION_LABELS
        from gongkai.inforequests.models import InfoRequest
        from gongkai.inforequests.views_staff import inbox_links
        from gongkai.staff import inbox

        register_actions(InfoRequest, ACTIONS)
        register_audit_actions(ACTION_LABELS)
        inbox.register("inforequests", inbox_links)
