"""Query parameters of the periodical and column lists."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.api import FilterSet, StableOrderingFilter

from .models import Column, Periodical


class PeriodicalFilter(FilterSet):
    kind = django_filters.ChoiceFilter(choices=Periodical.Kind.choices, help_text=_("Kind."))

    class Meta:
        model = Periodical
        fields = ["kind"]


class ColumnFilter(FilterSet):
    periodical = django_filters.CharFilter(
        field_name="periodical__slug", help_text=_("The periodical's slug.")
    )
    ordering = StableOrderingFilter(fields=["order", "name", "id"])

    class Meta:
        model = Column
        fields = ["periodical"]
