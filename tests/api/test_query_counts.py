"""The queries of each endpoint do not grow with the articles, authors or credits it shows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ColumnFactory,
    IssueFactory,
    MastheadEntryFactory,
    MastheadRoleFactory,
    PeriodicalFactory,
    PhotoCreditFactory,
    unrecorded,
)

pytestmark = pytest.mark.django_db


@unrecorded()
def build_issue(article_count: int):
    """An issue of `article_count` articles in 3 columns, each with 2 authors and 2 photos."""
    periodical = PeriodicalFactory()
    issue = IssueFactory(periodical=periodical, year=2024, number=1)
    columns = [ColumnFactory(periodical=periodical) for _ in range(3)]
    for n in range(article_count):
        article = ArticleFactory(issue=issue, column=columns[n % 3], toc_order=n, start_page=n + 1)
        AuthorshipFactory.create_batch(2, article=article)
        PhotoCreditFactory.create_batch(2, article=article)
    role = MastheadRoleFactory(periodical=periodical)
    MastheadEntryFactory.create_batch(article_count // 5, issue=issue, role=role)
    return issue


def endpoints(issue) -> list[str]:
    article = issue.articles.first()
    author = article.authorships.first().contributor_id
    return [
        f"/api/v1/issues/{issue.pk}/",
        f"/api/v1/issues/{issue.pk}/toc/",
        f"/api/v1/issues/{issue.pk}/masthead/",
        f"/api/v1/periodicals/{issue.periodical.slug}/issues/2024/1/toc/",
        f"/api/v1/articles/?issue={issue.pk}&page_size=100",
        f"/api/v1/articles/{article.pk}/",
        "/api/v1/contributors/?page_size=10&role=author",  # a full first page: counted
        f"/api/v1/contributors/{author}/",
        "/api/v1/issues/?page_size=100",
        f"/api/v1/columns/?periodical={issue.periodical.slug}",
        "/api/v1/periodicals/",
    ]


def query_counts(api, issue) -> list[int]:
    counts = []
    for url in endpoints(issue):
        with CaptureQueriesContext(connection) as queries:
            response = api.get(url)
        assert response.status_code == 200, (url, response.content[:200])
        counts.append(len(queries))
    return counts


def test_query_counts_are_the_same_for_5_and_60_articles(api):
    small = query_counts(api, build_issue(5))
    large = query_counts(api, build_issue(60))
    assert small == large
    assert max(large) <= 8, dict(zip(endpoints(build_issue(1)), large, strict=True))


def test_toc_of_60_articles_in_seven_queries(api, django_assert_num_queries):
    issue = build_issue(60)
    # The issue's stamp (all a 304 or a cached 目录 needs), then the issue, articles, authors,
    # their corrections, highlights, cover credits; plus, for an anonymous reader, the stamp
    # the lean path (core/fastpath.py) read first and found no answer recorded for.
    with django_assert_num_queries(8):
        api.get(f"/api/v1/issues/{issue.pk}/toc/")
    with django_assert_num_queries(1):  # rendered once per content version, then cached
        assert api.get(f"/api/v1/issues/{issue.pk}/toc/").status_code == 200


@pytest.mark.postgres
def test_article_list_walks_issues_by_index_instead_of_sorting_every_article(api):
    """Newest first over decades of issues: PostgreSQL reads one page, it does not sort all."""
    from django.db import transaction

    from articles.filters import default_article_order
    from articles.models import Article

    page = Article.objects.published().order_by(*default_article_order())[:20]
    sql, params = page.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # The test tables are tiny: make the planner show the plan it has for big ones, and
        # fail if only a full sort can give the order.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "issue_newest_first" in plan
    assert not re.search(r"(^|->)\s*Sort\s+\(", plan, re.MULTILINE), plan  # no full sort
