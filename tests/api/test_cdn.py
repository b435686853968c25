"""A CDN in front of the API (issue 16): one cached copy per answer (Vary), stale-while-
revalidate, cache tags per issue, conditional requests from a browser, a new ETag after
withdraw and re-publish, and a purge sent, signed, retried and recorded when published
content changes, tested against an HTTP receiver on the loopback."""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from rest_framework.test import APIClient

from articles.models import Article
from audit.models import CdnPurge
from issues.models import Issue
from tests.factories import chief_editor, sign_off_issue

pytestmark = pytest.mark.django_db

SECRET = "webhook-secret"


def toc_url(issue) -> str:
    return f"/api/v1/issues/{issue.pk}/toc/"


def vary(response) -> set[str]:
    return {name.strip().lower() for name in response["Vary"].split(",")}


def test_public_answers_vary_on_authorization_not_on_cookies(api, seed_issue):
    api.cookies["_ga"] = "GA1.2.3"  # a website's analytics cookie
    for url in [toc_url(seed_issue), "/api/v1/articles/", "/api/v1/periodicals/"]:
        response = api.get(url)
        assert "public" in response["Cache-Control"]
        assert "cookie" not in vary(response) and "authorization" in vary(response), url


def test_a_stale_session_cookie_leaves_a_well_formed_vary(api, seed_issue):
    # An unknown session makes the session middleware delete the cookie and add `Vary: Cookie`,
    # its only entry: dropping it must not leave an empty entry (`Vary: , Authorization`).
    api.cookies["sessionid"] = "no-such-session"
    for url in [toc_url(seed_issue), "/feeds/dangyuan-zhiyou/issues/rss/", "/sitemap.xml"]:
        response = api.get(url)
        assert "public" in response["Cache-Control"], url
        names = [name.strip() for name in response["Vary"].split(",")]
        assert "" not in names and "Authorization" in names and "Cookie" not in names, url


def test_what_a_signed_in_user_sees_stays_private(editor, seed_issue, client):
    client.force_login(editor)
    response = client.get(toc_url(seed_issue))
    assert "private" in response["Cache-Control"]
    assert "Cache-Tag" not in response


def test_a_cdn_may_serve_stale_while_it_revalidates(api, seed_issue, settings):
    settings.API_CACHE_STALE_WHILE_REVALIDATE = 45
    assert "stale-while-revalidate=45" in api.get(toc_url(seed_issue))["Cache-Control"]


def test_answers_carry_the_cache_tags_of_their_issue(api, seed_issue):
    expected = f"issue-{seed_issue.pk} periodical-dangyuan-zhiyou"
    article = seed_issue.articles.order_by("pk").first()
    for url in [
        toc_url(seed_issue),
        f"/api/v1/issues/{seed_issue.pk}/masthead/",
        f"/api/v1/issues/{seed_issue.pk}/",
        "/api/v1/periodicals/dangyuan-zhiyou/issues/2025/3/toc/",
        f"/api/v1/articles/{article.pk}/",
    ]:
        response = api.get(url)
        assert response["Cache-Tag"] == response["Surrogate-Key"] == expected, url
    assert api.get("/api/v1/articles/")["Cache-Tag"] == "lists"


@override_settings(CORS_ALLOWED_ORIGINS=["https://www.example.cn"])
def test_a_browser_may_send_conditional_requests_and_read_the_validators(api, seed_issue):
    preflight = api.options(
        toc_url(seed_issue),
        HTTP_ORIGIN="https://www.example.cn",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since, if-match",
    )
    allowed = {h.strip() for h in preflight["Access-Control-Allow-Headers"].split(",")}
    assert {"if-none-match", "if-modified-since", "if-match"} <= allowed
    response = api.get(toc_url(seed_issue), HTTP_ORIGIN="https://www.example.cn")
    exposed = {h.strip().lower() for h in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "last-modified"} <= exposed


