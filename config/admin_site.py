"""The admin site: its index ordered by the editors' daily work, not by the alphabet."""

from django.contrib import admin

# Apps by how often an editor needs them: the issue and its articles first, the people and
# the periodical's settings next, then exports, imports and auditing, accounts last.
APP_ORDER = (
    "issues",
    "articles",
    "workflow",
    "corrections",
    "contributors",
    "periodical",
    "exports",
    "imports",
    "audit",
    "axes",
    "auth",
    "authtoken",
)


class EditorialAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        rank = {label: place for place, label in enumerate(APP_ORDER)}
        return sorted(apps, key=lambda app: (rank.get(app["app_label"], len(rank)), app["name"]))
