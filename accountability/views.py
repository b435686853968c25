"""The checklist of an issue and the accountability report: admin pages, downloads and API.

Auditors (the 审计员 group, view permissions on everything) and editors who may view issues
see them; drafts included. Everyone else gets a 403 (or the admin login).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.api import CacheHeadersMixin, can_see_drafts
from core.tabular import csv_response, xlsx_response
from issues.models import Issue

from .forms import ReportPeriodForm
from .reports import (
    issue_checklist,
    masthead_role_report,
    responsible_editor_report,
    sign_off_report,
)
from .serializers import (
    ChecklistSerializer,
    EditorReportSerializer,
    RoleReportSerializer,
    SignOffReportSerializer,
)
from .tables import (
    checklist_table,
    editor_table,
    role_table,
    sign_off_table,
)


def can_audit(user) -> bool:
    """Who may see checklists and reports: staff who may view issues, drafts included."""
    return can_see_drafts(user)


def _download_urls(request, *kinds: str) -> dict[str, str]:
    """This page's address with ?download=<kind>, keeping the other parameters."""
    urls = {}
    for kind in kinds:
        query = request.GET.copy()
        query["download"] = kind
        urls[kind.replace("-", "_")] = f"?{query.urlencode()}"
    return urls


def issue_checklist_view(request, object_id):
    """Admin: the checklist of one issue, or its CSV or XLSX with ?download=csv|xlsx."""
    if not can_audit(request.user):
        raise PermissionDenied
    issue = get_object_or_404(Issue.objects.select_related("periodical"), pk=object_id)
    checklist = issue_checklist(issue)
    download = request.GET.get("download")
    filename = f"checklist-issue-{issue.pk}"
    if download == "csv":
        return csv_response(checklist_table(checklist), f"{filename}.csv")
    if download == "xlsx":
        return xlsx_response([checklist_table(checklist)], f"{filename}.xlsx")
    context = {
        **admin.site.each_context(request),
        "title": _("Checklist of %(issue)s") % {"issue": issue},
        "opts": Issue._meta,
        "original": issue,
        "checklist": checklist,
        "downloads": _download_urls(request, "csv", "xlsx"),
    }
    return TemplateResponse(request, "admin/accountability/issue_checklist.html", context)


def accountability_report_view(request):
    """Admin: per responsible editor, per masthead role and per article (who signed each
    stage), in the period the form chooses; downloads with
    ?download=csv-editors|csv-roles|csv-sign-offs|xlsx."""
    if not can_audit(request.user):
        raise PermissionDenied
    form = ReportPeriodForm(request.GET)
    context = {
        **admin.site.each_context(request),
        "title": _("Accountability report"),
        "form": form,
    }
    if form.is_valid():
        period = form.report_arguments()
        editors = responsible_editor_report(**period)
        roles = masthead_role_report(**period)
        signatures = sign_off_report(**period)
        download = request.GET.get("download")
        if download == "csv-editors":
            return csv_response(editor_table(editors), "responsible-editors.csv")
        if download == "csv-roles":
            return csv_response(role_table(roles), "masthead-roles.csv")
        if download == "csv-sign-offs":
            return csv_response(sign_off_table(signatures), "sign-offs.csv")
        if download == "xlsx":
            sheets = [editor_table(editors), role_table(roles), sign_off_table(signatures)]
            return xlsx_response(sheets, "accountability.xlsx")
        context.update(
            editors=editors,
            roles=roles,
            signatures=signatures,
            downloads=_download_urls(request, "csv-editors", "csv-roles", "csv-sign-offs", "xlsx"),
        )
    return TemplateResponse(request, "admin/accountability/report.html", context)


class CanAudit(permissions.BasePermission):
    """Auditors and editors who may view issues (see can_audit)."""

    def has_permission(self, request, view):
        return can_audit(request.user)


PERIOD_PARAMETERS = [
    OpenApiParameter(
        name,
        OpenApiTypes.INT if name == "year" else OpenApiTypes.STR,
        description=ReportPeriodForm.base_fields[name].help_text,
    )
    for name in ReportPeriodForm.base_fields
]
for parameter in PERIOD_PARAMETERS:
    if parameter.name.startswith("date_"):
        parameter.type = OpenApiTypes.DATE


class AccountabilityViewSet(CacheHeadersMixin, viewsets.ViewSet):
    """The checklist of an issue and the accountability report: auditors and editors only."""

    permission_classes = [CanAudit]

    @extend_schema(
        summary=_("The completeness checklist of an issue"),
        description=_(
            "The checks an auditor runs before sign-off, each with its rule and the articles "
            "or photos breaking it; drafts included."
        ),
        parameters=[
            OpenApiParameter(
                "issue_id",
                OpenApiTypes.INT,
                OpenApiParameter.PATH,
                description=_("Id of the issue."),
            )
        ],
        responses=ChecklistSerializer,
    )
    @action(detail=False, url_path=r"issues/(?P<issue_id>[0-9]+)/checklist")
    def checklist(self, request, issue_id):
        issue = get_object_or_404(Issue.objects.select_related("periodical"), pk=issue_id)
        return Response(ChecklistSerializer(issue_checklist(issue)).data)

    @extend_schema(
        summary=_("Articles per responsible editor"),
        description=_(
            "Per responsible editor, in pinyin order, the articles they answered for in the "
            "issues of the period, counted per issue; and the articles without an editor."
        ),
        parameters=PERIOD_PARAMETERS,
        responses=EditorReportSerializer,
    )
    @action(detail=False, url_path="editors")
    def editors(self, request):
        report = responsible_editor_report(**self._period())
        return Response(EditorReportSerializer(report).data)

    @extend_schema(
        summary=_("People per masthead role"),
        description=_(
            "Per masthead role, the people in it and the issues of the period that listed them."
        ),
        parameters=PERIOD_PARAMETERS,
        responses=RoleReportSerializer,
    )
    @action(detail=False, url_path="masthead-roles")
    def masthead_roles(self, request):
        roles = masthead_role_report(**self._period())
        return Response(RoleReportSerializer({"roles": roles}).data)

    @extend_schema(
        summary=_("每篇稿件各阶段的签署人与时间"),
        description=_(
            "期间内各期的每篇稿件：各阶段最近一次“通过”的签署人和时间；导入的稿件没有签署记录。"
        ),
        parameters=PERIOD_PARAMETERS,
        responses=SignOffReportSerializer,
    )
    @action(detail=False, url_path="sign-offs")
    def sign_offs(self, request):
        articles = sign_off_report(**self._period())
        return Response(SignOffReportSerializer({"articles": articles}).data)

    def _period(self) -> dict:
        """The report's period from the query parameters; a 400 per wrong parameter."""
        form = ReportPeriodForm(self.request.query_params)
        if not form.is_valid():
            raise ValidationError(
                {name: [str(message) for message in errors] for name, errors in form.errors.items()}
            )
        return form.report_arguments()
