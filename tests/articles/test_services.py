"""The article services write an article with its byline and apply the side effects once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.services import article_create, article_update
from issues.models import Issue
from tests.factories import ArticleFactory, ContributorFactory, IssueFactory

pytestmark = pytest.mark.django_db


def statements(queries, start: str) -> int:
    return sum(1 for query in queries if query["sql"].startswith(start))


@pytest.mark.parametrize("count", [1, 5, 12])
def test_saving_an_article_with_its_byline_touches_the_issue_once(count):
    article = ArticleFactory(issue=IssueFactory(status=Issue.Status.DRAFT))
    people = ContributorFactory.create_batch(count)
    issue_before = type(article.issue).objects.get(pk=article.issue_id).content_changed_at
    authors = [{"contributor": person, "credited_name": person.name} for person in people]
    with CaptureQueriesContext(connection) as queries:
        article_update(article=article, title="新标题", authors=authors)
    assert statements(queries, 'UPDATE "issues_issue"') == 1
    # The search text is recomputed once too, with every author's name in it.
    assert statements(queries, 'UPDATE "articles_article" SET "search_title"') == 1
    article.refresh_from_db()
    assert all(person.name in article.search_names.split("\n") for person in people)
    assert article in Article.objects.search(people[-1].name)
    issue = type(article.issue).objects.get(pk=article.issue_id)
    assert issue.content_changed_at > issue_before


def test_a_new_article_is_found_by_its_authors_name():
    issue = IssueFactory(status=Issue.Status.DRAFT)
    person = ContributorFactory(name="甄英莲")
    article = article_create(
        issue=issue, title="标题", authors=[{"contributor": person, "credited_name": "甄英莲"}]
    )
    assert list(Article.objects.search("甄英莲")) == [article]
