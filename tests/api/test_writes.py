"""Staff write through the API; the API refuses what the admin refuses, field by field."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article
from contributors.models import Contributor
from periodical.models import Column
from tests.chinese import is_chinese
from tests.factories import withdraw_to_draft

pytestmark = pytest.mark.django_db


def test_anonymous_and_unprivileged_users_cannot_write(api, seed_issue, django_user_model):
    payload = {"issue": seed_issue.pk, "title": "新文章"}
    assert api.post("/api/v1/articles/", payload, format="json").status_code == 401
    reader = APIClient()
    reader.force_authenticate(django_user_model.objects.create_user("reader", is_staff=True))
    assert reader.post("/api/v1/articles/", payload, format="json").status_code == 403
    assert reader.post(f"/api/v1/issues/{seed_issue.pk}/unpublish/").status_code == 403
    assert Article.objects.filter(title="新文章").count() == 0


def test_editor_creates_an_article_with_its_byline_by_token(editor, seed_issue):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    author = Contributor.objects.get(name="辛组研")
    withdraw_to_draft(seed_issue)  # a published issue takes no new article
    response = client.post(
        "/api/v1/articles/",
        {
            "issue": seed_issue.pk,
            "column": seed_issue.articles.get(start_page=1).column_id,
            "toc_order": 99,
            "title": "援疆干部的一天",
            "start_page": 70,
            "body": "援疆干部在基层。",
            "authors": [{"contributor": author.pk, "affiliation": "党委组织部"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["authors"] == [
        {
            "id": author.pk,
            "name": "辛组研",
            "role": "author",
            "affiliation": "党委组织部",
            "listed_in_toc": True,
        }
    ]
    found = client.get("/api/v1/articles/", {"search": "援疆干部"}).json()["results"]
    assert data["id"] in [a["id"] for a in found]
    toc = client.get(f"/api/v1/issues/{seed_issue.pk}/toc/").json()
    assert toc["sections"][-1]["entries"][-1]["title"] == "援疆干部的一天"


def test_model_validation_gives_field_errors_in_chinese_and_writes_nothing(editor_api, seed_issue):
    before = Article.objects.count()
    response = editor_api.post(
        "/api/v1/articles/",
        {"issue": seed_issue.pk, "title": "", "start_page": 9, "end_page": 3},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert is_chinese(errors["title"][0])
    assert errors["non_field_errors"] == ["结束页不能早于起始页。"]
    assert Article.objects.count() == before

    response = editor_api.patch(
        f"/api/v1/articles/{seed_issue.articles.first().pk}/",
        {"start_page": 9, "end_page": 3},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["结束页不能早于起始页。"]}


def test_a_column_of_another_periodical_is_refused(editor_api, seed_issue):
    column = Column.objects.exclude(periodical=seed_issue.periodical).first()
    response = editor_api.patch(
        f"/api/v1/articles/{seed_issue.articles.first().pk}/",
        {"column": column.pk},
        format="json",
    )
    assert response.status_code == 400
    assert "column" in response.json()


def test_a_byline_with_an_unknown_contributor_is_refused_whole(editor_api, seed_issue):
    article = seed_issue.articles.get(start_page=1)
    response = editor_api.patch(
        f"/api/v1/articles/{article.pk}/",
        {"title": "改了", "authors": [{"contributor": 999999}]},
        format="json",
    )
    assert response.status_code == 400
    assert "authors" in response.json()
    article.refresh_from_db()
    assert article.title != "改了" and article.authorships.count() == 1


def test_duplicate_issue_number_is_a_field_error_naming_the_issue(editor_api, seed_issue):
    response = editor_api.post(
        "/api/v1/issues/",
        {"periodical": "dangyuan-zhiyou", "year": 2025, "number": 3},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"number": ["《党员之友》已有2025年第3期。"]}


def test_editor_creates_publishes_and_withdraws_an_issue(editor_api, api, seed_issue):
    response = editor_api.post(
        "/api/v1/issues/",
        {"periodical": "dangyuan-zhiyou", "year": 2025, "number": 4, "cumulative_number": 345},
        format="json",
    )
    assert response.status_code == 201, response.content
    issue = response.json()
    assert issue["status"] == "draft"
    assert issue["address"] == seed_issue.periodical.address  # facts come from the periodical
    assert api.get(f"/api/v1/issues/{issue['id']}/").status_code == 404
    url = f"/api/v1/issues/{issue['id']}/"
    assert editor_api.post(url + "publish/").status_code == 409  # not signed off
    signed = editor_api.post(url + "sign-off/", {"decision": "approved"}, format="json")
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    assert api.get(url).status_code == 404  # signed is not published
    assert editor_api.post(url + "publish/").json()["status"] == "published"
    assert api.get(url).status_code == 200
    editor_api.post(url + "unpublish/", {"reason": "期号有误"}, format="json")
    assert api.get(url).status_code == 404


def test_bad_json_is_400(editor_api, seed_issue):
    response = editor_api.generic(
        "POST", "/api/v1/issues/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
