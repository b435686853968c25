from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The record of who changed what, the accountability report and the auditor role."""

    name = "audit"
    verbose_name = _("Audit")
