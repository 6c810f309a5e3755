from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"

    def ready(self) -> None:
        from gongkai.search import checks, providers, receivers  # noqa: F401

        providers.register_document_provider()
        providers.register_interpretation_provider()
        receivers.connect()
