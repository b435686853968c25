from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running the project: backing up and restoring its database and media files."""

    name = "operations"
    verbose_name = _("Operations")
