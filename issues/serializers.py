"""API representations of issues: the issue itself and an issue named inside another resource."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api import DescribedModelSerializer, ModelValidationMixin
from periodical.models import Periodical

from .models import Issue
from .services import issue_create, issue_update


class IssueBriefSerializer(DescribedModelSerializer):
    """An issue named inside another resource."""

    periodical = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("The periodical's slug.")
    )
    label = serializers.CharField(
        read_only=True, help_text=_("The issue as the print names it: 2025年第3期.")
    )

    class Meta:
        model = Issue
        fields = [
            "id",
            "periodical",
            "year",
            "number",
            "number_end",
            "supplement",
            "label",
            "cumulative_number",
            "publication_date",
        ]


class IssueSerializer(ModelValidationMixin, IssueBriefSerializer):
    """An issue: numbers, date, status, cover and the facts its masthead prints."""

    periodical = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Periodical.objects.all(),
        help_text=_("The periodical's slug."),
    )
    toc_url = serializers.HyperlinkedIdentityField(
        view_name="issue-toc", help_text=_("The issue's table of contents (目录).")
    )
    masthead_url = serializers.HyperlinkedIdentityField(
        view_name="issue-masthead", help_text=_("The issue's masthead.")
    )

    class Meta(IssueBriefSerializer.Meta):
        fields = [
            *IssueBriefSerializer.Meta.fields,
            "status",
            "publish_at",
            "published_at",
            "cover_caption",
            "cover_image",
            "highlights_heading",
            *Issue.FACT_FIELDS,
            "content_changed_at",
            "toc_url",
            "masthead_url",
        ]
        # The status changes by the publish action and the workflow's sign-off actions only.
        read_only_fields = ["status", "published_at", "cover_image", "content_changed_at"]
        validators = []  # the model's messages name the clashing issue (ModelValidationMixin)

    def create(self, validated_data):
        validated_data.pop("expected_version", None)
        return issue_create(**validated_data)

    def update(self, instance, validated_data):
        return issue_update(issue=instance, **validated_data)
