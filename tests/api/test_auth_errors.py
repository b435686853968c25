"""Who is refused how: 401 with `WWW-Authenticate: Token` without valid credentials, 403 for a
signed-in user without the permission; the session (admin, browsable API) still writes with
its CSRF token."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article
from tests.chinese import is_chinese
from tests.factories import withdraw_to_draft

pytestmark = pytest.mark.django_db


def with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def article_url(seed_issue) -> str:
    return f"/api/v1/articles/{seed_issue.articles.order_by('pk').first().pk}/"


def assert_unauthenticated(response):
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Token"
    assert is_chinese(response.json()["detail"])


def test_a_write_without_credentials_is_401(api, seed_issue):
    assert_unauthenticated(api.patch(article_url(seed_issue), {"title": "改"}, format="json"))
    assert_unauthenticated(api.post(f"/api/v1/issues/{seed_issue.pk}/unpublish/"))
    assert not Article.objects.filter(title="改").exists()


@pytest.mark.parametrize("header", ["Token nosuchkey", "Token", "Token two words"])
def test_a_bad_token_is_401_even_where_reading_is_public(seed_issue, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert_unauthenticated(client.patch(article_url(seed_issue), {"title": "改"}, format="json"))
    # A client that sends a token means to be someone: a bad one is refused, not ignored.
    assert_unauthenticated(client.get(article_url(seed_issue)))


def test_public_reads_need_no_credentials(api, seed_issue):
    assert api.get(article_url(seed_issue)).status_code == 200


def test_an_auditor_with_a_valid_token_is_forbidden_to_write(auditor, seed_issue):
    client = with_token(Token.objects.create(user=auditor).key)
    assert client.get(article_url(seed_issue)).status_code == 200
    response = client.patch(article_url(seed_issue), {"title": "改"}, format="json")
    assert response.status_code == 403
    assert "WWW-Authenticate" not in response
    assert is_chinese(response.json()["detail"])
    assert not Article.objects.filter(title="改").exists()


def test_a_session_write_needs_the_csrf_token(editor, seed_issue):
    withdraw_to_draft(seed_issue)  # a published issue's articles are locked (409)
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor)
    refused = client.patch(article_url(seed_issue), {"title": "会话修改"}, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    client.get("/admin/")  # the admin page sets the CSRF cookie, as a browser would get it
    token = client.cookies["csrftoken"].value
    response = client.patch(
        article_url(seed_issue), {"title": "会话修改"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "会话修改"
