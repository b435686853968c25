"""API views of issues: the list, one issue, publishing. Its 目录 and masthead: catalogue.views."""

from itertools import groupby

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core.api import (
    IF_MATCH_PARAMETER,
    PRECONDITION_FAILED_RESPONSE,
    CacheHeadersMixin,
    IssueConditionalMixin,
    ListConditionalMixin,
    VersionedMixin,
    can_see_drafts,
    versioned_write_schema,
)
from core.parsers import MultiPartParser as CheckedMultiPartParser
from core.pictures import PictureUploadSerializer
from core.viewsets import CatalogViewSet
from periodical.models import Periodical

from .filters import IssueFilter
from .models import Issue
from .serializers import IssueListSerializer, IssueSerializer, YearSerializer
from .services import issue_publish, issue_set_cover_image

IF_MATCH = IF_MATCH_PARAMETER
LOCKED = OpenApiResponse(description=_("The issue is published: its pictures are locked."))
STALE = PRECONDITION_FAILED_RESPONSE


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
class IssueViewSet(
    VersionedMixin,
    IssueConditionalMixin,
    ListConditionalMixin,
    CatalogViewSet,
):
    """Issues of every periodical; drafts only for staff who may view them. The status is
    changed by the publish action and the workflow's (签发, 撤回: workflow.views), never by a
    write of the issue."""

    serializer_class = IssueSerializer
    filterset_class = IssueFilter

    def get_queryset(self):
        issues = Issue.objects.select_related("periodical").newest_first()
        if self.action == "list":
            # The issue's own photos give the cover's credit line: one query for a page. (A
            # single issue reads them only when its body is built, not for a 304.)
            issues = issues.prefetch_related("photo_credits")
        if not can_see_drafts(self.request.user):
            issues = issues.published()
        return issues

    def get_serializer_class(self):
        return IssueListSerializer if self.action == "list" else IssueSerializer

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

    @versioned_write_schema(
        _("Publish the issue (staff)"),
        IssueSerializer,
        request=None,
        conflict=_("本期尚未签发，或定时发布时间未到。"),
    )
    @action(detail=True, methods=["post"], permission_classes=[CanChangeIssue])
    def publish(self, request, *args, **kwargs):
        issue = self.get_object()
        issue_publish(issue=issue, expected_version=self.if_match_version(issue))
        return self.versioned_response(issue)

    @extend_schema(
        methods=["PUT"],
        summary=_("Upload the cover image (staff)"),
        request={"multipart/form-data": PictureUploadSerializer},
        parameters=[IF_MATCH],
        responses={200: IssueSerializer, 409: LOCKED, 412: STALE},
    )
    @extend_schema(
        methods=["DELETE"],
        summary=_("Remove the cover image (staff)"),
        request=None,
        parameters=[IF_MATCH],
        responses={200: IssueSerializer, 409: LOCKED, 412: STALE},
    )
    @action(
        detail=True,
        methods=["put", "delete"],
        url_path="cover-image",
        permission_classes=[CanChangeIssue],
        parser_classes=[CheckedMultiPartParser],
        filterset_class=None,
    )
    def cover_image(self, request, *args, **kwargs):
        """The cover image: a JPEG, PNG or WebP file as `image` (multipart); DELETE removes it."""
        issue = self.get_object()
        image = None
        if request.method == "PUT":
            upload = PictureUploadSerializer(data=request.data)
            upload.is_valid(raise_exception=True)
            image = upload.validated_data["image"]
        issue_set_cover_image(
            issue=issue, image=image, expected_version=self.if_match_version(issue)
        )
        return self.versioned_response(issue)


SLUG_PARAMETER = OpenApiParameter(
    "periodical_slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=_("The periodical's slug."),
)
NATURAL_KEY_PARAMETERS = [
    SLUG_PARAMETER,
    OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Year.")),
    OpenApiParameter(
        "number",
        OpenApiTypes.INT,
        OpenApiParameter.PATH,
        description=_("Number within the year (the first of a combined issue)."),
    ),
]
SUPPLEMENT_KEY_PARAMETERS = [
    SLUG_PARAMETER,
    OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Year.")),
    OpenApiParameter(
        "number",
        OpenApiTypes.INT,
        OpenApiParameter.PATH,
        description=_("Number of the supplement (增刊) within the year: s1 is 增刊第1期."),
    ),
]
DATE_KEY_PARAMETERS = [
    SLUG_PARAMETER,
    OpenApiParameter(
        "date",
        OpenApiTypes.DATE,
        OpenApiParameter.PATH,
        description=_("The date of a newspaper's edition, YYYY-MM-DD."),
    ),
]


