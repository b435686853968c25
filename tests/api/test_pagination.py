"""The catalogue's pages read the first page before counting (core.api.FirstPageFirstPaginator):
a first page with room to spare holds every result, so its length is the count and no COUNT
query runs. What a client reads must not change: the count, the links, the pages after the
first, an empty list, a page past the end."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


def issue_with(articles: int):
    issue = IssueFactory()
    for n in range(articles):
        ArticleFactory(issue=issue, toc_order=n, start_page=n + 1)
    return issue


def count_queries(captured) -> int:
    return sum('"__count"' in query["sql"] for query in captured)


@pytest.mark.parametrize(
    ("articles", "size", "page", "expected", "counted"),
    [
        (0, 5, 1, [], False),
        (3, 5, 1, [1, 2, 3], False),
        (5, 5, 1, [1, 2, 3, 4, 5], True),  # full: there may be more
        (7, 5, 1, [1, 2, 3, 4, 5], True),
        (7, 5, 2, [6, 7], True),
        (7, 5, "last", [6, 7], True),
    ],
)
def test_pages_and_counts_are_as_before(api, articles, size, page, expected, counted):
    issue = issue_with(articles)
    url = f"/api/v1/articles/?issue={issue.pk}&ordering=page&page_size={size}&page={page}"
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert [article["start_page"] for article in body["results"]] == expected
    assert body["count"] == articles
    assert (body["next"] is not None) == (articles > size and page == 1)
    assert (body["previous"] is not None) == (page != 1)
    assert (count_queries(captured) > 0) is counted


def test_a_page_past_the_end_is_still_a_404(api):
    issue = issue_with(3)
    response = api.get(f"/api/v1/articles/?issue={issue.pk}&page_size=5&page=2")
    assert response.status_code == 404
