"""Rendered responses kept in the cache under their content version, and lists' cheap 304s.

Each test runs with local memory (what a SQLite user has without setting anything) and with
the real Redis on 127.0.0.1:6379 (Django's RedisCache, as CACHE_URL selects it), in a database
and key prefix of its own; the Redis runs are skipped, saying so, where no Redis answers.
"""

import pytest
from django.core.cache import cache

from articles.models import Article
from articles.services import article_update
from core.effects import collecting
from issues.locks import correcting
from issues.models import Issue

from .conftest import masthead_url, toc_url  # and the shared_cache fixture

pytestmark = pytest.mark.django_db

# Published content changes only as a correction (勘误) changes it: inside `correcting()`.
CORRECTION = "勘误（测试）"


def rendered_keys() -> list[str]:
    if hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):  # Redis
        client = cache._cache.get_client()
        return [k.decode() for k in client.scan_iter(match=f"{cache.key_prefix}:*api:rendered*")]
    return [key for key in cache._cache if "api:rendered" in key]  # local memory


@pytest.mark.parametrize("url", [toc_url, masthead_url], ids=["toc", "masthead"])
def test_a_page_is_rendered_once_per_version_and_then_read_from_the_cache(
    shared_cache, api, seed_issue, url, django_assert_num_queries
):
    first = api.get(url(seed_issue))
    assert first.status_code == 200 and rendered_keys()
    with django_assert_num_queries(1):  # the issue's stamp; no article, person or role read
        again = api.get(url(seed_issue))
    assert again.status_code == 200
    assert again.content == first.content and again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]


def test_a_change_is_shown_at_once_without_any_purge(shared_cache, api, seed_issue):
    before = api.get(toc_url(seed_issue))
    article = Article.objects.filter(issue=seed_issue, toc_order__isnull=False).first()
    with collecting(), correcting(CORRECTION):
        article_update(article=article, subtitle="——改过的副题")
    after = api.get(toc_url(seed_issue))  # nothing cleared: the new version has a new key
    assert after["ETag"] != before["ETag"]
    subtitles = [e["subtitle"] for s in after.json()["sections"] for e in s["entries"]]
    assert "——改过的副题" in subtitles
    assert api.get(toc_url(seed_issue)).content == after.content


def test_the_cached_page_is_the_page_django_renders(shared_cache, api, seed_issue):
    cached = api.get(toc_url(seed_issue))
    cached = api.get(toc_url(seed_issue))
    cache.clear()
    assert api.get(toc_url(seed_issue)).content == cached.content


def test_an_article_detail_is_cached_by_version_too(shared_cache, api, seed_issue):
    article = seed_issue.articles.first()
    url = f"/api/v1/articles/{article.pk}/"
    first = api.get(url)
    with collecting(), correcting(CORRECTION):
        article_update(article=article, title="新的标题")
    changed = api.get(url)
    assert changed.json()["title"] == "新的标题" and changed["ETag"] != first["ETag"]


def test_a_withdrawn_issue_is_not_served_from_the_cache(shared_cache, api, seed_issue):
    assert api.get(toc_url(seed_issue)).status_code == 200
    Issue.objects.filter(pk=seed_issue.pk).update(status=Issue.Status.DRAFT)
    assert api.get(toc_url(seed_issue)).status_code == 404


LISTS = [
    "/api/v1/articles/?issue={issue}",
    "/api/v1/articles/",
    "/api/v1/issues/",
    "/api/v1/contributors/",
    "/api/v1/periodicals/",
    "/api/v1/columns/",
]


@pytest.mark.parametrize("url", LISTS)
def test_every_list_answers_a_conditional_get_with_one_query(
    shared_cache, api, seed_issue, url, django_assert_num_queries
):
    url = url.format(issue=seed_issue.pk)
    first = api.get(url)
    assert first.status_code == 200 and first["ETag"]
    with django_assert_num_queries(1):  # the stamp: no list read, nothing rendered
        again = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]


@pytest.mark.parametrize("url", LISTS)
def test_a_list_changes_its_etag_when_what_it_shows_changes(shared_cache, api, seed_issue, url):
    url = url.format(issue=seed_issue.pk)
    first = api.get(url)
    article = seed_issue.articles.order_by("pk").first()
    with collecting(), correcting(CORRECTION):
        article_update(article=article, title="列表里改过的标题")
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_list_shows_the_change_not_the_cached_page(shared_cache, api, seed_issue):
    url = f"/api/v1/articles/?issue={seed_issue.pk}&page_size=100"
    api.get(url)
    article = seed_issue.articles.order_by("pk").first()
    with collecting(), correcting(CORRECTION):
        article_update(article=article, title="列表里改过的标题")
    titles = [row["title"] for row in api.get(url).json()["results"]]
    assert "列表里改过的标题" in titles


def test_a_list_etag_differs_by_query_and_by_who_asks(api, editor_api, seed_issue):
    one = api.get(f"/api/v1/articles/?issue={seed_issue.pk}")["ETag"]
    assert api.get("/api/v1/articles/")["ETag"] != one
    assert editor_api.get(f"/api/v1/articles/?issue={seed_issue.pk}")["ETag"] != one


def test_a_cached_page_is_kept_per_url(shared_cache, api, seed_issue):
    """The query chooses what a response shows under the same content version."""
    issue_list = api.get("/api/v1/articles/", {"issue": seed_issue.pk}).json()
    everything = api.get("/api/v1/articles/").json()
    assert issue_list != everything
    assert api.get("/api/v1/articles/", {"issue": seed_issue.pk}).json() == issue_list


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/articles/?pages_min=abc", "pages_min"),
        ("/api/v1/issues/?publication_date_before=2025-13-45", "publication_date_before"),
        ("/api/v1/columns/?page_size=1000", "page_size"),
        ("/api/v1/periodicals/?kind=magazin", "kind"),
    ],
)
def test_a_bad_parameter_is_a_400_even_where_a_304_would_answer(api, seed_issue, url, parameter):
    """A conditional GET is not a way round the parameters' checks: `If-None-Match: *` matches
    any list, but a list asked for with a bad parameter is refused, naming it."""
    response = api.get(url, HTTP_IF_NONE_MATCH="*")
    assert response.status_code == 400
    assert parameter in response.json()["fields"]
