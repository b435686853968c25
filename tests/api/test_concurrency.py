"""Two editors at once: a write made on a stale copy is refused (412), never silently reverts."""

import pytest
from django.contrib.auth.models import Permission, User
from rest_framework.test import APIClient

from articles.models import Article
from issues.models import Issue
from tests.api.conftest import EDITORIAL_APPS
from tests.factories import (
    ArticleFactory,
    ColumnFactory,
    ContributorFactory,
    IssueFactory,
    PeriodicalFactory,
    sign_off_issue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor_api() -> APIClient:
    user = User.objects.create_user("editor_b", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=EDITORIAL_APPS))
    client = APIClient()
    client.force_authenticate(user)
    return client


def article_url(article) -> str:
    return f"/api/v1/articles/{article.pk}/"


def test_the_second_of_two_editors_gets_412_and_the_first_change_survives(
    editor_api, second_editor_api
):
    article = ArticleFactory(title="原标题", issue=IssueFactory(status=Issue.Status.DRAFT))
    etag_a = editor_api.get(article_url(article))["ETag"]
    etag_b = second_editor_api.get(article_url(article))["ETag"]
    assert etag_a == etag_b

    first = editor_api.patch(
        article_url(article), {"title": "甲改的标题"}, format="json", HTTP_IF_MATCH=etag_a
    )
    assert first.status_code == 200, first.content
    second = second_editor_api.patch(
        article_url(article), {"subtitle": "乙的副题"}, format="json", HTTP_IF_MATCH=etag_b
    )

    assert second.status_code == 412
    detail = second.json()["detail"]
    assert "自您读取后已被修改" in detail and "editor" in detail and "标题" in detail
    article.refresh_from_db()
    assert (article.title, article.subtitle) == ("甲改的标题", "")


@pytest.mark.parametrize(
    "if_match",
    ['"garbage"', "garbage", 'W/"1.abc"', '"999.abc"', '"0"'],
    ids=["quoted", "bare", "weak", "other-version", "zero"],
)
def test_an_if_match_that_is_not_the_current_etag_is_412(editor_api, if_match):
    article = ArticleFactory(title="原标题")
    response = editor_api.patch(
        article_url(article), {"title": "新标题"}, format="json", HTTP_IF_MATCH=if_match
    )
    assert response.status_code == 412
    assert "自您读取后已被修改" in response.json()["detail"]
    article.refresh_from_db()
    assert article.title == "原标题" and article.version == 1


def test_without_if_match_or_with_star_a_write_is_accepted(editor_api):
    article = ArticleFactory(title="原标题", issue=IssueFactory(status=Issue.Status.DRAFT))
    assert editor_api.patch(article_url(article), {"title": "一"}, format="json").status_code == 200
    starred = editor_api.patch(
        article_url(article), {"title": "二"}, format="json", HTTP_IF_MATCH="*"
    )
    assert starred.status_code == 200
    article.refresh_from_db()
    assert article.title == "二" and article.version == 3


