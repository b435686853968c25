"""Query parameters of the list of corrections."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.api import FilterSet, IdFilter

from .models import Correction


class CorrectionFilter(FilterSet):
    periodical = django_filters.CharFilter(
        field_name="issue__periodical__slug", help_text=_("The periodical's slug.")
    )
    issue = IdFilter(field_name="issue_id", help_text=_("The issue's id."))
    article = IdFilter(field_name="article_id", help_text=_("The article's id."))

    class Meta:
        model = Correction
        fields = ["periodical", "issue", "article"]
