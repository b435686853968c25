"""API representations of what readers see: an issue's printed 目录 and masthead, and what each
contributor did."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.serializers import photo_picture
from contributors.models import Contributor
from contributors.serializers import CreditedPersonSerializer, PhotographerField
from contributors.services import contributor_update
from core.api import DescribedModelSerializer, ModelValidationMixin
from core.pictures import PictureSerializer
from issues.models import Issue, MastheadEntry
from issues.serializers import WEB_URL_HELP, IssueBriefSerializer, cover_picture
from periodical.serializers import ColumnBriefSerializer, PeriodicalBriefSerializer

from .credits import ARTICLE_FILTERS, CREDIT_ROLES, ROLE_OF_CREDIT


class TocIssueSerializer(DescribedModelSerializer):
    """The issue a 目录 belongs to."""

    periodical = PeriodicalBriefSerializer(read_only=True, help_text=_("The periodical."))
    label = serializers.CharField(read_only=True, help_text=_("The issue as the print names it."))
    web_url = serializers.CharField(read_only=True, allow_null=True, help_text=WEB_URL_HELP)

    class Meta:
        model = Issue
        fields = [
            *IssueBriefSerializer.Meta.fields,
            "status",
            "highlights_heading",
            "cover_caption",
            "web_url",
        ]


class TocEntrySerializer(serializers.Serializer):
    """One line of the 目录: page, title, subtitle, authors."""

    article = serializers.IntegerField(source="article.pk", help_text=_("The article's id."))
    page = serializers.IntegerField(
        allow_null=True, help_text=_("The page the 目录 gives for the article.")
    )
    title = serializers.CharField(help_text=_("The title as the 目录 prints it."))
    subtitle = serializers.CharField(help_text=_("The subtitle, empty if none."))
    authors = CreditedPersonSerializer(
        many=True, help_text=_("The names the 目录 prints beside the entry, in order.")
    )
    and_others = serializers.BooleanField(help_text=_("The 目录 prints 等 after the authors."))
    web_url = serializers.CharField(
        source="article.web_url", allow_null=True, help_text=WEB_URL_HELP
    )


class TocSectionSerializer(serializers.Serializer):
    """A column of the 目录 with its entries in printed order."""

    column = ColumnBriefSerializer(help_text=_("The column (栏目)."))
    entries = TocEntrySerializer(many=True, help_text=_("The column's entries, in order."))


class TocHighlightSerializer(serializers.Serializer):
    """An entry of the 本期看点 block."""

    article = serializers.IntegerField(source="pk", help_text=_("The article's id."))
    page = serializers.IntegerField(
        source="start_page", allow_null=True, help_text=_("The article's first page.")
    )
    title = serializers.CharField(source="toc_heading", help_text=_("The title as printed."))


class PhotoCreditLineSerializer(serializers.Serializer):
    """A photo credit of the issue as printed."""

    photographer = PhotographerField(
        source="*", help_text=_("The photographer or supplier, or null where the print names none.")
    )
    credit = serializers.CharField(
        source="credit_line", help_text=_("The credit as printed: 赵登文/摄.")
    )
    image = serializers.SerializerMethodField(
        help_text=_("The photo with its renditions, or null where none was uploaded.")
    )

    @extend_schema_field(PictureSerializer(allow_null=True))
    def get_image(self, credit):
        return photo_picture(credit, self.context.get("request"))


class TocCoverSerializer(serializers.Serializer):
    """The cover line printed with the 目录."""

    caption = serializers.CharField(source="issue.cover_caption", help_text=_("Cover caption."))
    credits = PhotoCreditLineSerializer(
        source="cover_credits", many=True, help_text=_("Who took the cover photo.")
    )
    image = serializers.SerializerMethodField(
        help_text=_("The cover image with its renditions, or null where none was uploaded.")
    )

    @extend_schema_field(PictureSerializer(allow_null=True))
    def get_image(self, toc):
        return cover_picture(toc.issue, toc.cover_credits, self.context.get("request"))


class TocSerializer(serializers.Serializer):
    """The printed 目录 of an issue: columns in printed order, then the 本期看点 block."""

    issue = TocIssueSerializer(help_text=_("The issue."))
    sections = TocSectionSerializer(many=True, help_text=_("The columns, in printed order."))
    highlights = TocHighlightSerializer(
        many=True, help_text=_("The 本期看点 block, in printed order.")
    )
    cover = TocCoverSerializer(source="*", help_text=_("The cover line."))


class MastheadPeriodicalSerializer(serializers.Serializer):
    """The periodical as this issue's masthead prints it.

    Name, pinyin, ISSN and CN are the periodical's; the other facts are the issue's own copy,
    so an old issue shows the address and price it printed.
    """

    name = serializers.CharField(source="periodical.name", help_text=_("Name of the periodical."))
    name_pinyin = serializers.CharField(
        source="periodical.name_pinyin", help_text=_("The name in pinyin, as printed.")
    )
    slogan = serializers.CharField(help_text=_("Slogan printed under the name."))
    issn = serializers.CharField(source="periodical.issn", help_text="ISSN")
    cn = serializers.CharField(source="periodical.cn", help_text=_("CN number."))
    supervisor = serializers.CharField(help_text=_("主管单位"))
    sponsor = serializers.CharField(help_text=_("主办单位"))
    publisher = serializers.CharField(help_text=_("出版单位"))
    address = serializers.CharField(help_text=_("Address."))
    phone = serializers.CharField(help_text=_("Phone."))
    postcode = serializers.CharField(help_text=_("Postcode."))
    email = serializers.CharField(help_text=_("Submission e-mail."))
    price = serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, help_text=_("Price in yuan.")
    )
    publication_day = serializers.IntegerField(
        allow_null=True, help_text=_("Day of the month the issue comes out.")
    )
    printer = serializers.CharField(help_text=_("印刷装订"))


class MastheadRoleSerializer(serializers.Serializer):
    """A masthead line: a role and the people in it, in printed order."""

    role = serializers.CharField(help_text=_("The role as printed: 社长, 编辑部主任 …"))
    people = CreditedPersonSerializer(many=True, help_text=_("The people, in printed order."))
    note = serializers.CharField(help_text=_("What the print adds to the role, e.g. 执行主编."))


class MastheadCoverSerializer(serializers.Serializer):
    """The cover: caption, who took the photo, the image if uploaded."""

    caption = serializers.CharField(source="issue.cover_caption", help_text=_("Cover caption."))
    photographer = PhotographerField(
        source="cover_credit", help_text=_("Who took or supplied the cover photo, or null.")
    )
    image = serializers.SerializerMethodField(
        help_text=_("The cover image with its renditions, or null where none was uploaded.")
    )

    @extend_schema_field(PictureSerializer(allow_null=True))
    def get_image(self, masthead):
        credits = [masthead.cover_credit] if masthead.cover_credit else []
        return cover_picture(masthead.issue, credits, self.context.get("request"))


class BarcodeSerializer(serializers.Serializer):
    """The ISSN barcode printed on the cover, derived from the ISSN, year and number."""

    ean13 = serializers.CharField(help_text=_("The 13 digits of the EAN-13 barcode."))
    addon = serializers.CharField(help_text=_("The two-digit add-on: the issue number."))


class MastheadSerializer(serializers.Serializer):
    """The masthead of an issue as printed."""

    issue = TocIssueSerializer(help_text=_("The issue."))
    periodical = MastheadPeriodicalSerializer(source="issue", help_text=_("The facts printed."))
    roles = MastheadRoleSerializer(many=True, help_text=_("The masthead roles, in order."))
    cover = MastheadCoverSerializer(source="*", help_text=_("The cover."))
    barcode = BarcodeSerializer(
        source="issue.barcode", allow_null=True, help_text=_("Null without ISSN or number.")
    )


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
