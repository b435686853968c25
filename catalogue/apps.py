from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """What readers are shown of an issue, composed from the apps below: the printed 目录 and
    masthead, and what each contributor did."""

    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        # The lean path builds the 目录 and the masthead itself where it has no recorded answer.
        from core import fastpath

        from .lean import ISSUE_PAGE

        fastpath.LEAN_PAGES["issue page"] = ISSUE_PAGE
