from django.apps import AppConfig


class InterpretationsConfig(AppConfig):
    name = "gongkai.interpretations"
    label = "interpretations"
    verbose_name = "政策解读"

    def ready(self) -> None:
        # Gate G8 (谁起草谁解读, 三同步) plugs into the document services; registering is
        # idempotent so a second ready() (tests, autoreload) does not run the checks twice.
        from gongkai.documents import services as document_services
        from gongkai.interpretations import columns, gates, services

        for hooks, check in (
            (document_services.PRE_SIGN_OFF_CHECKS, gates.check_g8_at_sign_off),
            (document_services.PRE_GOVERNMENT_CHECKS, gates.check_g8_for_government),
            (document_services.PRE_PUBLISH_CHECKS, gates.check_g8_before_publish),
            (document_services.PUBLISH_COMPANIONS, services.interpretations_publish_with),
        ):
            if check not in hooks:
                hooks.append(check)
        # The portal column 政策性文件解读 (a registered, pluggable column).
        columns.register()
