"""API views of periodicals and their columns."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets

from core.api import (
    CacheHeadersMixin,
    ListConditionalMixin,
    VersionedMixin,
    versioned_write_schema,
)
from core.viewsets import CatalogViewSet

from .filters import ColumnFilter, PeriodicalFilter
from .models import Column, Periodical
from .serializers import ColumnSerializer, PeriodicalSerializer


@extend_schema_view(
    list=extend_schema(summary=_("Periodicals")),
    retrieve=extend_schema(summary=_("One periodical, by its slug")),
    create=extend_schema(summary=_("Create a periodical (staff)")),
    update=versioned_write_schema(_("Change a periodical (staff)"), PeriodicalSerializer),
    partial_update=versioned_write_schema(
        _("Change some fields of a periodical (staff)"), PeriodicalSerializer
    ),
)
class PeriodicalViewSet(
    VersionedMixin,
    CacheHeadersMixin,
    ListConditionalMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Magazines and newspapers, with the masthead facts in force today."""

    queryset = Periodical.objects.order_by("name", "slug")
    serializer_class = PeriodicalSerializer
    filterset_class = PeriodicalFilter
    lookup_field = "slug"
    list_stamp_models = (Periodical,)


@extend_schema_view(
    list=extend_schema(summary=_("Columns (栏目), per periodical")),
    retrieve=extend_schema(summary=_("One column")),
    create=extend_schema(summary=_("Create a column (staff)")),
    update=versioned_write_schema(_("Change a column (staff)"), ColumnSerializer),
    partial_update=versioned_write_schema(
        _("Change some fields of a column (staff)"), ColumnSerializer
    ),
)
class ColumnViewSet(VersionedMixin, ListConditionalMixin, CatalogViewSet):
    """The columns (栏目) of each periodical, in printed order."""

    queryset = Column.objects.select_related("periodical").order_by(
        "periodical__slug", "order", "id"
    )
    serializer_class = ColumnSerializer
    filterset_class = ColumnFilter
    list_stamp_models = (Column,)