def test_if_match_star_on_a_missing_resource_is_412(editor_api):
    response = editor_api.patch(
        "/api/v1/articles/999999/", {"title": "无"}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 412
    assert editor_api.patch("/api/v1/articles/999999/", {}, format="json").status_code == 404


def write_cases():
    """(resource, url of the object, a change): every editable resource of the API."""
    return {
        "article": (
            lambda: ArticleFactory(issue=IssueFactory(status=Issue.Status.DRAFT)),
            lambda a: f"/api/v1/articles/{a.pk}/",
            {"subtitle": "新副题"},
        ),
        "issue": (
            lambda: IssueFactory(status=Issue.Status.DRAFT),
            lambda i: f"/api/v1/issues/{i.pk}/",
            {"cover_caption": "新封面说明"},
        ),
        "contributor": (
            lambda: ContributorFactory(),
            lambda c: f"/api/v1/contributors/{c.pk}/",
            {"note": "备注"},
        ),
        "periodical": (
            lambda: PeriodicalFactory(),
            lambda p: f"/api/v1/periodicals/{p.slug}/",
            {"phone": "0991-1234567"},
        ),
        "column": (
            lambda: ColumnFactory(),
            lambda c: f"/api/v1/columns/{c.pk}/",
            {"name": "新栏目名"},
        ),
    }


@pytest.mark.parametrize("resource", list(write_cases()))
def test_a_write_answers_with_the_etag_the_next_get_gives(editor_api, resource):
    create, url_of, change = write_cases()[resource]
    obj = create()
    url = url_of(obj)
    read = editor_api.get(url)
    assert read.status_code == 200 and read["ETag"].startswith('"1.')

    written = editor_api.patch(url, change, format="json", HTTP_IF_MATCH=read["ETag"])
    assert written.status_code == 200, written.content
    assert written["ETag"].startswith('"2.')
    again = editor_api.get(url)
    assert written["ETag"] == again["ETag"]
    assert written.json() == again.json()
    # The ETag read before is stale now, for every resource.
    stale = editor_api.patch(url, change, format="json", HTTP_IF_MATCH=read["ETag"])
    assert stale.status_code == 412


def test_a_created_resource_answers_with_its_etag(editor_api, seed_issue):
    response = editor_api.post(
        "/api/v1/issues/",
        {"periodical": "dangyuan-zhiyou", "year": 2025, "number": 4, "cumulative_number": 345},
        format="json",
    )
    assert response.status_code == 201
    assert response["ETag"] == editor_api.get(f"/api/v1/issues/{response.json()['id']}/")["ETag"]


def test_a_stale_withdrawal_cannot_undo_a_publication(editor_api, second_editor_api):
    issue = sign_off_issue(IssueFactory(status=Issue.Status.DRAFT))
    url = f"/api/v1/issues/{issue.pk}/"
    stale = second_editor_api.get(url)["ETag"]
    published = editor_api.post(url + "publish/", HTTP_IF_MATCH=editor_api.get(url)["ETag"])
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published["ETag"] == editor_api.get(url)["ETag"]

    refused = second_editor_api.post(
        url + "unpublish/", {"reason": "撤回"}, format="json", HTTP_IF_MATCH=stale
    )
    assert refused.status_code == 412
    issue.refresh_from_db()
    assert issue.is_published and issue.published_at is not None


def test_status_is_not_written_by_a_patch(editor_api):
    issue = IssueFactory(status=Issue.Status.DRAFT)
    response = editor_api.patch(
        f"/api/v1/issues/{issue.pk}/", {"status": "published"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "draft"


def test_a_304_still_answers_a_conditional_get_of_a_versioned_resource(api):
    column = ColumnFactory()
    etag = api.get(f"/api/v1/columns/{column.pk}/")["ETag"]
    assert api.get(f"/api/v1/columns/{column.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_schema_documents_if_match_and_412(editor_api):
    schema = editor_api.get("/api/schema/", {"format": "json"}).json()
    for path, method in (
        ("/api/v1/articles/{id}/", "patch"),
        ("/api/v1/issues/{id}/", "put"),
        ("/api/v1/issues/{id}/publish/", "post"),
        ("/api/v1/contributors/{id}/", "patch"),
        ("/api/v1/periodicals/{slug}/", "patch"),
        ("/api/v1/columns/{id}/", "patch"),
    ):
        operation = schema["paths"][path][method]
        headers = [p for p in operation["parameters"] if p["in"] == "header"]
        assert [p["name"] for p in headers] == ["If-Match"], path
        assert "412" in operation["responses"], path


def test_article_delete_honours_if_match(editor_api):
    article = ArticleFactory(issue__status=Issue.Status.DRAFT)  # a published one's stay
    assert editor_api.delete(article_url(article), HTTP_IF_MATCH='"7.0"').status_code == 412
    assert Article.objects.filter(pk=article.pk).exists()
    etag = editor_api.get(article_url(article))["ETag"]
    assert editor_api.delete(article_url(article), HTTP_IF_MATCH=etag).status_code == 204
