from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeriodicalConfig(AppConfig):
    name = "periodical"
    verbose_name = _("Periodicals")
