from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "gongkai.demo"
    label = "demo"
    verbose_name = "演示数据"

    def ready(self) -> None:
        from gongkai.demo import seeders  # noqa: F401  (each module registers its seeder)
