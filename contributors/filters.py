"""Query parameters of the contributor list: role, name, pinyin search, order."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Contributor


class ContributorFilter(django_filters.FilterSet):
    ROLES = [
        ("author", _("author")),
        ("responsible_editor", _("responsible editor")),
        ("photographer", _("photographer")),
        ("masthead", _("masthead")),
    ]
    ROLE_COUNTS = {
        "author": "authored_count",
        "responsible_editor": "edited_count",
        "photographer": "photographed_count",
        "masthead": "masthead_count",
    }
    ORDERINGS = [
        ("name", _("name, in pinyin order")),
        ("-name", _("name, reversed")),
        ("id", "id"),
        ("-id", "-id"),
    ]

    role = django_filters.ChoiceFilter(
        choices=ROLES, method="filter_role", help_text=_("Only contributors credited in this role.")
    )
    name = django_filters.CharFilter(
        method="filter_name", help_text=_("Part of the name or of a known variant of it.")
    )
    kind = django_filters.ChoiceFilter(choices=Contributor.Kind.choices, help_text=_("Kind."))
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=_("Name in characters, pinyin or initials: 杨佩佩, yangpeipei, ypp."),
    )
    ordering = django_filters.ChoiceFilter(
        choices=ORDERINGS, method="filter_ordering", help_text=_("Default: pinyin order.")
    )

    class Meta:
        model = Contributor
        fields = ["role", "name", "kind"]

    def filter_role(self, contributors, name, value):
        return contributors.filter(**{f"{self.ROLE_COUNTS[value]}__gt": 0})

    def filter_name(self, contributors, name, value):
        return contributors.filter(
            Q(name__icontains=value) | Q(name_variants__name__icontains=value)
        ).distinct()

    def filter_search(self, contributors, name, value):
        return contributors.search(value)

    def filter_ordering(self, contributors, name, value):
        if value in ("name", "-name"):
            ordered = contributors.in_pinyin_order()
            return ordered.reverse() if value == "-name" else ordered
        return contributors.order_by(value)