@pytest.mark.parametrize("tail", ["", "toc/", "masthead/"])
def test_the_etag_changes_on_withdraw_and_republish(api, editor_api, seed_issue, tail):
    url = f"/api/v1/issues/{seed_issue.pk}/{tail}"
    before = api.get(url)
    withdraw = editor_api.post(
        f"/api/v1/issues/{seed_issue.pk}/unpublish/", {"reason": "勘误"}, format="json"
    )
    assert withdraw.status_code == 200, withdraw.content
    assert api.get(url).status_code == 404
    sign_off_issue(seed_issue)
    assert editor_api.post(f"/api/v1/issues/{seed_issue.pk}/publish/").status_code == 200
    after = api.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200  # not a stale 304
    assert after["ETag"] != before["ETag"]


class Receiver:
    """An HTTP server on the loopback that records the requests and answers `statuses` in turn
    (the last one for every further request)."""

    def __init__(self, statuses=(200,)):
        self.requests: list[dict] = []
        self.statuses = list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_request(self):
                length = int(self.headers.get("Content-Length") or 0)
                receiver.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                status = (
                    receiver.statuses.pop(0) if len(receiver.statuses) > 1 else receiver.statuses[0]
                )
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_POST = do_PURGE = do_PUT = do_request

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/purge"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def tags(self) -> list[list[str]]:
        return [json.loads(request["body"])["tags"] for request in self.requests]


@pytest.fixture
def cdn(settings):
    settings.CDN_PURGE_SECRET = SECRET
    settings.CDN_PURGE_BACKOFF = 0  # no waiting between retries in the tests
    settings.CDN_PURGE_RETRIES = 2
    with Receiver() as receiver:
        settings.CDN_PURGE_URL = receiver.url
        yield receiver


def publish(editor_api, issue, verb, capture):
    """`verb` the issue through the API: unpublish (撤回, with a reason) or publish (after
    签发, outside the captured transaction: it sends no purge)."""
    if verb == "publish":
        sign_off_issue(issue)
    body = {"reason": "勘误"} if verb == "unpublish" else {}
    with capture(execute=True):
        response = editor_api.post(f"/api/v1/issues/{issue.pk}/{verb}/", body, format="json")
    assert response.status_code == 200, response.content


def test_withdrawing_and_publishing_send_a_signed_purge_and_record_it(
    cdn, editor_api, seed_issue, django_capture_on_commit_callbacks
):
    publish(editor_api, seed_issue, "unpublish", django_capture_on_commit_callbacks)
    publish(editor_api, seed_issue, "publish", django_capture_on_commit_callbacks)
    expected = sorted([f"issue-{seed_issue.pk}", "lists"])
    assert cdn.tags() == [expected, expected]
    request = cdn.requests[0]
    assert request["method"] == "POST" and request["path"] == "/purge"
    assert request["headers"]["Surrogate-Key"] == " ".join(expected)
    signature = hmac.new(SECRET.encode(), request["body"], hashlib.sha256).hexdigest()
    assert request["headers"]["X-Signature"] == f"sha256={signature}"
    purges = list(CdnPurge.objects.order_by("pk"))
    assert [purge.status for purge in purges] == [CdnPurge.Status.SENT] * 2
    assert all(purge.tags == expected and purge.response_status == 200 for purge in purges)


@pytest.mark.parametrize("verb", ["unpublish", "publish"])
def test_withdrawing_and_publishing_purge_the_feeds_and_the_sitemap(
    cdn, api, editor_api, seed_issue, django_capture_on_commit_callbacks, verb
):
    """A CDN drops an answer when a purge names one of its tags: the feeds and the sitemap
    must carry a tag that the purges of publication and withdrawal name."""
    if verb == "publish":
        publish(editor_api, seed_issue, "unpublish", django_capture_on_commit_callbacks)
    pages = ["/feeds/dangyuan-zhiyou/issues/rss/", "/feeds/dangyuan-zhiyou/articles/atom/"]
    tags = {url: set(api.get(url)["Cache-Tag"].split()) for url in [*pages, "/sitemap.xml"]}
    sent = len(cdn.requests)
    publish(editor_api, seed_issue, verb, django_capture_on_commit_callbacks)
    [purged] = cdn.tags()[sent:]
    for url, carried in tags.items():
        assert carried & set(purged), (url, carried, purged)


