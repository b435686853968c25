"""API representations of contributors and what each did."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import DescribedModelSerializer, ModelValidationMixin
from issues.models import MastheadEntry
from issues.serializers import IssueBriefSerializer

from .credits import ARTICLE_FILTERS, CREDIT_ROLES, ROLE_OF_CREDIT
from .models import Contributor
from .services import contributor_update


class CreditCountSerializer(serializers.Serializer):
    """How often a contributor appears in one role, and where to list those articles."""

    count = serializers.IntegerField(help_text=_("Number of articles (or photos, or issues)."))
    articles = serializers.URLField(
        allow_null=True, help_text=_("The article list filtered to this role, or null.")
    )


class CreditsSerializer(serializers.Serializer):
    """What the contributor did, by role."""

    authored = CreditCountSerializer(help_text=_("Articles in whose byline they appear."))
    edited = CreditCountSerializer(help_text=_("Articles they answered for as 责任编辑."))
    photographed = CreditCountSerializer(help_text=_("Photos they took or supplied."))
    masthead = CreditCountSerializer(help_text=_("Issues whose masthead names them."))


class ContributorSerializer(ModelValidationMixin, DescribedModelSerializer):
    """A person, organisation or pen name credited in the periodicals."""

    url = serializers.HyperlinkedIdentityField(
        view_name="contributor-detail", help_text=_("This contributor in the API.")
    )
    variants = serializers.SlugRelatedField(
        source="name_variants",
        slug_field="name",
        many=True,
        read_only=True,
        help_text=_("Other printed forms of the name."),
    )
    credits = serializers.SerializerMethodField(help_text=_("What they did, by role."))

    class Meta:
        model = Contributor
        fields = ["id", "url", "name", "kind", "name_pinyin", "name_initials", "variants"]
        fields += ["credits"]
        read_only_fields = ["name_pinyin", "name_initials"]

    def update(self, instance, validated_data):
        return contributor_update(contributor=instance, **validated_data)

    @extend_schema_field(CreditsSerializer)
    def get_credits(self, contributor):
        request = self.context.get("request")
        list_url = reverse("article-list")
        credits = {}
        for credit in CREDIT_ROLES:
            count = getattr(contributor, f"{credit}_count", None)
            url = None
            if ROLE_OF_CREDIT[credit] in ARTICLE_FILTERS:
                url = f"{list_url}?{urlencode({ROLE_OF_CREDIT[credit]: contributor.pk})}"
                url = request.build_absolute_uri(url) if request else url
            credits[credit] = {"count": count or 0, "articles": url}
        return credits


class MastheadCreditSerializer(DescribedModelSerializer):
    """A masthead role held in one issue."""

    issue = IssueBriefSerializer(read_only=True, help_text=_("The issue."))
    role = serializers.CharField(source="role.name", help_text=_("The role as printed."))
    name = serializers.CharField(source="credited_name", help_text=_("The name as printed."))

    class Meta:
        model = MastheadEntry
        fields = ["issue", "role", "name", "note"]


class ContributorDetailSerializer(ContributorSerializer):
    """A contributor with the masthead roles they held, issue by issue, newest first."""

    masthead_roles = MastheadCreditSerializer(
        source="visible_masthead_entries",
        many=True,
        read_only=True,
        help_text=_("Masthead roles by issue, newest first."),
    )

    class Meta(ContributorSerializer.Meta):
        fields = [*ContributorSerializer.Meta.fields, "note", "masthead_roles"]
