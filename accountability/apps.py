from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    """Who answers for what: an issue's checklist and the per-editor and per-role report."""

    name = "accountability"
    verbose_name = _("Accountability")
