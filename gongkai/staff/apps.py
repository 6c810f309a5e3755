from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "gongkai.staff"
    verbose_name = "工作人员后台"
