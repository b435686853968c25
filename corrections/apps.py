from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CorrectionsConfig(AppConfig):
    """勘误: after publication, content changes only through a correction that names the wrong
    and the right text, the reason and the chief editor who approved it, and is itself published."""

    name = "corrections"
    verbose_name = _("Corrections")

    def ready(self):
        from . import signals  # noqa: F401  connects the receivers

        # After the migrations (and this app's permissions): another app's migration may have
        # set the group's permissions anew (the workflow's editorial groups).
        post_migrate.connect(
            keep_chief_editors_approving, sender=self, dispatch_uid="corrections_chief_editors"
        )


def keep_chief_editors_approving(**kwargs):
    """The group 主编 may approve corrections, whichever migration set its permissions last."""
    from django.contrib.auth.models import Group, Permission

    from .roles import grant_chief_editors

    grant_chief_editors(Group, Permission, create=False)
