from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from gongkai.search import checks, receivers  # noqa: F401

        receivers.connect()
