"""One error contract under /api/ (issue 16): JSON, Chinese, `{detail, code, fields}` for every
status, unknown routes included; the wrong parameter named as sent; never a model's name."""

import pytest
from rest_framework.test import APIClient

from tests.chinese import is_chinese

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) <= {"detail", "code", "fields"}
    assert body["code"] == code and is_chinese(body["detail"]), body
    return body


@pytest.mark.parametrize("path", ["/api/v1/no-such-thing/", "/api/v2/", "/api/v1/issues/1/pages/"])
def test_an_unknown_route_under_the_api_is_a_json_404_in_chinese(api, path):
    assert_error(api.get(path), 404, "not_found")


def test_an_unknown_page_elsewhere_stays_a_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "text/html" in response["Content-Type"]


def test_a_missing_object_is_named_in_chinese_never_by_its_model(api, seed_issue):
    body = assert_error(api.get("/api/v1/issues/999999/"), 404, "not_found")
    assert body["detail"] == "未找到该期次。"
    body = assert_error(api.get("/api/v1/articles/999999/toc/"), 404, "not_found")
    assert "Article" not in body["detail"] and "matches" not in body["detail"]
    body = assert_error(api.get("/api/v1/articles/999999/"), 404, "not_found")
    assert body["detail"] == "未找到该文章。"


def test_a_bad_range_bound_is_named_as_sent(api, seed_issue):
    body = assert_error(api.get(ARTICLES, {"publication_date_after": "28/03/2025"}), 400, "invalid")
    assert list(body["fields"]) == ["publication_date_after"]
    assert is_chinese(body["fields"]["publication_date_after"][0])
    body = assert_error(
        api.get("/api/v1/issues/", {"publication_date_before": "昨天"}), 400, "invalid"
    )
    assert list(body["fields"]) == ["publication_date_before"]


def test_a_page_size_over_the_maximum_is_refused(api, seed_issue):
    body = assert_error(api.get(ARTICLES, {"page_size": 101}), 400, "invalid")
    assert "100" in body["fields"]["page_size"][0]
    full = api.get(ARTICLES, {"page_size": 100}).json()
    assert len(full["results"]) == full["count"] > 20


def results(api, ordering) -> list[tuple[int, int]]:
    response = api.get(ARTICLES, {"ordering": ordering, "page_size": 100})
    assert response.status_code == 200, response.content
    return [(article["issue"]["id"], article["id"]) for article in response.json()["results"]]


def test_ordering_is_read_repeated_and_comma_separated(api, seed_issue):
    repeated = results(api, ["publication_date", "-id"])
    assert repeated == results(api, "publication_date,-id")
    # Both keys count: not by -id alone (as when only the last was kept), and the articles
    # of one issue (one publication date) by descending id.
    assert repeated != results(api, "-id")
    same_issue = [pk for issue, pk in repeated if issue == seed_issue.pk]
    assert len(same_issue) > 20 and same_issue == sorted(same_issue, reverse=True)
    body = assert_error(api.get(ARTICLES, {"ordering": ["title", "colour"]}), 400, "invalid")
    assert list(body["fields"]) == ["ordering"]


def test_a_bad_token_is_401_with_www_authenticate_in_the_contract(seed_issue):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nosuchkey")
    response = client.get(ARTICLES)
    assert_error(response, 401, "authentication_failed")
    assert response["WWW-Authenticate"] == "Token"


def test_forbidden_conflict_and_stale_writes_answer_in_the_contract(
    auditor_api, editor_api, seed_issue
):
    article = seed_issue.articles.order_by("pk").first()
    url = f"{ARTICLES}{article.pk}/"
    assert_error(auditor_api.patch(url, {"title": "改"}, format="json"), 403, "permission_denied")
    # An article of a published issue: the service's own code says why.
    assert_error(editor_api.delete(url), 409, "published")
    stale = editor_api.patch(url, {"title": "改"}, format="json", HTTP_IF_MATCH='"999.abc"')
    assert_error(stale, 412, "precondition_failed")
    toc = f"/api/v1/issues/{seed_issue.pk}/toc/"
    assert_error(editor_api.post(toc, {}), 405, "method_not_allowed")


def test_a_nul_refused_by_the_middleware_answers_in_the_contract(api, seed_issue):
    body = assert_error(api.get(ARTICLES, {"search": "a\x00b"}), 400, "invalid")
    assert list(body["fields"]) == ["search"]


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/issues/", {"number": "1.5"}, "number"),
        ("/api/v1/issues/", {"year": str(10**20)}, "year"),
        (ARTICLES, {"year": "-1"}, "year"),
    ],
)
def test_what_the_schema_forbids_is_refused(api, seed_issue, url, params, field):
    body = assert_error(api.get(url, params), 400, "invalid")
    assert list(body["fields"]) == [field]


@pytest.mark.parametrize("params", [{"pages_max": "1.5"}, {"pages_min": str(10**30)}])
def test_a_page_range_bound_is_a_whole_number(api, seed_issue, params):
    body = assert_error(api.get(ARTICLES, params), 400, "invalid")
    assert list(body["fields"]) == list(params)


def test_an_empty_choice_or_ordering_is_the_default(api, seed_issue):
    """What an HTML filter form sends for the fields left empty, as the schema allows."""
    default = results(api, [])
    assert results(api, "") == default
    assert results(api, ["", "-id"]) == results(api, "-id")
    assert api.get("/api/v1/issues/", {"status": "", "ordering": ""}).status_code == 200


def test_a_boolean_filter_takes_true_or_false_only(auditor_api, seed_issue):
    body = assert_error(
        auditor_api.get("/api/v1/changes/", {"after_publication": "ja"}), 400, "invalid"
    )
    assert list(body["fields"]) == ["after_publication"]
    assert auditor_api.get("/api/v1/changes/", {"after_publication": "true"}).status_code == 200


def test_a_body_that_does_not_parse_is_a_400_before_a_precondition(editor_api, seed_issue):
    response = editor_api.generic(
        "PATCH",
        "/api/v1/columns/999999/",
        "?",
        content_type="application/json",
        HTTP_IF_MATCH="*",
    )
    assert_error(response, 400, "parse_error")


def test_an_empty_page_or_page_size_is_the_default(api, seed_issue):
    response = api.get(ARTICLES, {"page": "", "page_size": ""})
    assert response.status_code == 200 and len(response.json()["results"]) == 20
