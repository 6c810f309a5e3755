from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "静态发布"

    def ready(self) -> None:
        from gongkai.publishing import receivers

        receivers.connect()
