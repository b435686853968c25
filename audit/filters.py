import django_filters
from django.utils.translation import gettext_lazy as _

from core.api import FilterSet, IdFilter, StableOrderingFilter

from .models import ChangeRecord

ACTIONS = {"create": ChangeRecord.Action.CREATE, "update": ChangeRecord.Action.UPDATE,
           "delete": ChangeRecord.Action.DELETE}  # fmt: skip


def recorded_model_choices():
    from .records import recorded_models

    return [(model._meta.label_lower, model._meta.verbose_name) for model in recorded_models()]


class ChangeRecordFilter(FilterSet):
    """Changes by issue, periodical, user, period, kind of object, operation and source."""

    issue = IdFilter(
        field_name="issue_id", help_text=_("Id of the issue: its own changes and its contents'.")
    )
    periodical = django_filters.CharFilter(
        field_name="periodical__slug", help_text=_("Slug of the periodical.")
    )
    user = django_filters.CharFilter(
        field_name="actor__username", help_text=_("User name of whoever made the change.")
    )
    date = django_filters.DateFromToRangeFilter(
        field_name="timestamp",
        help_text=_(
            "Period, by date in Beijing time: date_after=2025-03-01&date_before=2025-03-31."
        ),
    )
    model = django_filters.ChoiceFilter(
        choices=recorded_model_choices,
        method="filter_model",
        help_text=_("Kind of object, e.g. articles.article."),
    )
    object_id = IdFilter(help_text=_("Id of the changed object."))
    action = django_filters.ChoiceFilter(
        choices=[(name, name) for name in ACTIONS],
        method="filter_action",
        help_text=_("create, update or delete."),
    )
    source = django_filters.ChoiceFilter(choices=ChangeRecord.Source.choices)
    after_publication = django_filters.BooleanFilter(
        help_text=_("Only changes made to issues that were already published (true).")
    )
    ordering = StableOrderingFilter(fields=(("timestamp", "timestamp"),))

    class Meta:
        model = ChangeRecord
        fields = []

    def filter_model(self, queryset, name, value: str):
        app_label, model_name = value.split(".")
        return queryset.filter(content_type__app_label=app_label, content_type__model=model_name)

    def filter_action(self, queryset, name, value):
        return queryset.filter(action=ACTIONS[value])
