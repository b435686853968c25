"""Admin actions on selected issues: download their metadata in each export format.

IssueAdmin lists `export_actions`; they need only the view permission, so auditors who may
only view issues can use them.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .services import export_filename, export_response, issues_for_export


def _export_action(format_name: str, description):
    def export(modeladmin, request, queryset):
        issues = issues_for_export(issue_ids=queryset.values_list("pk", flat=True))
        return export_response(
            format_name,
            issues,
            filename=export_filename(format_name, periodical=None, stem="selected"),
            base_url=request.build_absolute_uri("/"),
        )

    export.__name__ = f"export_{format_name}"
    return admin.action(description=description, permissions=["view"])(export)


export_actions = [
    _export_action("csv", _("Export as CSV")),
    _export_action("xlsx", _("Export as XLSX")),
    _export_action("json", _("Export as JSON")),
    _export_action("xml", _("Export as Dublin Core XML")),
]
