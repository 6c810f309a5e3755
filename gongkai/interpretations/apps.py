from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretationsConfig(AppConfig):
    name = "gongkai.interpretations"
    label = "interpretations"
    verbose_name = "政策解读"

    def ready(self) -> None:
        # Gate G8 (谁起草谁解读, 三同步) plugs into the document services; registering is
        # idempotent so a second ready() (tests, autoreload) does not run the checks twice.
        from gongkai.core.kit import hooks
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.core.kit.workflow import register_actions
        from gongkai.interpretations import columns, gates, inbox, panels, search, services
        from gongkai.interpretations.actions import ACTIONS
        from gongkai.interpretations.audit import ACTION_LABELS
        from gongkai.interpretations.models import Interpretation

        register_actions(Interpretation, ACTIONS)
        register_audit_actions(ACTION_LABELS)
        search.register_provider()
        hooks.register("pre_sign_off_checks", gates.check_g8_at_sign_off, key="g8")
        hooks.register("pre_government_checks", gates.check_g8_for_government, key="g8")
        hooks.register("pre_publish_checks", gates.check_g8_before_publish, key="g8")
        hooks.register("document_return_suggestions", gates.suggested_return, key="g8")
        hooks.register(
            "publish_companions", services.interpretations_publish_with, key="interpretations"
        )
        hooks.register(
            "staff_menu",
            hooks.MenuItem(
                "interpretations",
                _("政策解读"),
                "interpretations:list",
                order=30,
                app_name="interpretations",
            ),
            key="interpretations",
        )
        hooks.register("inbox", inbox.inbox_links, key="interpretations")
        for panel in panels.PANELS:
            hooks.register("detail_panels", panel, key=panel.key)
        # The portal column 政策性文件解读 (a registered, pluggable column).
        columns.register()
