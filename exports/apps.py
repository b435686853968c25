from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    """Issue metadata for auditors and libraries: CSV, XLSX, JSON and Dublin Core."""

    name = "exports"
    verbose_name = _("Exports")
