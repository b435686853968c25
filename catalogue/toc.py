"""The printed table of contents (目录) of an issue, built from its articles.

One read model for every place that shows the 目录: build_toc() of model instances for the
admin's preview and the serializer (the schema, the browsable API), toc_data() of plain rows
for the API's JSON.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from articles.models import Article, Authorship, PhotoCredit
from articles.read_models import PHOTO_CREDIT_VALUES, by_article, credit_line, photo_credit_line
from core.read_models import CompiledRows, read_together
from corrections.models import Correction, corrections_prefetch
from corrections.read_models import CORRECTION_NOTICE_VALUES, correction_notice
from issues.models import Highlight, Issue
from issues.read_models import PAGE_VALUES, page_cover_picture, page_issue, url_placeholders


@dataclass(frozen=True)
class TocEntry:
    article: Article
    authors: list[Authorship]

    @property
    def page(self):
        return self.article.start_page

    @property
    def title(self) -> str:
        return self.article.toc_heading

    @property
    def subtitle(self) -> str:
        return self.article.subtitle

    @property
    def and_others(self) -> bool:
        return self.article.and_others

    @property
    def corrections(self) -> list:
        """The article's corrections (勘误), newest first."""
        return list(self.article.corrections.all())


@dataclass
class TocSection:
    column: object
    entries: list[TocEntry] = field(default_factory=list)


@dataclass(frozen=True)
class TableOfContents:
    issue: Issue
    sections: list[TocSection]
    highlights: list[Article]
    cover_credits: list


def build_toc(issue: Issue) -> TableOfContents:
    """The 目录 of `issue`: columns in printed order, each with its listed entries.

    An article is listed when it has a column and a place in the 目录 (toc_order). A column
    printed twice in the 目录 (not one after the other) gives two sections, as on paper.
    """
    listed_authors = Prefetch(
        "authorships",
        queryset=Authorship.objects.filter(listed_in_toc=True).order_by("order", "id"),
        to_attr="toc_authors",
    )
    articles = (
        issue.articles.filter(toc_order__isnull=False, column__isnull=False)
        .select_related("column")
        .prefetch_related(listed_authors, corrections_prefetch())
        .in_toc_order()
    )
    sections: list[TocSection] = []
    for article in articles:
        if not sections or sections[-1].column.pk != article.column_id:
            sections.append(TocSection(column=article.column))
        sections[-1].entries.append(TocEntry(article=article, authors=article.toc_authors))
    highlights = [
        highlight.article
        for highlight in issue.highlights.select_related("article").order_by("order", "id")
    ]
    cover_credits = list(issue.photo_credits.filter(on_cover=True).order_by("order", "id"))
    return TableOfContents(
        issue=issue, sections=sections, highlights=highlights, cover_credits=cover_credits
    )


def listed_articles(issue_id):
    """The articles the 目录 of the issue lists (build_toc's rule)."""
    return Article.objects.filter(issue_id=issue_id, toc_order__isnull=False, column__isnull=False)


# The 目录's six queries, by issue id, compiled once (core.read_models.CompiledRows).
TOC_ISSUE = CompiledRows(Issue, lambda pk: Issue.objects.filter(pk=pk).values(*PAGE_VALUES))
TOC_ARTICLES = CompiledRows(
    Article,
    lambda issue_id: listed_articles(issue_id).in_toc_order().values(
        "id", "column_id", "column__name", "start_page", "title", "toc_title", "subtitle",
        "and_others",
    ),
)  # fmt: skip
TOC_AUTHORS = CompiledRows(
    Authorship,
    lambda issue_id: (
        Authorship.objects.filter(article__in=listed_articles(issue_id), listed_in_toc=True)
        .order_by("order", "id")
        .values("article_id", "contributor_id", "credited_name")
    ),
)
TOC_CORRECTIONS = CompiledRows(
    Correction,
    lambda issue_id: (
        Correction.objects.filter(article__in=listed_articles(issue_id))
        .newest_first()
        .values(*CORRECTION_NOTICE_VALUES)
    ),
)
TOC_HIGHLIGHTS = CompiledRows(
    Highlight,
    lambda issue_id: (
        Highlight.objects.filter(issue_id=issue_id)
        .order_by("order", "id")
        .values("article_id", "article__start_page", "article__toc_title", "article__title")
    ),
)
COVER_CREDITS = CompiledRows(
    PhotoCredit,
    lambda issue_id: (
        PhotoCredit.objects.filter(issue_id=issue_id, on_cover=True)
        .order_by("order", "id")
        .values(*PHOTO_CREDIT_VALUES)
    ),
)


# The 目录's queries, each by the issue's id and independent of the others: sent together.
TOC_QUERIES = (TOC_ISSUE, TOC_AUTHORS, TOC_CORRECTIONS, TOC_ARTICLES, TOC_HIGHLIGHTS, COVER_CREDITS)


def toc_data(issue_id: int, *, request, rows: list | None = None) -> dict:
    """TocSerializer's representation of the 目录 of the issue `issue_id`, read as plain rows
    in six compiled queries sent together (read_together), with no model instance: what the
    API's JSON answers. `rows`: those queries' rows where they were read already, in the
    order of TOC_QUERIES.

    The same entries, sections and order as build_toc(); tests/api/test_read_models.py holds
    the two equal, field by field.
    """
    [issue], authorships, correction_rows, articles, highlights, credits = rows or read_together(
        *((query, issue_id) for query in TOC_QUERIES)
    )
    placeholders = url_placeholders(issue)
    authors = by_article(authorships)
    corrections = by_article(correction_rows)
    sections: list[dict] = []
    for article in articles:
        pk = article["id"]
        if not sections or sections[-1]["column"]["id"] != article["column_id"]:
            column = {"id": article["column_id"], "name": article["column__name"]}
            sections.append({"column": column, "entries": []})
        sections[-1]["entries"].append(
            {
                "article": pk,
                "page": article["start_page"],
                "title": article["toc_title"] or article["title"],
                "subtitle": article["subtitle"],
                "authors": [
                    {"id": a["contributor_id"], "name": a["credited_name"]}
                    for a in authors.get(pk, ())
                ],
                "and_others": article["and_others"],
                "corrections": [correction_notice(c) for c in corrections.get(pk, ())],
                "web_url": Article.web_url_of(placeholders, pk),
            }
        )
    return {
        "issue": page_issue(issue),
        "sections": sections,
        "highlights": [
            {
                "article": row["article_id"],
                "page": row["article__start_page"],
                "title": row["article__toc_title"] or row["article__title"],
            }
            for row in highlights
        ],
        "cover": {
            "caption": issue["cover_caption"],
            "credits": [photo_credit_line(credit, request) for credit in credits],
            "image": page_cover_picture(issue, [credit_line(c) for c in credits], request),
        },
    }
