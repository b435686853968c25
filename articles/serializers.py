"""API representations of articles: byline, 责任编辑, photo credits; the body on the detail."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contributors.models import Contributor
from contributors.serializers import CreditedPersonSerializer, PhotographerField
from core.api import DescribedModelSerializer, ModelValidationMixin
from core.pictures import PictureSerializer, picture_data, picture_of
from issues.models import Issue
from issues.serializers import WEB_URL_HELP, IssueBriefSerializer
from periodical.models import Column
from periodical.serializers import ColumnBriefSerializer

from .models import Article, Authorship, PhotoCredit
from .search import search_snippet
from .services import article_create, article_update


class AuthorSerializer(DescribedModelSerializer):
    """A name in the byline: the contributor, the name as printed, role and affiliation."""

    id = serializers.IntegerField(
        source="contributor_id", read_only=True, help_text=_("The contributor's id.")
    )
    name = serializers.CharField(
        source="credited_name", read_only=True, help_text=_("The name as printed.")
    )

    class Meta:
        model = Authorship
        fields = ["id", "name", "role", "affiliation", "listed_in_toc"]


def photo_picture(credit: PhotoCredit, request) -> dict | None:
    """The photo's image with its renditions, the caption as alt text, or None without one."""
    return picture_data(
        picture_of(
            credit,
            "image",
            width=credit.image_width,
            height=credit.image_height,
            alt=credit.caption,
            credit=credit.credit_line,
            request=request,
        )
    )


class PhotoCreditSerializer(DescribedModelSerializer):
    """A photo in the article: caption, who took or supplied it, the image if uploaded."""

    photographer = PhotographerField(
        source="*", help_text=_("The photographer or supplier (id and name as printed), or null.")
    )
    credit = serializers.CharField(
        source="credit_line", read_only=True, help_text=_("The credit as printed.")
    )
    image = serializers.SerializerMethodField(
        help_text=_("The photo with its renditions, or null where none was uploaded.")
    )

    class Meta:
        model = PhotoCredit
        fields = ["id", "caption", "kind", "photographer", "credited_title", "agency", "credit"]
        fields += ["image"]

    @extend_schema_field(PictureSerializer(allow_null=True))
    def get_image(self, credit):
        return photo_picture(credit, self.context.get("request"))


class ArticleSerializer(DescribedModelSerializer):
    """An article as the catalogue lists it: everything but the body."""

    url = serializers.HyperlinkedIdentityField(
        view_name="article-detail", help_text=_("This article in the API.")
    )
    issue = IssueBriefSerializer(read_only=True, help_text=_("The issue."))
    column = ColumnBriefSerializer(read_only=True, allow_null=True, help_text=_("The column."))
    pages = serializers.CharField(
        read_only=True, help_text=_("The pages as a reader writes them: 11, 11-13, 4-5, 9.")
    )
    authors = AuthorSerializer(
        source="authorships", many=True, read_only=True, help_text=_("The byline, in order.")
    )
    responsible_editor = serializers.SerializerMethodField(
        help_text=_("The responsible editor (责任编辑): id and name as printed, or null.")
    )
    photo_credits = PhotoCreditSerializer(
        many=True, read_only=True, help_text=_("The article's photos, in printed order.")
    )
    web_url = serializers.CharField(read_only=True, allow_null=True, help_text=WEB_URL_HELP)
    search_snippet = serializers.SerializerMethodField(
        help_text=_(
            "Only with ?search=: about 80 characters of the body (or else the title) around the "
            "first match, every match marked <mark>…</mark>, the rest HTML-escaped, so it may be "
            "inserted as HTML; null without a search or when the match is not in the text as "
            "written (an author's other name)."
        )
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "web_url",
            "issue",
            "column",
            "toc_order",
            "kicker",
            "title",
            "toc_title",
            "subtitle",
            "pages",
            "start_page",
            "end_page",
            "continuation_pages",
            "dateline",
            "authors",
            "and_others",
            "responsible_editor",
            "source_org",
            "reprinted_from",
            "photo_credits",
            "search_snippet",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_search_snippet(self, article) -> str | None:
        terms = self.context.get("search_terms")
        if not terms:
            return None
        texts = (article.body, article.title, article.subtitle, article.kicker)
        return search_snippet(terms, *texts)

    @extend_schema_field(CreditedPersonSerializer(allow_null=True))
    def get_responsible_editor(self, article):
        if not article.responsible_editor_name:
            return None
        return {"id": article.responsible_editor_id, "name": article.responsible_editor_name}


class ArticleDetailSerializer(ArticleSerializer):
    """An article with its body."""

    body = serializers.CharField(
        read_only=True,
        help_text=_(
            "The text as printed, in plain text: no markup; paragraphs are separated by a "
            "blank line (two line breaks), lines within a paragraph by one. Headings inside "
            "the text are paragraphs of their own."
        ),
    )

    class Meta(ArticleSerializer.Meta):
        fields = [*(f for f in ArticleSerializer.Meta.fields if f != "search_snippet"), "body"]


class AuthorshipWriteSerializer(ModelValidationMixin, DescribedModelSerializer):
    """A byline entry sent by staff: the contributor and what the print says of them."""

    contributor = serializers.PrimaryKeyRelatedField(
        queryset=Contributor.objects.all(), help_text=_("The contributor's id.")
    )
    model_validation_exclude = ["article"]

    class Meta:
        model = Authorship
        fields = ["contributor", "credited_name", "role", "affiliation", "listed_in_toc"]


class ArticleWriteSerializer(ModelValidationMixin, DescribedModelSerializer):
    """An article sent by staff; `authors`, when given, replaces the whole byline."""

    issue = serializers.PrimaryKeyRelatedField(
        queryset=Issue.objects.all(), help_text=_("The issue's id.")
    )
    column = serializers.PrimaryKeyRelatedField(
        queryset=Column.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The column's id; null for an article the 目录 does not list."),
    )
    responsible_editor = serializers.PrimaryKeyRelatedField(
        queryset=Contributor.objects.all(),
        allow_null=True,
        required=False,
        help_text=_("The responsible editor's contributor id."),
    )
    authors = AuthorshipWriteSerializer(
        many=True, required=False, help_text=_("The byline in printed order.")
    )

    class Meta:
        model = Article
        fields = [
            "issue",
            "column",
            "toc_order",
            "kicker",
            "title",
            "toc_title",
            "subtitle",
            "start_page",
            "end_page",
            "continuation_pages",
            "dateline",
            "authors",
            "and_others",
            "responsible_editor",
            "responsible_editor_name",
            "source_org",
            "reprinted_from",
            "body",
            "note",
        ]

    def create(self, validated_data):
        validated_data.pop("expected_version", None)
        return article_create(**validated_data)

    def update(self, instance, validated_data):
        return article_update(article=instance, **validated_data)

    def to_representation(self, instance):
        return ArticleDetailSerializer(instance, context=self.context).data
