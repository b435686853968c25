"""A contributor renamed through the admin or the API is found by the new name, at once."""

import pytest
from django.urls import reverse

from articles.models import Article
from contributors.models import Contributor

pytestmark = pytest.mark.django_db


def searched(client, word) -> set[int]:
    response = client.get("/api/v1/articles/", {"search": word, "page_size": 100})
    assert response.status_code == 200
    return {article["id"] for article in response.json()["results"]}


@pytest.fixture
def author(seed_issue) -> Contributor:
    """An author of a published article of the seed issue, credited there by their name."""
    article = Article.objects.filter(issue=seed_issue, authorships__isnull=False).first()
    return article.authorships.first().contributor


def test_renamed_through_the_api_the_author_finds_their_articles(api, editor_api, author):
    articles = set(author.authorships.values_list("article_id", flat=True))
    assert searched(api, "甄士隐") == set()
    response = editor_api.patch(
        f"/api/v1/contributors/{author.pk}/", {"name": "甄士隐"}, format="json"
    )
    assert response.status_code == 200
    assert searched(api, "甄士隐") == articles


def test_renamed_in_the_admin_the_author_finds_their_articles(client, editor, author):
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    articles = set(author.authorships.values_list("article_id", flat=True))
    url = reverse("admin:contributors_contributor_change", args=[author.pk])
    response = client.post(
        url,
        {
            "name": "甄士隐",
            "kind": author.kind,
            "note": author.note,
            "name_variants-TOTAL_FORMS": "0",
            "name_variants-INITIAL_FORMS": "0",
            "name_variants-MIN_NUM_FORMS": "0",
            "name_variants-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.context["adminform"].errors
    assert searched(client, "甄士隐") == articles
