"""API views of issues: the list, one issue, publishing. Its 目录 and masthead: catalogue.views."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import (
    IssueConditionalMixin,
    ListConditionalMixin,
    VersionedMixin,
    can_see_drafts,
    versioned_write_schema,
)
from core.viewsets import CatalogViewSet

from .filters import IssueFilter
from .models import Issue
from .serializers import IssueSerializer
from .services import issue_publish, issue_unpublish


class CanChangeIssue(permissions.BasePermission):
    """Publishing and withdrawing change an issue: staff with the change permission only."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_staff and user.has_perm("issues.change_issue"))


@extend_schema_view(
    list=extend_schema(summary=_("Issues, newest first")),
    retrieve=extend_schema(summary=_("One issue")),
    create=extend_schema(summary=_("Create an issue (staff)")),
    update=versioned_write_schema(_("Change an issue (staff)"), IssueSerializer),
    partial_update=versioned_write_schema(
        _("Change some fields of an issue (staff)"), IssueSerializer
    ),
)
class IssueViewSet(VersionedMixin, IssueConditionalMixin, ListConditionalMixin, CatalogViewSet):
    """Issues of every periodical; drafts only for staff who may view them. The status is
    changed by the publish and unpublish actions, never by a write of the issue."""

    serializer_class = IssueSerializer
    filterset_class = IssueFilter

    def get_queryset(self):
        issues = Issue.objects.select_related("periodical").newest_first()
        if not can_see_drafts(self.request.user):
            issues = issues.published()
        return issues

    def retrieve(self, request, *args, **kwargs):
        issue = self.get_object()
        return self.conditional_response(
            request,
            issue=issue,
            resource=f"issue:{issue.pk}",
            build=lambda: Response(self.get_serializer(issue).data),
            version=issue.version,
        )

    def etag_parts(self, instance, data):
        return self.content_etag_parts(
            self.request, issue=instance, resource=f"issue:{instance.pk}"
        )

    @versioned_write_schema(_("Publish the issue (staff)"), IssueSerializer, request=None)
    @action(detail=True, methods=["post"], permission_classes=[CanChangeIssue])
    def publish(self, request, *args, **kwargs):
        issue = self.get_object()
        issue_publish(issue=issue, expected_version=self.if_match_version(issue))
        return self.versioned_response(issue)

    @versioned_write_schema(_("Withdraw the issue to draft (staff)"), IssueSerializer, request=None)
    @action(detail=True, methods=["post"], permission_classes=[CanChangeIssue])
    def unpublish(self, request, *args, **kwargs):
        issue = self.get_object()
        issue_unpublish(issue=issue, expected_version=self.if_match_version(issue))
        return self.versioned_response(issue)


NATURAL_KEY_PARAMETERS = [
    OpenApiParameter(
        "periodical_slug",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        description=_("The periodical's slug."),
    ),
    OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Year.")),
    OpenApiParameter(
        "number",
        OpenApiTypes.INT,
        OpenApiParameter.PATH,
        description=_("Number within the year (the first of a combined issue)."),
    ),
]


@extend_schema_view(
    retrieve=extend_schema(
        summary=_("One issue, by its year and number"), parameters=NATURAL_KEY_PARAMETERS
    ),
)
class IssueByNumberViewSet(IssueViewSet):
    """The same issue by the key people use: periodical, year, number (2025年第3期)."""

    http_method_names = ["get", "head", "options"]

    def get_object(self):
        kwargs = self.kwargs
        issue = get_object_or_404(
            self.get_queryset(),
            periodical__slug=kwargs["periodical_slug"],
            year=kwargs["year"],
            number=kwargs["number"],
            supplement=False,
        )
        self.check_object_permissions(self.request, issue)
        return issue
