"""A JSON body must give each field the type the schema states (issue 16): DRF alone would take
0.5 for a name as "0.5", "3" for a page as 3 and "yes" for a flag as true, which a generated
client never sends and a hand-written one sends only by mistake. The mistake is a 400 naming
the field, in Chinese, and nothing is written."""

import pytest

from articles.models import Article
from contributors.models import Contributor
from tests.api.test_error_contract import assert_error
from tests.factories import withdraw_to_draft

pytestmark = pytest.mark.django_db


def test_a_number_for_a_name_is_refused_and_nothing_is_created(editor_api, seed_issue):
    before = Contributor.objects.count()
    response = editor_api.post(
        "/api/v1/contributors/", {"name": 0.5, "kind": "pen_name"}, format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["name"]
    assert "字符串" in body["fields"]["name"][0] and "数字" in body["fields"]["name"][0]
    assert Contributor.objects.count() == before
    # The same name as a string is taken.
    created = editor_api.post(
        "/api/v1/contributors/", {"name": "0.5", "kind": "pen_name"}, format="json"
    )
    assert created.status_code == 201, created.content


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("start_page", "3", "整数"),
        ("start_page", True, "整数"),
        ("title", 7, "字符串"),
        ("column", "1", "整数"),
        ("authors", "张三", "数组"),
    ],
)
def test_an_article_field_of_the_wrong_type_is_refused(
    editor_api, seed_issue, field, value, expected
):
    withdraw_to_draft(seed_issue)  # a published issue takes no write at all
    article = seed_issue.articles.order_by("pk").first()
    response = editor_api.patch(f"/api/v1/articles/{article.pk}/", {field: value}, format="json")
    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == [field]
    assert expected in body["fields"][field][0]
    assert Article.objects.get(pk=article.pk).version == article.version


def test_a_byline_entry_of_the_wrong_type_is_named_and_nothing_is_written(editor_api, seed_issue):
    withdraw_to_draft(seed_issue)
    before = seed_issue.articles.count()
    contributor = Contributor.objects.order_by("pk").first()
    response = editor_api.post(
        "/api/v1/articles/",
        {
            "issue": seed_issue.pk,
            "title": "题",
            "start_page": 70,
            "authors": [{"contributor": contributor.pk, "listed_in_toc": "yes"}],
        },
        format="json",
    )
    body = assert_error(response, 400, "invalid")
    assert "authors" in body["fields"], body
    assert seed_issue.articles.count() == before


def test_a_sign_off_opinion_must_be_text(editor_api, seed_issue):
    """The bodies of actions (sign-offs, corrections) follow the same rule as the models'."""
    article = seed_issue.articles.order_by("pk").first()
    response = editor_api.post(
        f"/api/v1/articles/{article.pk}/sign-off/",
        {"stage": "first_review", "decision": "returned", "opinion": 1},
        format="json",
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["opinion"]


def test_a_form_body_still_carries_strings(editor_api, seed_issue):
    """An HTML form (the browsable API) sends every value as text: that is not a wrong type."""
    response = editor_api.post(
        "/api/v1/contributors/", {"name": "李四", "kind": "person"}, format="multipart"
    )
    assert response.status_code == 201, response.content
