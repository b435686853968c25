"""Reading one issue for an export: everything it shows, with a fixed number of queries.

Exports call these once per issue and drop the result before the next, so memory stays flat
however many issues an export holds.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from articles.models import Article, Authorship, PhotoCredit
from contributors.models import Contributor, ContributorNameVariant
from issues.models import Highlight, Issue, MastheadEntry


@dataclass
class IssueData:
    """One issue with everything an export shows of it, read with a fixed number of queries."""

    issue: Issue
    articles: list[Article]
    masthead: list[MastheadEntry]
    photos: list[PhotoCredit]  # the issue's own: cover and photos outside articles
    highlights: list[Highlight]


def issue_articles(issue: Issue, *, with_texts: bool) -> QuerySet[Article]:
    """The articles of `issue` in 目录 order, with column, editor, byline and photo credits."""
    articles = (
        Article.objects.filter(issue=issue)
        .select_related("column", "responsible_editor")
        .prefetch_related(
            Prefetch(
                "authorships",
                queryset=Authorship.objects.select_related("contributor").order_by("order", "id"),
            ),
            Prefetch(
                "photo_credits",
                queryset=PhotoCredit.objects.select_related("photographer").order_by("order", "id"),
            ),
        )
        .in_toc_order()
    )
    if with_texts:
        return articles.defer("search_title", "search_body")
    return articles.without_texts()


def read_issue(issue: Issue, *, with_texts: bool = False, full: bool = False) -> IssueData:
    """`issue`'s articles (and, if `full`, masthead, own photos and highlights)."""
    articles = list(issue_articles(issue, with_texts=with_texts))
    if not full:
        return IssueData(issue, articles, [], [], [])
    masthead = list(
        issue.masthead_entries.select_related("role", "contributor").order_by("order", "id")
    )
    photos = list(issue.photo_credits.select_related("photographer").order_by("order", "id"))
    highlights = list(issue.highlights.order_by("order", "id"))
    return IssueData(issue, articles, masthead, photos, highlights)


def read_masthead(issue: Issue) -> IssueData:
    """`issue`'s masthead and its own photos (the cover credit), without its articles."""
    masthead = list(issue.masthead_entries.select_related("role").order_by("order", "id"))
    photos = list(issue.photo_credits.order_by("order", "id"))
    return IssueData(issue, [], masthead, photos, [])


def named_contributors(data: IssueData) -> list[Contributor]:
    """Every contributor `data` credits, with its name variants (two queries)."""
    ids = {entry.contributor_id for entry in data.masthead}
    ids |= {photo.photographer_id for photo in data.photos}
    for article in data.articles:
        ids.add(article.responsible_editor_id)
        ids |= {authorship.contributor_id for authorship in article.authorships.all()}
        ids |= {photo.photographer_id for photo in article.photo_credits.all()}
    ids.discard(None)
    variants = Prefetch("name_variants", queryset=ContributorNameVariant.objects.order_by("name"))
    return list(
        Contributor.objects.filter(pk__in=ids).prefetch_related(variants).order_by("name", "id")
    )


@dataclass(slots=True)
class ArticleRow:
    """What a spreadsheet row shows of an article, as plain values."""

    pk: int
    issue_id: int
    column: str
    start_page: int | None
    end_page: int | None
    continuation_pages: str
    kicker: str
    title: str
    subtitle: str
    responsible_editor_name: str
    source_org: str
    reprinted_from: str
    authors: list[tuple[str, str]]  # (name as printed, affiliation), in byline order
    photo_credits: list[tuple[str, str, str, str]]  # PhotoCredit.credit_line_of's arguments


def read_article_rows(issues: list[Issue]) -> dict[int, list[ArticleRow]]:
    """The articles of `issues` as plain rows, by issue id, in 目录 order. Three queries."""
    ordered = Article.objects.filter(issue__in=issues).in_toc_order()
    values = ordered.order_by("issue_id", *ordered.query.order_by).values_list(
        "pk", "issue_id", "column__name", "start_page", "end_page", "continuation_pages",
        "kicker", "title", "subtitle", "responsible_editor_name", "source_org", "reprinted_from",
    )  # fmt: skip
    articles = [ArticleRow(*row[:2], row[2] or "", *row[3:], [], []) for row in values]
    by_id = {row.pk: row for row in articles}
    # By the issues, not the article ids: a join costs less than binding thousands of ids.
    authors = Authorship.objects.filter(article__issue__in=issues).order_by(
        "article_id", "order", "id"
    )
    for article_id, *author in authors.values_list("article_id", "credited_name", "affiliation"):
        by_id[article_id].authors.append(tuple(author))
    credits = PhotoCredit.objects.filter(article__issue__in=issues).order_by(
        "article_id", "order", "id"
    )
    for article_id, *credit in credits.values_list(
        "article_id", "kind", "agency", "credited_title", "credited_name"
    ):
        by_id[article_id].photo_credits.append(tuple(credit))
    by_issue = defaultdict(list)
    for row in articles:
        by_issue[row.issue_id].append(row)
    return by_issue
