"""Installed third-party apps that need a word of ours, here where the project is wired."""

from axes.apps import AppConfig as AxesAppConfig
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class LoginProtectionConfig(AxesAppConfig):
    """django-axes (failed logins, lockouts), under a Chinese name in the admin."""

    verbose_name = _("Login protection")

    def ready(self):
        super().ready()
        from axes.admin import AccessAttemptAdmin

        # axes' lock column has no label: the admin would title it with the untranslatable
        # method name ("Status"); the admin app (listed first) has registered it by now.
        AccessAttemptAdmin.status.short_description = _("Status")


class EditorialAdminConfig(AdminConfig):
    """Django's admin, with the site that orders the index by the editors' daily work."""

    default_site = "config.admin_site.EditorialAdminSite"
