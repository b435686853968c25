"""API representations of periodicals and their columns."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import DescribedModelSerializer, ModelValidationMixin

from .models import Column, Periodical
from .services import column_create, column_update, periodical_update

FACT_FIELDS = list(Periodical.FACT_FIELDS)


class PeriodicalBriefSerializer(DescribedModelSerializer):
    """A periodical named inside another resource."""

    class Meta:
        model = Periodical
        fields = ["id", "slug", "name"]


class PeriodicalSerializer(ModelValidationMixin, DescribedModelSerializer):
    """A magazine or newspaper with the masthead facts in force today."""

    class Meta:
        model = Periodical
        fields = ["id", "slug", "name", "name_pinyin", "kind", "frequency", "issn", "cn"]
        fields += FACT_FIELDS
        validators = []  # uniqueness comes from the model's own messages (ModelValidationMixin)

    def update(self, instance, validated_data):
        return periodical_update(periodical=instance, **validated_data)


class ColumnBriefSerializer(DescribedModelSerializer):
    """A column (栏目) named inside another resource."""

    class Meta:
        model = Column
        fields = ["id", "name"]


class ColumnSerializer(ModelValidationMixin, DescribedModelSerializer):
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

    def create(self, validated_data):
        validated_data.pop("expected_version", None)
        return column_create(**validated_data)

    def update(self, instance, validated_data):
        return column_update(column=instance, **validated_data)