@extend_schema_view(
    retrieve=extend_schema(
        summary=_("One issue, by its year and number"),
        parameters=[*NATURAL_KEY_PARAMETERS],
    ),
)
class IssueByNumberViewSet(IssueViewSet):
    """The same issue by the key people use: periodical, year, number (2025年第3期); with
    `supplement` the year's 增刊 of that number (s1), with `by_date` a newspaper's edition of
    that date."""

    http_method_names = ["get", "head", "options"]
    supplement = False
    by_date = False

    def get_object(self):
        kwargs = self.kwargs
        issues = self.get_queryset().filter(periodical__slug=kwargs["periodical_slug"])
        if self.by_date:
            # A newspaper's edition is known by its date; a magazine's issue is not.
            issue = (
                issues.filter(
                    periodical__kind=Periodical.Kind.NEWSPAPER,
                    publication_date=kwargs["date"],
                    supplement=False,
                )
                .order_by("number", "id")
                .first()
            )
            if issue is None:
                raise NotFound(_("This newspaper has no edition of that date."))
        else:
            issue = get_object_or_404(
                issues,
                year=kwargs["year"],
                number=kwargs["number"],
                supplement=self.supplement,
            )
        self.check_object_permissions(self.request, issue)
        return issue


@extend_schema_view(
    retrieve=extend_schema(
        summary=_("One supplement (增刊), by its year and number"),
        operation_id="v1_periodicals_supplements_retrieve",
        parameters=[*SUPPLEMENT_KEY_PARAMETERS],
    ),
)
class SupplementByNumberViewSet(IssueByNumberViewSet):
    """A supplement (增刊), numbered apart from the regular issues: 2025/s1/."""

    supplement = True


@extend_schema_view(
    retrieve=extend_schema(
        summary=_("A newspaper's edition, by its date"),
        operation_id="v1_periodicals_editions_retrieve",
        parameters=[
            *DATE_KEY_PARAMETERS,
            # Not in this path (the parent's natural key): redocly's path-parameters-defined.
            OpenApiParameter("year", OpenApiTypes.INT, OpenApiParameter.PATH, exclude=True),
            OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH, exclude=True),
        ],
    ),
)
class EditionByDateViewSet(IssueByNumberViewSet):
    """A newspaper's edition by its date (periodicals of kind newspaper only)."""

    by_date = True


@extend_schema_view(
    retrieve=extend_schema(
        summary=_("The latest published issue of a periodical"),
        parameters=[SLUG_PARAMETER],
        responses={
            200: IssueSerializer,
            404: OpenApiResponse(description=_("None published yet.")),
        },
    ),
)
class LatestIssueViewSet(IssueViewSet):
    """The newest published issue of a periodical (drafts never, whoever asks)."""

    http_method_names = ["get", "head", "options"]

    def get_object(self):
        issue = Issue.objects.prefetch_related("photo_credits").latest_of(
            self.kwargs["periodical_slug"]
        )
        if issue is None:
            raise NotFound(_("This periodical has no published issue yet."))
        return issue


@extend_schema_view(
    list=extend_schema(
        summary=_("The years of a periodical, with their issues"), parameters=[SLUG_PARAMETER]
    ),
)
class PeriodicalYearsViewSet(CacheHeadersMixin, viewsets.GenericViewSet):
    """The archive of a periodical: each year, newest first, with its issues in print order
    (published ones; drafts too for staff who may view them). Two queries."""

    serializer_class = YearSerializer
    pagination_class = None
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generator: no URL kwargs
            return Issue.objects.none()
        issues = Issue.objects.filter(periodical__slug=self.kwargs["periodical_slug"])
        if not can_see_drafts(self.request.user):
            issues = issues.published()
        return issues.select_related("periodical").in_print_order()

    def list(self, request, *args, **kwargs):
        if not Periodical.objects.filter(slug=kwargs["periodical_slug"]).exists():
            raise NotFound(_("There is no periodical with this slug."))
        by_year = groupby(self.get_queryset(), key=lambda issue: issue.year)
        years = [{"year": year, "issues": list(issues)} for year, issues in by_year]
        years.reverse()
        return Response(self.get_serializer(years, many=True).data)
