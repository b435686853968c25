"""The record of changes through the API, for auditors: a list, one record, a CSV export."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, viewsets
from rest_framework.decorators import action

from core.api import CacheHeadersMixin

from .filters import ChangeRecordFilter
from .models import ChangeRecord
from .records import change_records_csv
from .serializers import ChangeRecordSerializer


class CanViewChangeRecords(permissions.DjangoModelPermissions):
    """Only users with the view permission on change records (auditors) read them."""

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


@extend_schema_view(
    list=extend_schema(summary=_("Recorded changes, newest first (auditors)")),
    retrieve=extend_schema(summary=_("One recorded change (auditors)")),
    export=extend_schema(
        summary=_("Recorded changes as CSV for Excel (auditors)"),
        responses={(200, "text/csv"): bytes},
    ),
)
class ChangeRecordViewSet(CacheHeadersMixin, viewsets.ReadOnlyModelViewSet):
    """Who changed what and when, with the values before and after."""

    permission_classes = [CanViewChangeRecords]
    serializer_class = ChangeRecordSerializer
    filterset_class = ChangeRecordFilter
    queryset = ChangeRecord.objects.select_related(
        "actor", "content_type", "periodical"
    ).with_issues()

    @action(detail=False, pagination_class=None)
    def export(self, request):
        """The same filters as the list; every matching record, as UTF-8 CSV with a BOM."""
        return change_records_csv(self.filter_queryset(self.get_queryset()))
