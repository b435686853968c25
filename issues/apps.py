from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IssuesConfig(AppConfig):
    name = "issues"
    verbose_name = _("Issues and mastheads")

    def ready(self):
        from core.effects import ISSUE_CONTENT_CHANGED, register_effect

        from . import signals  # connects the receivers

        register_effect(ISSUE_CONTENT_CHANGED, signals.touch_issues)
        register_effect(ISSUE_CONTENT_CHANGED, signals.purge_published_issues)
