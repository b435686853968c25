"""Admin pages of accountability, included under admin/ before the admin site's own URLs."""

from django.contrib import admin
from django.urls import path

from .views import accountability_report_view, issue_checklist_view

urlpatterns = [
    path(
        "accountability/report/",
        admin.site.admin_view(accountability_report_view),
        name="accountability_report",
    ),
    path(
        "issues/issue/<int:object_id>/checklist/",
        admin.site.admin_view(issue_checklist_view),
        name="accountability_issue_checklist",
    ),
]
