from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    verbose_name = "核心"

    def ready(self) -> None:
        from gongkai.core import checks  # noqa: F401  (registers system checks)
        from gongkai.core.dates import install_form_date_bounds

        install_form_date_bounds()
