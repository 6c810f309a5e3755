from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "gongkai.calendars"
    verbose_name = "工作日历与法定期限"

    def ready(self) -> None:
        from gongkai.calendars import checks  # noqa: F401  (registers system checks)
