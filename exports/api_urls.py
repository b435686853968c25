"""The export endpoint's address, included by periodical/api_urls.py."""

from django.urls import path

from .views import IssueExportView

urlpatterns = [path("exports/issues/", IssueExportView.as_view(), name="export-issues")]
