from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Print issues read from their text (pdftotext) into draft issues for editors to check."""

    name = "imports"
    verbose_name = _("Imports")
