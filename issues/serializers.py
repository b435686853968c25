"""API representations of issues: the issue itself and an issue named inside another resource."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import DescribedModelSerializer, ModelValidationMixin
from core.pictures import PictureSerializer, picture_data, picture_of
from periodical.models import Periodical

from .models import Issue
from .services import issue_create, issue_update


def cover_picture(issue: Issue, cover_credits, request) -> dict | None:
    """The cover image with its renditions: the cover caption as alt text, the cover photo's
    credit lines as credit; None without an image."""
    credit_lines = [credit.credit_line for credit in cover_credits]
    return cover_picture_credited(issue, credit_lines, request)


def cover_picture_credited(issue: Issue, credit_lines: list[str], request) -> dict | None:
    """cover_picture() given the credit lines of the cover photos (read models have no
    PhotoCredit instances)."""
    return picture_data(
        picture_of(
            issue,
            "cover_image",
            width=issue.cover_image_width,
            height=issue.cover_image_height,
            alt=issue.cover_caption,
            credit=" ".join(line for line in credit_lines if line),
            request=request,
        )
    )


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


WEB_URL_HELP = _(
    "The page on the website (FRONTEND_ISSUE_URL / FRONTEND_ARTICLE_URL), or null when the "
    "server has none configured."
)


class IssueListSerializer(IssueBriefSerializer):
    """An issue in a list: what a reader picks it by, its cover and links; the masthead facts
    are on the issue's own page (or ask for them with ?fields=)."""

    url = serializers.HyperlinkedIdentityField(
        view_name="issue-detail", help_text=_("This issue in the API.")
    )
    web_url = serializers.CharField(read_only=True, allow_null=True, help_text=WEB_URL_HELP)
    cover_image = serializers.SerializerMethodField(
        help_text=_("The cover image with its renditions, or null where none was uploaded.")
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
            "url",
            "web_url",
            "status",
            "publish_at",
            "published_at",
            "cover_caption",
            "cover_image",
            "highlights_heading",
            "content_changed_at",
            "toc_url",
            "masthead_url",
        ]
        read_only_fields = fields

    @extend_schema_field(PictureSerializer(allow_null=True))
    def get_cover_image(self, issue):
        # The issue's own photos (not its articles'): prefetched by the views, few per issue.
        credits = [credit for credit in issue.photo_credits.all() if credit.on_cover]
        credits.sort(key=lambda credit: (credit.order, credit.pk))
        return cover_picture(issue, credits, self.context.get("request"))


class IssueSerializer(ModelValidationMixin, IssueListSerializer):
    """An issue: numbers, date, status, cover and the facts its masthead prints."""

    periodical = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Periodical.objects.all(),
        help_text=_("The periodical's slug."),
    )

    class Meta(IssueListSerializer.Meta):
        fields = [*IssueListSerializer.Meta.fields, *Issue.FACT_FIELDS]
        # The status changes by the publish action and the workflow's sign-off actions only;
        # the cover image is uploaded by PUT issues/{id}/cover-image/.
        read_only_fields = ["status", "published_at", "content_changed_at"]
        validators = []  # the model's messages name the clashing issue (ModelValidationMixin)

    def create(self, validated_data):
        validated_data.pop("expected_version", None)
        return issue_create(**validated_data)

    def update(self, instance, validated_data):
        return issue_update(issue=instance, **validated_data)


class YearIssueSerializer(IssueBriefSerializer):
    """An issue in a year's archive: its key, label, date and addresses."""

    url = serializers.HyperlinkedIdentityField(
        view_name="issue-detail", help_text=_("This issue in the API.")
    )
    web_url = serializers.CharField(read_only=True, allow_null=True, help_text=WEB_URL_HELP)

    class Meta(IssueBriefSerializer.Meta):
        fields = [f for f in IssueBriefSerializer.Meta.fields if f != "periodical"]
        fields += ["status", "url", "web_url"]


class YearSerializer(serializers.Serializer):
    """A year of a periodical with its issues in print order (supplements last)."""

    year = serializers.IntegerField(help_text=_("Year."))
    issues = YearIssueSerializer(many=True, help_text=_("The year's issues, in print order."))
