"""Query parameters of the issue list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.api import FilterSet, StableOrderingFilter, WholeNumberFilter

from .models import Issue


class IssueFilter(FilterSet):
    periodical = django_filters.CharFilter(
        field_name="periodical__slug", help_text=_("The periodical's slug.")
    )
    year = WholeNumberFilter(help_text=_("Year of the issue."))
    number = WholeNumberFilter(help_text=_("Number within the year."))
    status = django_filters.ChoiceFilter(
        choices=Issue.Status.choices,
        help_text=_("Draft or published; anonymous clients see published issues only."),
    )
    publication_date = django_filters.DateFromToRangeFilter(
        help_text=_("Publication date range: publication_date_after, publication_date_before.")
    )
    ordering = StableOrderingFilter(
        fields=["publication_date", "year", "number", "cumulative_number", "id"],
        help_text=_("Sort order; prefix with - for descending. Default: newest first."),
    )

    class Meta:
        model = Issue
        fields = ["periodical", "year", "number", "status", "publication_date"]
