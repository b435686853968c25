"""API views of what readers see: an issue's 目录 and masthead, and contributors with what each
did."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from contributors.models import Contributor, ContributorNameVariant
from core.api import (
    ListConditionalMixin,
    VersionedMixin,
    can_see_drafts,
    versioned_write_schema,
)
from core.fastpath import mark_read_model_body
from core.read_models import json_read
from core.viewsets import CatalogViewSet
from issues.models import Issue, MastheadEntry
from issues.views import (
    DATE_KEY_PARAMETERS,
    NATURAL_KEY_PARAMETERS,
    SUPPLEMENT_KEY_PARAMETERS,
    EditionByDateViewSet,
    IssueByNumberViewSet,
    IssueViewSet,
    SupplementByNumberViewSet,
)

from .credits import credited_anywhere, with_credit_counts
from .filters import ContributorFilter
from .masthead import build_masthead, masthead_data
from .serializers import (
    ContributorDetailSerializer,
    ContributorSerializer,
    MastheadSerializer,
    TocSerializer,
)
from .toc import build_toc, toc_data


@extend_schema_view(
    list=extend_schema(summary=_("Contributors, in pinyin order")),
    retrieve=extend_schema(summary=_("One contributor and what they did")),
    create=extend_schema(summary=_("Create a contributor (staff)")),
    update=versioned_write_schema(_("Change a contributor (staff)"), ContributorDetailSerializer),
    partial_update=versioned_write_schema(
        _("Change some fields of a contributor (staff)"), ContributorDetailSerializer
    ),
)
class ContributorViewSet(VersionedMixin, ListConditionalMixin, CatalogViewSet):
    """People, organisations and pen names; anonymous clients see those credited in print."""

    filterset_class = ContributorFilter
    list_stamp_models = (Contributor, ContributorNameVariant)

    def get_queryset(self):
        drafts = can_see_drafts(self.request.user)
        contributors = with_credit_counts(
            Contributor.objects.prefetch_related("name_variants"), published_only=not drafts
        )
        if not drafts:
            contributors = contributors.filter(credited_anywhere(published_only=True))
        if self.action == "retrieve":
            entries = MastheadEntry.objects.select_related("issue__periodical", "role")
            if not drafts:
                entries = entries.filter(issue__status=Issue.Status.PUBLISHED)
            entries = entries.order_by(
                "-issue__year", "-issue__number", "-issue__publication_date", "order", "id"
            )
            contributors = contributors.prefetch_related(
                Prefetch("masthead_entries", queryset=entries, to_attr="visible_masthead_entries")
            )
        return contributors.in_pinyin_order()

    def get_serializer_class(self):
        return ContributorDetailSerializer if self.action == "retrieve" else ContributorSerializer


class IssuePagesMixin:
    """The printed pages of an issue: its 目录 and its masthead, each with its own ETag.

    A conditional GET and a response kept in the cache need only the issue's content stamp:
    the issue is first read with nothing else (one narrow query); the whole issue, the
    articles and the people are read only when the page is rendered.
    """

    _stamp_only = False

    def get_queryset(self):
        issues = super().get_queryset()
        if self._stamp_only:
            # With the periodical's slug, which the response's cache tags name.
            issues = issues.select_related(None).select_related("periodical")
            issues = issues.only("pk", "content_changed_at", "status", "periodical__slug")
        return issues

    def issue_page(self, request, *, page: str, serializer_class, read_model, json_model):
        """The page: from `json_model` (plain rows) for a JSON read, else the serializer of
        `read_model` (the browsable API); the same data either way."""
        self._stamp_only = True
        try:
            stamp = self.get_object()
        finally:
            self._stamp_only = False

        def build():
            if json_read(request):
                return Response(json_model(stamp.pk, request=request))
            issue = self.get_queryset().get(pk=stamp.pk)
            return Response(serializer_class(read_model(issue), context={"request": request}).data)

        response = self.conditional_response(
            request, issue=stamp, resource=f"{page}:{stamp.pk}", build=build
        )
        mark_read_model_body(response, self, request)  # as catalogue/lean.py builds it?
        return response

    @extend_schema(summary=_("The printed table of contents (目录)"), responses=TocSerializer)
    @action(detail=True, filterset_class=None, pagination_class=None)
    def toc(self, request, *args, **kwargs):
        """The 目录 as printed: columns in order, their entries, the 本期看点 block, the cover."""
        return self.issue_page(
            request,
            page="toc",
            serializer_class=TocSerializer,
            read_model=build_toc,
            json_model=toc_data,
        )

    @extend_schema(summary=_("The masthead as printed"), responses=MastheadSerializer)
    @action(detail=True, filterset_class=None, pagination_class=None)
    def masthead(self, request, *args, **kwargs):
        """The masthead: the facts the issue printed, its roles and people, cover, barcode."""
        return self.issue_page(
            request,
            page="masthead",
            serializer_class=MastheadSerializer,
            read_model=build_masthead,
            json_model=masthead_data,
        )


class IssuePagesViewSet(IssuePagesMixin, IssueViewSet):
    """The 目录 and masthead of an issue by its id: `issues/{id}/toc/`, `issues/{id}/masthead/`."""

    http_method_names = ["get", "head", "options"]


@extend_schema_view(
    toc=extend_schema(
        summary=_("The 目录 of the issue with this year and number"),
        parameters=NATURAL_KEY_PARAMETERS,
    ),
    masthead=extend_schema(
        summary=_("The masthead of the issue with this year and number"),
        parameters=NATURAL_KEY_PARAMETERS,
    ),
)
class IssuePagesByNumberViewSet(IssuePagesMixin, IssueByNumberViewSet):
    """The same pages by the key people use: periodical, year, number."""


@extend_schema_view(
    toc=extend_schema(
        summary=_("The 目录 of the supplement (增刊) with this year and number"),
        operation_id="v1_periodicals_supplements_toc_retrieve",
        parameters=SUPPLEMENT_KEY_PARAMETERS,
    ),
    masthead=extend_schema(
        summary=_("The masthead of the supplement (增刊) with this year and number"),
        operation_id="v1_periodicals_supplements_masthead_retrieve",
        parameters=SUPPLEMENT_KEY_PARAMETERS,
    ),
)
class SupplementPagesViewSet(IssuePagesMixin, SupplementByNumberViewSet):
    """The pages of a supplement (增刊) by its year and number: 2025/s1/toc/."""


@extend_schema_view(
    toc=extend_schema(
        summary=_("The 目录 of a newspaper's edition, by its date"),
        operation_id="v1_periodicals_editions_toc_retrieve",
        parameters=DATE_KEY_PARAMETERS,
    ),
    masthead=extend_schema(
        summary=_("The masthead of a newspaper's edition, by its date"),
        operation_id="v1_periodicals_editions_masthead_retrieve",
        parameters=DATE_KEY_PARAMETERS,
    ),
)
class EditionPagesViewSet(IssuePagesMixin, EditionByDateViewSet):
    """The pages of a newspaper's edition by its date: 2020-01-09/toc/."""
