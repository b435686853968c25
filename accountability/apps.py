from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountabilityConfig(AppConfig):
    """Who answers for what: an issue's checklist and the per-editor and per-role report."""

    name = "accountability"
    verbose_name = _("Accountability")

    def ready(self):
        from workflow.services import register_sign_check

        from .reports import checklist_sign_blockers

        # 签发 needs the checklist clear (or a recorded override): the workflow, a floor
        # below, asks through this hook.
        register_sign_check(checklist_sign_blockers)
