"""A write through the admin applies its side effects once, however many inline rows it saves."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from issues.models import Issue
from tests.factories import ContributorFactory, IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_user(
        "editor", password="x", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


def test_an_article_added_with_five_authors_touches_its_issue_once(editor_client):
    issue = IssueFactory(status=Issue.Status.DRAFT)
    people = ContributorFactory.create_batch(5)
    data = {
        "issue": issue.pk, "title": "新文章", "body": "正文",
        "authorships-TOTAL_FORMS": 5, "authorships-INITIAL_FORMS": 0,
        "photo_credits-TOTAL_FORMS": 0, "photo_credits-INITIAL_FORMS": 0,
    }  # fmt: skip
    for n, person in enumerate(people):
        data |= {
            f"authorships-{n}-order": n + 1,
            f"authorships-{n}-contributor": person.pk,
            f"authorships-{n}-credited_name": person.name,
            f"authorships-{n}-role": "author",
        }
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    touches = [q for q in queries if q["sql"].startswith('UPDATE "issues_issue"')]
    assert len(touches) == 1
    article = Article.objects.get(issue=issue, title="新文章")
    assert article.authorships.count() == 5
    assert article in Article.objects.search(people[3].name)
