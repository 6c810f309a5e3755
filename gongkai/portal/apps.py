from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "门户网站"

    def ready(self) -> None:
        from gongkai.portal.builtin_columns import register_portal_columns

        register_portal_columns()
