from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = _("Issues and mastheads")

    def ready(self):
        from . import signals  # noqa: F401  (connects the receivers)
