from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gongkai.documents"
    verbose_name = "公文与主动公开"

    def ready(self) -> None:
        from gongkai.calendars.clocktypes import register_clock_type
        from gongkai.core.kit.audit import register_audit_actions
        from gongkai.core.kit.workflow import register_actions
        from gongkai.documents import clocks, columns, search
        from gongkai.documents.actions import ACTIONS
        from gongkai.documents.audit import ACTION_LABELS, CLOCK_LABELS
        from gongkai.documents.models import Document

        for clock_type in clocks.CLOCK_TYPES:
            register_clock_type(clock_type)
        register_actions(Document, ACTIONS)
        register_audit_actions(ACTION_LABELS)
        register_audit_actions(CLOCK_LABELS, scope="document")
        search.register_provider()
        columns.register_columns()