def test_a_correction_of_published_content_is_purged(
    cdn, seed_issue, django_capture_on_commit_callbacks, settings
):
    settings.CDN_PURGE_METHOD = "PURGE"
    article = seed_issue.articles.exclude(title="").order_by("pk").first()
    chief = APIClient()
    chief.force_authenticate(chief_editor())
    with django_capture_on_commit_callbacks(execute=True):
        response = chief.post(
            f"/api/v1/issues/{seed_issue.pk}/corrections/",
            {
                "article": article.pk,
                "target": "article.title",
                "wrong_text": article.title,
                "right_text": article.title + "（更正）",
                "reason": "标题有误。",
            },
            format="json",
        )
    assert response.status_code == 201, response.content
    assert cdn.tags() == [sorted([f"issue-{seed_issue.pk}", "lists"])]
    assert cdn.requests[0]["method"] == "PURGE"


def test_a_draft_nobody_has_seen_is_not_purged(
    cdn, editor_api, seed_issue, django_capture_on_commit_callbacks
):
    draft = Issue.objects.create(periodical=seed_issue.periodical, year=2025, number=4)
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_api.patch(f"/api/v1/issues/{draft.pk}/", {"number": 5}, format="json")
    assert response.status_code == 200, response.content
    assert cdn.requests == [] and not CdnPurge.objects.exists()


def test_a_refused_write_sends_nothing(
    cdn, editor_api, seed_issue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = editor_api.post(
            f"/api/v1/issues/{seed_issue.pk}/unpublish/",
            {"reason": "勘误"},
            format="json",
            HTTP_IF_MATCH='"999.abc"',
        )
    assert response.status_code == 412
    assert callbacks == [] and cdn.requests == []
    assert Issue.objects.get(pk=seed_issue.pk).is_published


def test_a_failing_cdn_is_retried_then_recorded_and_retried_by_the_command(
    settings, editor_api, seed_issue, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_BACKOFF = 0
    settings.CDN_PURGE_RETRIES = 2
    with Receiver(statuses=[503]) as receiver:
        settings.CDN_PURGE_URL = receiver.url
        publish(editor_api, seed_issue, "unpublish", django_capture_on_commit_callbacks)
        assert len(receiver.requests) == 3  # the first try and two retries
        purge = CdnPurge.objects.get()
        assert purge.status == CdnPurge.Status.FAILED
        assert purge.attempts == 3 and purge.response_status == 503 and "503" in purge.error
        with pytest.raises(CommandError):
            call_command("retry_cdn_purges")
        receiver.statuses = [200]
        call_command("retry_cdn_purges")
    purge.refresh_from_db()
    assert purge.status == CdnPurge.Status.SENT and purge.attempts == 7


def test_an_unreachable_cdn_is_recorded_not_raised(
    settings, editor_api, seed_issue, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_BACKOFF = 0
    settings.CDN_PURGE_RETRIES = 1
    with Receiver() as receiver:
        url = receiver.url
    settings.CDN_PURGE_URL = url  # nobody listens there any more
    publish(editor_api, seed_issue, "unpublish", django_capture_on_commit_callbacks)
    purge = CdnPurge.objects.get()
    assert purge.status == CdnPurge.Status.FAILED and purge.error
    assert not Issue.objects.get(pk=seed_issue.pk).is_published  # the withdrawal stands


def test_without_a_purge_url_nothing_is_sent_or_recorded(
    settings, editor_api, seed_issue, django_capture_on_commit_callbacks
):
    settings.CDN_PURGE_URL = ""
    publish(editor_api, seed_issue, "unpublish", django_capture_on_commit_callbacks)
    assert not CdnPurge.objects.exists()
    assert Article.objects.filter(issue=seed_issue).exists()
