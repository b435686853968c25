"""API representations of corrections: the notice readers see, the record staff see, and the
request that makes one."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article
from core.api import DescribedModelSerializer, RequestSerializer
from issues.serializers import IssueBriefSerializer

from .models import Correction
from .targets import Target


class CorrectedArticleSerializer(DescribedModelSerializer):
    """The article a correction puts right."""

    class Meta:
        model = Article
        fields = ["id", "title"]


class CorrectionNoticeSerializer(DescribedModelSerializer):
    """A correction as readers see it beside the article or the issue: 本文已更正."""

    article = CorrectedArticleSerializer(
        read_only=True,
        allow_null=True,
        help_text=_("The article corrected; null for a correction of the issue itself."),
    )
    place = serializers.CharField(
        source="get_target_display", read_only=True, help_text=_("What was corrected, in words.")
    )

    class Meta:
        model = Correction
        fields = [
            "id", "article", "target", "place", "wrong_text", "right_text", "notice",
            "published_on",
        ]  # fmt: skip


class CorrectionSerializer(CorrectionNoticeSerializer):
    """A correction in the list: the notice, with its issue."""

    issue = IssueBriefSerializer(read_only=True, help_text=_("The issue corrected."))

    class Meta(CorrectionNoticeSerializer.Meta):
        fields = ["id", "issue", *CorrectionNoticeSerializer.Meta.fields[1:]]


class CorrectionRecordSerializer(CorrectionSerializer):
    """A correction as staff see it: also why, who approved it and when it was applied."""

    approved_by = serializers.SerializerMethodField(
        help_text=_("The user name of the chief editor who approved it.")
    )

    class Meta(CorrectionSerializer.Meta):
        fields = [
            *CorrectionSerializer.Meta.fields, "reason", "approved_by", "approved_at", "applied_at",
        ]  # fmt: skip

    @extend_schema_field(serializers.CharField())
    def get_approved_by(self, correction) -> str:
        return correction.approved_by.get_username()


class CorrectionRequestSerializer(RequestSerializer):
    """A correction to make: the place, the wrong and the right text, why. The approver is the
    signed-in user, who must hold the chief editor's permission."""

    article = serializers.PrimaryKeyRelatedField(
        queryset=Article.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The article's id; leave it out for a correction of the issue itself."),
    )
    target = serializers.ChoiceField(
        choices=Target.choices, help_text=_("What the correction puts right.")
    )
    wrong_text = serializers.CharField(
        trim_whitespace=False,
        help_text=_("The wrong text as printed; it must occur exactly once in that place."),
    )
    right_text = serializers.CharField(trim_whitespace=False, help_text=_("The right text."))
    reason = serializers.CharField(help_text=_("Why the correction is made."))
    notice = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("The published notice; written from the texts when left out."),
    )
    published_on = serializers.DateField(
        required=False, help_text=_("The date of the notice; today when left out.")
    )
