from django.apps import AppConfig


class InfoRequestsConfig(AppConfig):
    name = "gongkai.inforequests"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.inforequests.views_staff import inbox_links
        from gongkai.staff import inbox

        inbox.register("inforequests", inbox_links)
