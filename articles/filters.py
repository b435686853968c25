"""Query parameters of the article list: where, who, which pages, when, and full-text search."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import ValidationError

from core.api import (
    FilterSet,
    IdFilter,
    StableOrderingFilter,
    WholeNumberFilter,
    WholeNumberRangeFilter,
)
from issues.models import newest_first_order

from .models import Article, Authorship, PhotoCredit
from .search import MAX_QUERY_LENGTH


class ArticleFilter(FilterSet):
    periodical = django_filters.CharFilter(
        field_name="issue__periodical__slug", help_text=_("The periodical's slug.")
    )
    issue = IdFilter(field_name="issue_id", help_text=_("The issue's id."))
    year = WholeNumberFilter(field_name="issue__year", help_text=_("Year of the issue."))
    column = IdFilter(field_name="column_id", help_text=_("The column's id."))
    author = IdFilter(
        method="filter_author", help_text=_("A contributor's id: articles in their byline.")
    )
    responsible_editor = IdFilter(
        field_name="responsible_editor_id",
        help_text=_("A contributor's id: articles they answered for as 责任编辑."),
    )
    photographer = IdFilter(
        method="filter_photographer",
        help_text=_("A contributor's id: articles with photos they took or supplied."),
    )
    pages = WholeNumberRangeFilter(
        field_name="start_page",
        help_text=_("Start page range: pages_min, pages_max."),
    )
    publication_date = django_filters.DateFromToRangeFilter(
        field_name="issue__publication_date",
        help_text=_("Publication date of the issue: publication_date_after, _before (YYYY-MM-DD)."),
    )
    has_photos = django_filters.ChoiceFilter(
        choices=[("true", "true"), ("false", "false")],
        method="filter_has_photos",
        help_text=_("true: only articles with photos; false: only those without."),
    )
    search = django_filters.CharFilter(
        method="filter_search",
        help_text=_(
            "Words to find in title, subtitle, body and author names; Chinese words of any "
            "length. All words must occur; title matches come first."
        ),
    )
    # The schema states the rule the search checks: a letter, digit or character to find,
    # at most MAX_QUERY_LENGTH characters (articles.search.parse_search_query).
    extend_schema_field(
        {
            "type": "string",
            "maxLength": MAX_QUERY_LENGTH,
            "pattern": r"[^\W_]",
            "description": search.extra["help_text"],
        }
    )(search)
    ordering = StableOrderingFilter(
        fields=[
            ("issue__publication_date", "publication_date"),
            ("start_page", "page"),
            ("toc_order", "toc_order"),
            ("title", "title"),
            ("id", "id"),
        ],
        help_text=_("Sort order; prefix with - for descending. Default: newest issue first."),
    )

    class Meta:
        model = Article
        fields = ["periodical", "issue", "year", "column", "responsible_editor"]

    def filter_author(self, articles, name, value):
        authored = Authorship.objects.filter(article=OuterRef("pk"), contributor_id=value)
        return articles.filter(Exists(authored))

    def filter_photographer(self, articles, name, value):
        photographed = PhotoCredit.objects.filter(article=OuterRef("pk"), photographer_id=value)
        return articles.filter(Exists(photographed))

    def filter_has_photos(self, articles, name, value):
        photos = Exists(PhotoCredit.objects.filter(article=OuterRef("pk")))
        return articles.filter(photos if value == "true" else ~photos)

    def filter_search(self, articles, name, value):
        try:
            return articles.search(value)
        except DjangoValidationError as error:
            raise ValidationError({"search": error.messages}) from None


def default_article_order():
    """Newest issue first, then the order of its 目录: stable across pages.

    PostgreSQL walks the issues by their index in this order and stops after a page.
    """
    return [
        *newest_first_order("issue__"),
        F("toc_order").asc(nulls_last=True),
        F("start_page").asc(nulls_last=True),
        "id",
    ]
