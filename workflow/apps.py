from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    """三审三校 and 签发: the stages an article and an issue move through, and the sign-off rows
    that move them (who, when, which decision, with what opinion)."""

    name = "workflow"
    verbose_name = _("Editorial workflow")
