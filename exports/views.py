"""The export endpoint: issue metadata as a file, for auditors and libraries."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.views import APIView

from core.api import can_see_drafts

from .serializers import ExportParametersSerializer
from .services import FORMATS, export_filename, export_response, issues_for_export


class CanViewIssues(permissions.BasePermission):
    """Signed-in users who may view issues: editors and auditors."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and user.has_perm("issues.view_issue"))


class FormatIsTheFileFormat(DefaultContentNegotiation):
    """`?format=` names the export's file format here, not DRF's renderer: errors are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class IssueExportView(APIView):
    """Issues and their articles as CSV, XLSX, JSON or Dublin Core XML, streamed."""

    permission_classes = [CanViewIssues]
    content_negotiation_class = FormatIsTheFileFormat

    @extend_schema(
        summary=_("Export issue metadata (CSV, XLSX, JSON, Dublin Core XML)"),
        description=_(
            "One issue, a year, a range of publication dates or a whole periodical, as a file: "
            "CSV (UTF-8 with a byte-order mark, one row per article), XLSX (a sheet of issues "
            "and their masthead, a sheet of articles), JSON (seed documents that "
            "load_seed_data loads back) or OAI-PMH ListRecords of Dublin Core records. Needs "
            "the permission to view issues; drafts only for staff."
        ),
        parameters=[ExportParametersSerializer],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=_("CSV file.")),
            (200, FORMATS["xlsx"].content_type): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("XLSX workbook.")
            ),
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description=_("JSON export of the issues.")
            ),
            (200, "text/xml"): OpenApiResponse(
                OpenApiTypes.BINARY, description=_("OAI-PMH ListRecords, oai_dc.")
            ),
            400: OpenApiResponse(description=_("A parameter is wrong: a message per parameter.")),
        },
    )
    def get(self, request):
        parameters = ExportParametersSerializer(data=request.query_params)
        parameters.is_valid(raise_exception=True)
        options = parameters.validated_data
        format_name = options.pop("format")
        issues = issues_for_export(**options, include_drafts=can_see_drafts(request.user))
        filename = export_filename(
            format_name, periodical=options.get("periodical"), stem=parameters.filename_stem()
        )
        return export_response(
            format_name, issues, filename=filename, base_url=request.build_absolute_uri("/")
        )
