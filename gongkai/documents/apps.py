from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gongkai.documents"
    verbose_name = "公文与主动公开"
