"""Deleting articles: a published issue's articles stay (API, admin, service); a draft's article
goes, and its deletion is in the change records."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.test import APIClient

from articles.models import Article
from articles.services import article_delete
from audit.models import ChangeRecord
from core.errors import Conflict
from issues.models import Issue
from tests.admin_pages import opened_form
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

DELETE = ChangeRecord.Action.DELETE


@pytest.fixture
def published_article() -> Article:
    return ArticleFactory(title="已发布的文章", issue__status=Issue.Status.PUBLISHED)


@pytest.fixture
def draft_article() -> Article:
    return ArticleFactory(title="草稿中的文章", issue__status=Issue.Status.DRAFT)


@pytest.fixture
def editor():
    return get_user_model().objects.create_user(
        "editor", password="x", is_staff=True, is_superuser=True
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def editor_api(editor) -> APIClient:
    api = APIClient()
    api.force_authenticate(editor)
    return api


def article_url(article: Article) -> str:
    return f"/api/v1/articles/{article.pk}/"


class TestService:
    def test_an_article_of_a_published_issue_is_refused(self, published_article):
        with pytest.raises(Conflict) as refused:
            article_delete(article=published_article)

        assert refused.value.code == "published"
        assert "已发布" in refused.value.messages[0]
        assert Article.objects.filter(pk=published_article.pk).exists()
        assert not ChangeRecord.objects.filter(action=DELETE).exists()

    def test_a_drafts_article_is_deleted_and_recorded_with_its_issue(self, draft_article):
        article_delete(article=draft_article)

        assert not Article.objects.filter(pk=draft_article.pk).exists()
        deleted = ChangeRecord.objects.filter(action=DELETE, issue_id=draft_article.issue_id)
        record = deleted.get(content_type__model="article")
        assert record.changes_dict["title"][0] == "草稿中的文章"


class TestApi:
    def test_deleting_an_article_of_a_published_issue_answers_409_in_chinese(
        self, editor_api, published_article
    ):
        response = editor_api.delete(article_url(published_article))

        assert response.status_code == 409
        assert "已发布" in response.json()["detail"]
        assert Article.objects.filter(pk=published_article.pk).exists()

    def test_a_drafts_article_is_deleted_and_recorded(self, editor_api, editor, draft_article):
        response = editor_api.delete(article_url(draft_article))

        assert response.status_code == 204
        assert not Article.objects.filter(pk=draft_article.pk).exists()
        deleted = ChangeRecord.objects.filter(action=DELETE, issue_id=draft_article.issue_id)
        assert deleted.get(content_type__model="article").actor == editor

    def test_the_schema_documents_the_409(self, editor_api):
        schema = editor_api.get("/api/schema/", {"format": "json"}).json()
        responses = schema["paths"]["/api/v1/articles/{id}/"]["delete"]["responses"]
        assert {"204", "409", "412"} <= set(responses)


class TestAdmin:
    def test_a_published_issues_article_has_no_delete_link(self, editor_client, published_article):
        page = editor_client.get(
            reverse("admin:articles_article_change", args=[published_article.pk])
        )
        delete_url = reverse("admin:articles_article_delete", args=[published_article.pk])
        assert page.status_code == 200
        assert delete_url not in page.text

        draft = ArticleFactory(issue__status=Issue.Status.DRAFT)
        page = editor_client.get(reverse("admin:articles_article_change", args=[draft.pk]))
        assert reverse("admin:articles_article_delete", args=[draft.pk]) in page.text

    def test_deleting_it_anyway_is_refused_with_a_message(self, editor_client, published_article):
        delete_url = reverse("admin:articles_article_delete", args=[published_article.pk])

        response = editor_client.post(delete_url, {"post": "yes"}, follow=True)

        assert Article.objects.filter(pk=published_article.pk).exists()
        assert any("已发布" in str(message) for message in response.context["messages"])

    def test_the_list_action_refuses_a_published_issues_article(
        self, editor_client, published_article, draft_article
    ):
        changelist = reverse("admin:articles_article_changelist")
        selected = [published_article.pk, draft_article.pk]

        response = editor_client.post(
            changelist,
            {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
        )

        assert response.status_code == 403
        assert Article.objects.filter(pk__in=selected).count() == 2

    def test_the_list_action_deletes_a_drafts_articles_through_the_service(
        self, editor_client, draft_article
    ):
        changelist = reverse("admin:articles_article_changelist")

        editor_client.post(
            changelist,
            {"action": "delete_selected", "_selected_action": [draft_article.pk], "post": "yes"},
        )

        assert not Article.objects.filter(pk=draft_article.pk).exists()
        assert ChangeRecord.objects.filter(
            action=DELETE, content_type__model="article", issue_id=draft_article.issue_id
        ).exists()

    def test_the_issue_pages_rows_cannot_delete_a_published_issues_articles(
        self, editor_client, published_article
    ):
        url = reverse("admin:issues_issue_change", args=[published_article.issue_id])
        data = opened_form(editor_client, url)
        rows = [key for key in data if key.endswith("-id") and data[key] == published_article.pk]
        assert rows and not any(key.replace("-id", "-DELETE") in data for key in rows)
        data[rows[0].replace("-id", "-DELETE")] = "on"  # as a forged form would

        editor_client.post(url, data)

        assert Article.objects.filter(pk=published_article.pk).exists()

    def test_the_issue_pages_rows_delete_a_drafts_article(self, editor_client, draft_article):
        url = reverse("admin:issues_issue_change", args=[draft_article.issue_id])
        data = opened_form(editor_client, url)
        row = next(key for key in data if key.endswith("-id") and data[key] == draft_article.pk)
        data[row.replace("-id", "-DELETE")] = "on"

        response = editor_client.post(url, data)

        assert response.status_code == 302
        assert not Article.objects.filter(pk=draft_article.pk).exists()
        assert ChangeRecord.objects.filter(
            action=DELETE, content_type__model="article", issue_id=draft_article.issue_id
        ).exists()
