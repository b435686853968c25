from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    """勘误: after publication, content changes only through a correction that names the wrong
    and the right text, the reason and the chief editor who approved it, and is itself published."""

    name = "corrections"
    verbose_name = _("Corrections")

    def ready(self):
        from . import signals  # noqa: F401
