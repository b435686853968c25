"""API views of contributors."""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from core.api import VersionedMixin, can_see_drafts, versioned_write_schema
from core.viewsets import CatalogViewSet
from issues.models import Issue, MastheadEntry

from .credits import credited_anywhere, with_credit_counts
from .filters import ContributorFilter
from .models import Contributor
from .serializers import ContributorDetailSerializer, ContributorSerializer


@extend_schema_view(
    list=extend_schema(summary=_("Contributors, in pinyin order")),
    retrieve=extend_schema(summary=_("One contributor and what they did")),
    create=extend_schema(summary=_("Create a contributor (staff)")),
    update=versioned_write_schema(_("Change a contributor (staff)"), ContributorDetailSerializer),
    partial_update=versioned_write_schema(
        _("Change some fields of a contributor (staff)"), ContributorDetailSerializer
    ),
)
class ContributorViewSet(VersionedMixin, CatalogViewSet):
    """People, organisations and pen names; anonymous clients see those credited in print."""

    filterset_class = ContributorFilter

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
