"""A list's filter set makes its form class once (core.api.FilterSet), not for every request;
what each request's form holds stays its own."""

import pytest

from articles.filters import ArticleFilter
from articles.models import Article
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


def test_one_form_class_serves_every_request():
    first = ArticleFilter({"year": "2024"}, Article.objects.all())
    second = ArticleFilter({"year": "x"}, Article.objects.all())
    assert type(first.form) is type(second.form)
    assert first.is_valid() and not second.is_valid()
    assert list(second.errors) == ["year"]


def test_consecutive_requests_filter_by_their_own_parameters(api):
    older = IssueFactory(year=2023, number=1)
    newer = IssueFactory(periodical=older.periodical, year=2024, number=1)
    ArticleFactory(issue=older, title="旧文")
    ArticleFactory(issue=newer, title="新文")
    titles = lambda response: [a["title"] for a in response.json()["results"]]  # noqa: E731
    assert titles(api.get("/api/v1/articles/?year=2023")) == ["旧文"]
    bad = api.get("/api/v1/articles/?year=二〇二四")
    assert bad.status_code == 400 and "year" in bad.json()["fields"]
    assert titles(api.get("/api/v1/articles/?year=2024")) == ["新文"]
    both = api.get(f"/api/v1/articles/?periodical={older.periodical.slug}")
    assert sorted(titles(both)) == ["新文", "旧文"]
