"""The parameters of the export endpoint, checked like any request body."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import LARGEST_ID
from periodical.models import Periodical

from .services import FORMATS


class ExportParametersSerializer(serializers.Serializer):
    """Which issues to export, and in which format."""

    format = serializers.ChoiceField(
        choices=list(FORMATS),
        help_text=_("File format: csv, xlsx, json or xml (Dublin Core in OAI-PMH)."),
    )
    periodical = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Periodical.objects.all(),
        required=False,
        help_text=_("The periodical's slug; needed unless issues are chosen by id."),
    )
    year = serializers.IntegerField(
        min_value=1900, max_value=2200, required=False, help_text=_("Only this year's issues.")
    )
    number = serializers.IntegerField(
        min_value=1,
        max_value=32767,  # an issue's number is a small integer in the database
        required=False,
        help_text=_("Only the issue with this number in the year."),
    )
    date_from = serializers.DateField(
        required=False, help_text=_("Only issues published on or after this date.")
    )
    date_to = serializers.DateField(
        required=False, help_text=_("Only issues published on or before this date.")
    )
    issue = serializers.ListField(
        # Bounded like every id filter: beyond 64 bits SQLite's driver raises OverflowError.
        child=serializers.IntegerField(min_value=1, max_value=LARGEST_ID),
        required=False,
        source="issue_ids",
        help_text=_("Only these issues, by id; repeat for several (issue=1&issue=2)."),
    )

    def validate(self, attrs):
        if "periodical" not in attrs and "issue_ids" not in attrs:
            raise serializers.ValidationError(
                {"periodical": [_("Choose a periodical, or issues by id.")]}
            )
        if "number" in attrs and "year" not in attrs:
            raise serializers.ValidationError({"number": [_("A number needs its year.")]})
        date_from, date_to = attrs.get("date_from"), attrs.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise serializers.ValidationError(
                {"date_to": [_("The end date comes before the start date.")]}
            )
        return attrs

    def filename_stem(self) -> str:
        """What the file name says of the selection: 2025, 2025-3, 2025-01-01-2025-06-30."""
        data = self.validated_data
        if "year" in data:
            return "-".join(str(data[key]) for key in ("year", "number") if key in data)
        dates = [str(data[key]) for key in ("date_from", "date_to") if key in data]
        return "-".join(dates)
