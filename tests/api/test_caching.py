"""Conditional GETs, cache headers and CORS: what a CDN and a browser front end rely on."""

import pytest
from django.test import override_settings

from articles.models import Authorship
from contributors.models import Contributor
from issues.models import MastheadEntry

pytestmark = pytest.mark.django_db

ENDPOINTS = ["", "toc/", "masthead/"]


def issue_url(issue, tail=""):
    return f"/api/v1/issues/{issue.pk}/{tail}"


@pytest.mark.parametrize("tail", ENDPOINTS)
def test_conditional_get_answers_304(api, seed_issue, tail):
    first = api.get(issue_url(seed_issue, tail))
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    again = api.get(issue_url(seed_issue, tail), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = api.get(issue_url(seed_issue, tail), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_article_detail_answers_304(api, seed_issue):
    url = f"/api/v1/articles/{seed_issue.articles.first().pk}/"
    etag = api.get(url)["ETag"]
    assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_304_costs_one_query(api, seed_issue, django_assert_num_queries):
    etag = api.get(issue_url(seed_issue, "toc/"))["ETag"]
    with django_assert_num_queries(1):
        assert api.get(issue_url(seed_issue, "toc/"), HTTP_IF_NONE_MATCH=etag).status_code == 304


def etags(api, issue):
    return {tail: api.get(issue_url(issue, tail))["ETag"] for tail in ENDPOINTS}


def test_renaming_an_author_changes_the_etag(api, seed_issue):
    before = etags(api, seed_issue)
    contributor = Authorship.objects.filter(article__issue=seed_issue).first().contributor
    contributor.name += "（改）"
    contributor.save()
    after = etags(api, seed_issue)
    assert all(before[tail] != after[tail] for tail in ENDPOINTS)


def test_changing_the_masthead_or_an_article_changes_the_etag(api, seed_issue):
    before = etags(api, seed_issue)
    entry = MastheadEntry.objects.filter(issue=seed_issue).first()
    entry.credited_name = "新名字"
    entry.save()
    middle = etags(api, seed_issue)
    assert middle["masthead/"] != before["masthead/"]
    article = seed_issue.articles.first()
    article.subtitle = "新副题"
    article.save()
    assert etags(api, seed_issue)["toc/"] != middle["toc/"]
    entry.delete()
    assert etags(api, seed_issue)["masthead/"] != middle["masthead/"]


def test_another_issue_keeps_its_etag(api, seed_issue):
    other = Contributor.objects.create(name="局外人")
    before = etags(api, seed_issue)
    other.name = "局外人二"
    other.save()
    assert etags(api, seed_issue) == before


def test_published_content_is_cacheable_by_a_cdn(api, seed_issue):
    response = api.get(issue_url(seed_issue, "toc/"))
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "s-maxage=" in cache_control
    listing = api.get("/api/v1/articles/")
    assert "public" in listing["Cache-Control"] and listing["ETag"]


def test_what_staff_see_is_private(editor_api, seed_issue):
    response = editor_api.get(issue_url(seed_issue, "toc/"))
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


@override_settings(CORS_ALLOWED_ORIGINS=["https://www.example.cn"])
def test_cors_allows_the_configured_front_ends_only(api, seed_issue):
    allowed = api.get(issue_url(seed_issue, "toc/"), HTTP_ORIGIN="https://www.example.cn")
    assert allowed["Access-Control-Allow-Origin"] == "https://www.example.cn"
    assert "etag" in allowed["Access-Control-Expose-Headers"].lower()
    other = api.get(issue_url(seed_issue, "toc/"), HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
