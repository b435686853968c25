"""API representations of periodicals and their columns."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .api import ModelValidationMixin
from .models import Column, Periodical

FACT_FIELDS = list(Periodical.FACT_FIELDS)


class PeriodicalBriefSerializer(serializers.ModelSerializer):
    """A periodical named inside another resource."""

    class Meta:
        model = Periodical
        fields = ["id", "slug", "name"]


class PeriodicalSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """A magazine or newspaper with the masthead facts in force today."""

    class Meta:
        model = Periodical
        fields = ["id", "slug", "name", "name_pinyin", "kind", "frequency", "issn", "cn"]
        fields += FACT_FIELDS
        validators = []  # uniqueness comes from the model's own messages (ModelValidationMixin)


class ColumnBriefSerializer(serializers.ModelSerializer):
    """A column (栏目) named inside another resource."""

    class Meta:
        model = Column
        fields = ["id", "name"]


class ColumnSerializer(ModelValidationMixin, serializers.ModelSerializer):
    """A column (栏目) of a periodical, in its printed order."""

    periodical = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Periodical.objects.all(),
        help_text=_("The periodical's slug."),
    )

    class Meta:
        model = Column
        fields = ["id", "periodical", "name", "order"]
        validators = []
