"""Admin pages of accountability, included under admin/ before the admin site's own URLs."""

from django.contrib import admin
from django.urls import path

from .accountability_views import accountability_report_view, issue_checklist_view

urlpatterns = [
    path(
        "audit/accountability/",
        admin.site.admin_view(accountability_report_view),
        name="audit_accountability_report",
    ),
    path(
        "issues/issue/<int:object_id>/checklist/",
        admin.site.admin_view(issue_checklist_view),
        name="audit_issue_checklist",
    ),
]
