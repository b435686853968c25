"""API views of corrections: the list, making one on an issue, and the `corrections` that
article and issue details carry."""

import functools

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import (
    IF_MATCH_PARAMETER,
    PRECONDITION_FAILED_RESPONSE,
    CacheHeadersMixin,
    can_see_drafts,
)
from issues.views import IssueViewSet

from .filters import CorrectionFilter
from .models import APPROVE_PERMISSION, Correction, corrections_prefetch
from .read_models import ARTICLE_CORRECTIONS, correction_notice
from .serializers import (
    CorrectionNoticeSerializer,
    CorrectionRecordSerializer,
    CorrectionRequestSerializer,
    CorrectionSerializer,
)
from .services import correction_apply


@extend_schema_view(
    list=extend_schema(summary=_("Corrections, newest first")),
    retrieve=extend_schema(summary=_("One correction")),
)
class CorrectionViewSet(CacheHeadersMixin, viewsets.ReadOnlyModelViewSet):
    """Published corrections (勘误), newest first; staff who may view drafts see every one, with
    its reason and approver."""

    filterset_class = CorrectionFilter
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        corrections = Correction.objects.for_listing()
        if not can_see_drafts(self.request.user):
            corrections = corrections.published()
        return corrections

    def get_serializer_class(self):
        if can_see_drafts(self.request.user):
            return CorrectionRecordSerializer
        return CorrectionSerializer


class CanApproveCorrections(permissions.BasePermission):
    """Making a correction: staff holding the chief editor's permission to approve one."""

    message = _("Only the editor-in-chief (主编) may approve a correction.")

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_staff and user.has_perm(APPROVE_PERMISSION))


class IssueCorrectionsViewSet(IssueViewSet):
    """`issues/{id}/corrections/`: make a correction of a published issue or its article."""

    http_method_names = ["post", "options"]
    permission_classes = [CanApproveCorrections]

    @extend_schema(
        summary=_("Correct a published issue or one of its articles (chief editor)"),
        description=_(
            "The wrong text must occur exactly once in the place named; it is replaced by the "
            "right text through the same services as every other write, the change records "
            "are linked to the correction and its notice is published with the article and "
            "the issue. A draft is not corrected but edited (409)."
        ),
        parameters=[IF_MATCH_PARAMETER],
        request=CorrectionRequestSerializer,
        responses={
            201: CorrectionRecordSerializer,
            400: OpenApiResponse(description=_("A field is wrong: a message per field.")),
            403: OpenApiResponse(description=_("Not the chief editor's permission.")),
            409: OpenApiResponse(description=_("The issue is not published.")),
            412: PRECONDITION_FAILED_RESPONSE,
        },
    )
    @action(detail=True, methods=["post"], filterset_class=None, pagination_class=None)
    def corrections(self, request, *args, **kwargs):
        issue = self.get_object()
        expected = self.if_match_version(issue)
        body = CorrectionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        correction = correction_apply(
            issue=issue, approver=request.user, expected_version=expected, **body.validated_data
        )
        made = Correction.objects.for_listing().get(pk=correction.pk)
        data = CorrectionRecordSerializer(made, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


# --- `corrections` on the article and the issue ------------------------------------------------


@functools.cache
def serializer_with_corrections(base: type[serializers.Serializer]) -> type:
    """`base` (an article's or an issue's detail serializer) with `corrections`, newest first."""
    meta = type("Meta", (base.Meta,), {"fields": [*base.Meta.fields, "corrections"]})
    name = base.__name__.removesuffix("Serializer") + "WithCorrectionsSerializer"
    corrections = CorrectionNoticeSerializer(
        many=True, read_only=True, help_text=_("Its corrections (勘误), newest first.")
    )
    attributes = {"corrections": corrections, "Meta": meta, "__module__": __name__}
    return type(name, (base,), {**attributes, "__doc__": base.__doc__})


class WithCorrectionsMixin:
    """The detail of an article or an issue (and the answer to a write, which shows it) carries
    `corrections`, whatever serializer the viewset shows it with."""

    def get_queryset(self):
        rows = super().get_queryset()
        return rows.prefetch_related(corrections_prefetch()) if self.action == "retrieve" else rows

    def get_serializer_class(self):
        serializer = super().get_serializer_class()
        return serializer_with_corrections(serializer) if self.action == "retrieve" else serializer

    def article_detail_data(self, pk: int) -> dict:
        """An article's detail from the read model (articles/views.py) with its corrections,
        as serializer_with_corrections shows them: one query more."""
        return {
            **super().article_detail_data(pk),
            "corrections": [correction_notice(row) for row in ARTICLE_CORRECTIONS(pk)],
        }


def with_corrections(viewset: type) -> type:
    """`viewset` (of articles or issues) whose detail carries `corrections`; config composes
    the API's viewsets with it."""
    return type(viewset.__name__, (WithCorrectionsMixin, viewset), {"__doc__": viewset.__doc__})
