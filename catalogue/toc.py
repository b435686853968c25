"""The printed table of contents (目录) of an issue, built from its articles.

One read model for every place that shows the 目录: the admin preview now, the API later.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from articles.models import Article, Authorship
from corrections.models import corrections_prefetch
from issues.models import Issue


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
