"""Query parameters of the contributor list: role, name, pinyin search, order."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from contributors.models import Contributor
from core.api import FilterSet, can_see_drafts

from .credits import ROLE_OF_CREDIT, credited_as


class ContributorFilter(FilterSet):
    ROLES = [
        ("author", _("author")),
        ("responsible_editor", _("responsible editor")),
        ("photographer", _("photographer")),
        ("masthead", _("masthead")),
    ]
    CREDIT_OF_ROLE = {role: credit for credit, role in ROLE_OF_CREDIT.items()}
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
        published_only = not can_see_drafts(self.request.user if self.request else None)
        return contributors.filter(
            credited_as(self.CREDIT_OF_ROLE[value], published_only=published_only)
        )

    def filter_name(self, contributors, name, value):
        variant = contributors.variant_exists(name__icontains=value)
        return contributors.filter(Q(name__icontains=value) | Q(variant))

    def filter_search(self, contributors, name, value):
        return contributors.search(value)

    def filter_ordering(self, contributors, name, value):
        if value in ("name", "-name"):
            ordered = contributors.in_pinyin_order()
            return ordered.reverse() if value == "-name" else ordered
        return contributors.order_by(value)
