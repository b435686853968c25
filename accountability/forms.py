"""The period an accountability report covers, as the admin form and the API parameters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from periodical.models import Periodical


class ReportPeriodForm(forms.Form):
    """Periodical, publication dates from and to, year: all optional, all checked."""

    periodical = forms.ModelChoiceField(
        Periodical.objects.all(),
        required=False,
        to_field_name="slug",
        label=_("periodical"),
        empty_label=_("All periodicals"),
        help_text=_("The periodical's slug; every periodical when empty."),
    )
    date_from = forms.DateField(
        required=False,
        label=_("published from"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Issues published on or after this date (YYYY-MM-DD)."),
    )
    date_to = forms.DateField(
        required=False,
        label=_("published to"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Issues published on or before this date (YYYY-MM-DD)."),
    )
    year = forms.IntegerField(
        required=False,
        min_value=1900,
        max_value=2200,
        label=_("year"),
        help_text=_("Issues of this year (the year the issue is numbered in)."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period cannot come before its start."))
        return cleaned

    def report_arguments(self) -> dict:
        """The keyword arguments of the report functions; call after is_valid()."""
        return {name: self.cleaned_data.get(name) for name in self.fields}
