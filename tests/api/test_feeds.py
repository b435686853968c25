"""RSS and Atom feeds of a periodical's latest issues and articles, and the sitemap: published
content only, linked to the website (web_url) or to the API where none is configured."""

import datetime
from xml.etree import ElementTree

import pytest
from django.conf import settings as django_settings

from articles.models import Article
from issues.models import Issue
from tests.factories import ArticleFactory, IssueFactory, unrecorded

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def draft(seed_issue):
    """A draft issue of the seed periodical, newer than the seed issue, with an article."""
    with unrecorded():
        issue = IssueFactory(
            periodical=seed_issue.periodical,
            year=2099,
            number=1,
            status=Issue.Status.DRAFT,
            publication_date=datetime.date(2099, 1, 28),
        )
        ArticleFactory(issue=issue, title="尚未出版的稿件")
    return issue


def rss_items(response) -> list[dict]:
    assert response.status_code == 200
    channel = ElementTree.fromstring(response.content).find("channel")
    return [
        {"title": item.findtext("title"), "link": item.findtext("link")}
        for item in channel.findall("item")
    ]


def atom_entries(response) -> list[dict]:
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "link": entry.find(f"{ATOM}link").get("href"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_issue_feeds_list_published_issues_linked_to_the_api(client, seed_issue, draft):
    rss = client.get("/feeds/dangyuan-zhiyou/issues/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(rss.content).find("channel")
    assert channel.findtext("title") == "《党员之友》：最新期次"
    items = rss_items(rss)
    assert items == [
        {
            "title": "《党员之友》2025年第3期（总第344期）",
            "link": f"http://testserver/api/v1/issues/{seed_issue.pk}/",
        }
    ]
    assert atom_entries(client.get("/feeds/dangyuan-zhiyou/issues/atom/")) == items


def test_feeds_link_to_the_website_when_configured(client, seed_issue, settings):
    settings.FRONTEND_ISSUE_URL = "https://www.example.cn/{periodical}/{year}/{number}/"
    settings.FRONTEND_ARTICLE_URL = "https://www.example.cn/a/{id}/"
    items = rss_items(client.get("/feeds/dangyuan-zhiyou/issues/rss/"))
    assert items[0]["link"] == "https://www.example.cn/dangyuan-zhiyou/2025/3/"
    articles = rss_items(client.get("/feeds/dangyuan-zhiyou/articles/rss/"))
    assert all(item["link"].startswith("https://www.example.cn/a/") for item in articles)


def test_article_feeds_list_articles_of_published_issues_only(client, seed_issue, draft):
    items = rss_items(client.get("/feeds/dangyuan-zhiyou/articles/rss/"))
    titles = [item["title"] for item in items]
    first = seed_issue.articles.in_toc_order().first()
    assert titles[0].startswith(first.toc_heading)
    assert len(items) == min(50, seed_issue.articles.count())
    assert "尚未出版的稿件" not in titles
    entries = atom_entries(client.get("/feeds/dangyuan-zhiyou/articles/atom/"))
    assert [entry["title"] for entry in entries] == titles


def test_a_feed_of_an_unknown_periodical_is_a_404(client):
    assert client.get("/feeds/no-such/issues/rss/").status_code == 404


SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urlset = ElementTree.fromstring(response.content)
    return [url.findtext(f"{SITEMAP}loc") for url in urlset.findall(f"{SITEMAP}url")]


def test_sitemap_lists_the_web_pages_of_published_content(client, seed_issue, draft, settings):
    settings.FRONTEND_ISSUE_URL = "https://www.example.cn/{periodical}/{year}/{number}/"
    settings.FRONTEND_ARTICLE_URL = "https://www.example.cn/{periodical}/articles/{id}/"
    locations = sitemap_locations(client)
    assert "https://www.example.cn/dangyuan-zhiyou/2025/3/" in locations
    article = seed_issue.articles.first()
    assert f"https://www.example.cn/dangyuan-zhiyou/articles/{article.pk}/" in locations
    assert "https://www.example.cn/dangyuan-zhiyou/2099/1/" not in locations
    draft_article = draft.articles.get()
    assert not any(location.endswith(f"/articles/{draft_article.pk}/") for location in locations)
    # Everything published that has a web address (an issue with neither number nor date has
    # none), and nothing else.
    expected = {issue.web_url for issue in Issue.objects.published()} | {
        article.web_url for article in Article.objects.published()
    }
    assert sorted(locations) == sorted(expected - {None})


def test_without_website_addresses_the_sitemap_is_empty(client, settings):
    settings.FRONTEND_ISSUE_URL = settings.FRONTEND_ARTICLE_URL = ""
    assert sitemap_locations(client) == []


FEEDS = [
    "/feeds/dangyuan-zhiyou/issues/rss/",
    "/feeds/dangyuan-zhiyou/issues/atom/",
    "/feeds/dangyuan-zhiyou/articles/rss/",
    "/feeds/dangyuan-zhiyou/articles/atom/",
]


def test_feeds_and_the_sitemap_carry_the_cdn_headers(client, seed_issue, settings):
    settings.API_CACHE_STALE_WHILE_REVALIDATE = 45
    client.cookies["_ga"] = "GA1.2.3"  # a website's analytics cookie
    for url in [*FEEDS, "/sitemap.xml"]:
        response = client.get(url)
        assert response.status_code == 200, url
        control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"public", "max-age=60", "s-maxage=300", "stale-while-revalidate=45"} <= control
        assert response["Cache-Tag"] == response["Surrogate-Key"], url
        # Nothing in the request changes them: one copy in a CDN for every reader.
        assert not response.has_header("Vary"), (url, response.get("Vary"))
    assert client.get(FEEDS[0])["Cache-Tag"] == "lists periodical-dangyuan-zhiyou"
    assert client.get("/sitemap.xml")["Cache-Tag"] == "lists"


def test_a_feed_is_in_chinese_whatever_the_readers_language(client, seed_issue):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"  # chose English in the admin
    response = client.get("/feeds/dangyuan-zhiyou/issues/rss/")
    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "《党员之友》：最新期次"
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.parametrize("url", [*FEEDS, "/sitemap.xml"])
def test_feeds_and_the_sitemap_answer_304_to_their_etag(
    client, seed_issue, settings, url, django_assert_num_queries
):
    settings.FRONTEND_ISSUE_URL = "https://www.example.cn/{periodical}/{year}/{number}/"
    settings.FRONTEND_ARTICLE_URL = "https://www.example.cn/a/{id}/"
    first = client.get(url)
    assert first.status_code == 200 and first["ETag"]
    with django_assert_num_queries(1):  # the stamp: the page itself is not built
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"] and "public" in again["Cache-Control"]
    assert again["Cache-Tag"] == first["Cache-Tag"]
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_withdrawn_issue_leaves_the_feeds_and_the_sitemap_with_a_new_etag(
    client, editor_api, seed_issue, settings
):
    settings.FRONTEND_ISSUE_URL = "https://www.example.cn/{periodical}/{year}/{number}/"
    before = {url: client.get(url) for url in [*FEEDS, "/sitemap.xml"]}
    withdraw = editor_api.post(
        f"/api/v1/issues/{seed_issue.pk}/unpublish/", {"reason": "勘误"}, format="json"
    )
    assert withdraw.status_code == 200, withdraw.content
    for url, response in before.items():
        after = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert after.status_code == 200, url  # not a stale 304
        assert after["ETag"] != response["ETag"]
    assert rss_items(client.get(FEEDS[0])) == []
    assert "https://www.example.cn/dangyuan-zhiyou/2025/3/" not in sitemap_locations(client)


def test_an_unknown_periodicals_feed_carries_no_cdn_headers(client):
    response = client.get("/feeds/no-such/issues/rss/")
    assert response.status_code == 404
    assert "Cache-Tag" not in response and "public" not in response.get("Cache-Control", "")
