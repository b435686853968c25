from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    """The editors' desk: admin pages that put several apps on one screen, such as the issue
    page with its masthead, articles, highlights, photos, 目录 preview and export actions."""

    name = "editorial"
    verbose_name = _("Editorial desk")
