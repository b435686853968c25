"""The lean path for anonymous reads (core/fastpath.py): what it replays is exactly what the
full stack answers, status, every header and the body, for every route and request shape it
takes; what it must not take (drafts, withdrawn issues, the browsable API, signed-in readers,
clients over their rate) goes through the full stack.

Each comparison asks the same request twice with the lean path on (the first goes through the
full stack and is recorded, the second is replayed: `replays` counts it) and once with it off.
Run with local memory and with the real Redis (the `shared_cache` fixture, tests/api/conftest.py).
"""

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article
from articles.services import article_update
from core import fastpath
from core.effects import collecting
from issues.locks import correcting
from issues.models import Issue
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://www.example.cn"


@pytest.fixture
def replays(monkeypatch):
    """How many answers the lean path replayed."""
    count = {"n": 0}
    replay = fastpath.replay

    def counting(recorded):
        count["n"] += 1
        return replay(recorded)

    monkeypatch.setattr(fastpath, "replay", counting)
    return count


def urls(issue) -> dict[str, str]:
    article = issue.articles.order_by("pk").first()
    return {
        "toc": f"/api/v1/issues/{issue.pk}/toc/",
        "masthead": f"/api/v1/issues/{issue.pk}/masthead/",
        "issue": f"/api/v1/issues/{issue.pk}/",
        "article": f"/api/v1/articles/{article.pk}/",
        "article list": f"/api/v1/articles/?issue={issue.pk}&page_size=100",
    }


def answer(response) -> tuple:
    """What a client receives: status, every header, cookies, body."""
    return (
        response.status_code,
        sorted(response.headers.items()),
        sorted(response.cookies.keys()),
        response.content,
    )


def fast_and_full(method: str, url: str, replays, **headers) -> tuple:
    """The answer replayed by the lean path, and the full stack's. A plain GET (or HEAD) is
    recorded first, so that a shape the lean path confused with it would be answered with its
    record; a conditional request is answered from it."""
    client = APIClient()
    send = getattr(client, method)
    send(url)
    send(url, **headers)  # recorded, unless it is the plain GET's shape
    before = replays["n"]
    fast = send(url, **headers)
    assert replays["n"] == before + 1, "the request was not replayed"
    with override_settings(API_FAST_READS=False):
        full = send(url, **headers)
    return fast, full


def etag_of(url: str) -> str:
    with override_settings(API_FAST_READS=False):
        return APIClient().get(url)["ETag"]


ROUTES = ["toc", "masthead", "issue", "article", "article list"]

SHAPES = [
    "plain",
    "304",
    "if-modified-since",
    "stale etag",
    "head",
    "head 304",
    "accept json",
    "axios accept",
    "format json",
    "english accept-language",
    "english cookie",
    "cors origin",
    "other origin",
]


def shaped(url: str, shape: str) -> tuple[str, str, dict]:
    """The method, URL and headers of a request of `shape` (SHAPES) for `url`."""
    method, headers = "get", {}
    if shape in ("304", "head 304"):
        headers = {"HTTP_IF_NONE_MATCH": etag_of(url)}
    if shape == "if-modified-since":
        headers = {"HTTP_IF_MODIFIED_SINCE": "Fri, 01 Jan 2100 00:00:00 GMT"}
    if shape == "stale etag":
        headers = {"HTTP_IF_NONE_MATCH": '"1.0123456789abcdef01234567"'}
    if shape.startswith("head"):
        method = "head"
    if shape == "accept json":
        headers = {"HTTP_ACCEPT": "application/json"}
    if shape == "axios accept":
        headers = {"HTTP_ACCEPT": "application/json, text/plain, */*"}
    if shape == "format json":
        url += ("&" if "?" in url else "?") + "format=json"
    if shape == "english accept-language":
        headers = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    if shape == "english cookie":
        headers = {"HTTP_COOKIE": "django_language=en"}
    if shape == "cors origin":
        headers = {"HTTP_ORIGIN": ORIGIN}
    if shape == "other origin":
        headers = {"HTTP_ORIGIN": "https://elsewhere.example.com"}
    return method, url, headers


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("shape", SHAPES)
@override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN])
def test_the_lean_path_answers_exactly_as_the_full_stack(
    shared_cache, seed_issue, replays, route, shape
):
    method, url, headers = shaped(urls(seed_issue)[route], shape)
    fast, full = fast_and_full(method, url, replays, **headers)

    assert answer(fast) == answer(full)
    expected = 304 if shape in ("304", "head 304") else 200
    if route != "article list" and shape == "if-modified-since":
        expected = 304
    assert fast.status_code == expected
    if shape == "cors origin":
        assert fast["Access-Control-Allow-Origin"] == ORIGIN
    if shape == "english cookie":
        assert fast["Content-Language"] == "en"


@pytest.mark.parametrize("route", ROUTES)
def test_a_304_is_replayed_with_one_query(
    shared_cache, seed_issue, replays, route, django_assert_num_queries
):
    url = urls(seed_issue)[route]
    client = APIClient()
    etag = client.get(url)["ETag"]  # the 200 recorded
    with django_assert_num_queries(1):  # the stamp
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and replays["n"] == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ACCEPT": "text/html,application/xhtml+xml,*/*;q=0.8"},
        {"QUERY_STRING": "format=api"},
        {"QUERY_STRING": "%66ormat=api"},
    ],
    ids=["browser accept", "format api", "format api percent-encoded"],
)
def test_the_browsable_api_is_never_replayed(shared_cache, seed_issue, replays, headers):
    url = urls(seed_issue)["toc"]
    client = APIClient()
    first = client.get(url, **headers)
    second = client.get(url, **headers)
    assert first["Content-Type"].startswith("text/html")
    assert second["Content-Type"].startswith("text/html")
    assert replays["n"] == 0


def test_a_draft_issue_is_a_404_for_anonymous_readers(shared_cache, seed_issue, replays):
    draft = IssueFactory(
        periodical=seed_issue.periodical, year=2099, number=1, status=Issue.Status.DRAFT
    )
    ArticleFactory(issue=draft)
    for url in urls(draft).values():
        if "articles/?" in url:
            continue
        client = APIClient()
        assert [client.get(url).status_code for _ in range(2)] == [404, 404], url
    assert replays["n"] == 0


@pytest.mark.parametrize("route", ["toc", "masthead", "issue", "article"])
def test_a_withdrawn_issue_is_not_replayed(shared_cache, seed_issue, replays, route):
    url = urls(seed_issue)[route]
    client = APIClient()
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    assert replays["n"] == 1
    Issue.objects.filter(pk=seed_issue.pk).update(status=Issue.Status.DRAFT)  # stamp unchanged
    assert client.get(url).status_code == 404
    assert replays["n"] == 1


@pytest.mark.parametrize("route", ROUTES)
def test_a_correction_is_shown_at_once(shared_cache, seed_issue, replays, route):
    url = urls(seed_issue)[route]
    client = APIClient()
    before = [client.get(url) for _ in range(2)][-1]
    article = Article.objects.filter(issue=seed_issue, toc_order__isnull=False).order_by("pk")
    with collecting(), correcting("勘误（测试）"):
        article_update(article=article.first(), title="更正后的标题")
    after = client.get(url)
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    if route in ("toc", "article", "article list"):
        assert "更正后的标题" in after.content.decode()
    with override_settings(API_FAST_READS=False):
        assert answer(APIClient().get(url)) == answer(after)


def test_signed_in_readers_go_through_the_full_stack(shared_cache, seed_issue, replays, editor):
    url = urls(seed_issue)["toc"]
    APIClient().get(url)  # an anonymous answer recorded
    token = APIClient()
    token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    forced = APIClient()
    forced.force_authenticate(editor)
    session = APIClient()
    session.force_login(editor)
    for client in (token, forced, session):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert "private" in response["Cache-Control"]
    assert replays["n"] == 0
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-key")
    assert bad.get(url).status_code == 401


def test_a_client_that_just_wrote_reads_through_the_full_stack(shared_cache, seed_issue, replays):
    url = urls(seed_issue)["toc"]
    client = APIClient()
    client.get(url)
    client.cookies["read_primary"] = "1"
    assert client.get(url).status_code == 200
    assert replays["n"] == 0


def throttled_run(url: str) -> tuple[list[int], int, int]:
    """Four reads of `url` from one address: their statuses and both throttles' counts (which
    a fourth read counted twice would push past the lower rate)."""
    cache.clear()
    client = APIClient()
    statuses = [client.get(url).status_code for _ in range(4)]
    counts = [len(cache.get(f"throttle_{scope}_127.0.0.1", [])) for scope in ("anon", "user")]
    cache.clear()
    return statuses, *counts


@pytest.mark.parametrize(
    "rates", [{"anon": "3/min", "user": "5/min"}, {"anon": "5/min", "user": "3/min"}]
)
def test_replayed_reads_are_throttled_and_counted_as_the_full_stack_counts(
    seed_issue, replays, settings, rates
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    url = urls(seed_issue)["toc"]
    fast = throttled_run(url)
    assert replays["n"] >= 2
    with override_settings(API_FAST_READS=False):
        full = throttled_run(url)
    assert fast == full
    assert fast[0] == [200, 200, 200, 429]
    response = APIClient().get(url, REMOTE_ADDR="198.51.100.20")  # another address
    assert response.status_code == 200


def test_a_null_character_in_a_header_is_still_a_400(shared_cache, seed_issue, replays):
    url = urls(seed_issue)["toc"]
    APIClient().get(url)
    assert APIClient().get(url, HTTP_USER_AGENT="bad\x00agent").status_code == 400


@pytest.mark.parametrize("route", ["issue", "toc"])
def test_where_nothing_is_kept_no_stamp_is_read_twice(seed_issue, django_assert_num_queries, route):
    """API_RENDERED_CACHE_SECONDS=0 keeps nothing, so nothing can be replayed: the lean path
    stands aside where it cannot build the answer (an issue), and a 304 costs the full stack's
    one query, not two; where it builds it (the 目录), the 304 costs its stamp query alone."""
    url = urls(seed_issue)[route]
    etag = etag_of(url)
    with override_settings(API_RENDERED_CACHE_SECONDS=0, API_FAST_READS=False):
        with CaptureQueriesContext(connection) as full:
            assert APIClient().get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    expected = len(full) if route == "issue" else 1  # (a request clears the queries' log)
    with override_settings(API_RENDERED_CACHE_SECONDS=0):
        client = APIClient()
        etag = client.get(url)["ETag"]
        with django_assert_num_queries(expected):
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.fixture
def builds(monkeypatch):
    """How many bodies the lean path built (catalogue/lean.py), not the full stack."""
    count = {"n": 0}
    for name, page in list(fastpath.LEAN_PAGES.items()):

        def counting(match, request, rows, body=page.body):
            count["n"] += 1
            return body(match, request, rows)

        built = fastpath.LeanPage(page.validators, counting, page.takes, page.reads)
        monkeypatch.setitem(fastpath.LEAN_PAGES, name, built)
    return count


BUILT = ["toc", "masthead", "article list"]


@pytest.mark.parametrize("route", BUILT)
@pytest.mark.parametrize("shape", [shape for shape in SHAPES if shape != "format json"])
@override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN], API_RENDERED_CACHE_SECONDS=0)
def test_a_page_the_lean_path_builds_is_the_full_stacks_answer(
    seed_issue, replays, builds, route, shape
):
    """With nothing kept, the 目录, the masthead and an issue's article list are built by the
    lean path from the shape's template (learnt from the full stack's first answer) for every
    request after the first: the same status, headers and body as the full stack's."""
    method, url, headers = shaped(urls(seed_issue)[route], shape)
    send = getattr(APIClient(), method)
    send(url, **headers)  # the full stack's answer; its headers become the template
    assert builds["n"] == 0
    before = replays["n"]
    built = send(url, **headers)
    assert replays["n"] == before + 1, "the answer was not built by the lean path"
    assert builds["n"] == (1 if built.status_code == 200 else 0)  # a 304 builds no body
    with override_settings(API_FAST_READS=False):
        full = getattr(APIClient(), method)(url, **headers)
    assert answer(built) == answer(full)


@pytest.mark.parametrize(
    "query",
    ["issue={issue}&format=json", "issue={issue}&page=2&page_size=2", "issue={issue}&ordering=page",
     "issue={issue}&issue={issue}", "page_size=5", "issue={issue}&page_size=101"],
)  # fmt: skip
@override_settings(API_RENDERED_CACHE_SECONDS=0)
def test_any_other_list_is_left_to_the_full_stack(seed_issue, builds, query):
    url = "/api/v1/articles/?" + query.format(issue=seed_issue.pk)
    answers = [APIClient().get(url) for _ in range(2)]
    with override_settings(API_FAST_READS=False):
        assert answer(answers[1]) == answer(APIClient().get(url))
    assert builds["n"] == 0


@pytest.mark.parametrize("route", ["toc", "masthead"])
def test_a_changed_page_is_built_by_the_lean_path_and_then_replayed(
    shared_cache, seed_issue, replays, builds, route, django_assert_num_queries
):
    """After a correction the page is built from the new content, not by the full stack, and
    kept: the next request replays it."""
    url = urls(seed_issue)[route]
    client = APIClient()
    before = client.get(url)
    article = Article.objects.filter(issue=seed_issue, toc_order__isnull=False).order_by("pk")
    with collecting(), correcting("勘误（测试）"):
        article_update(article=article.first(), title="更正后的标题")
    queries = {"toc": 7, "masthead": 4}[route]  # the stamp, then the page's read model
    with django_assert_num_queries(queries):
        after = client.get(url)
    assert builds["n"] == 1 and replays["n"] == 1
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    if route == "toc":
        assert "更正后的标题" in after.content.decode()
    with override_settings(API_FAST_READS=False):
        assert answer(APIClient().get(url)) == answer(after)
    with django_assert_num_queries(1):
        assert answer(client.get(url)) == answer(after)
    assert builds["n"] == 1 and replays["n"] == 2


@pytest.mark.parametrize(
    "accept",
    ["application/json; indent=4", "application/json; version=2"],
)
@override_settings(API_RENDERED_CACHE_SECONDS=0)
def test_an_answer_the_lean_path_would_build_otherwise_is_left_to_the_full_stack(
    seed_issue, replays, builds, accept
):
    """An indented answer is not the read model's compact JSON: never built by the lean path."""
    url = urls(seed_issue)["toc"]
    answers = [APIClient().get(url, HTTP_ACCEPT=accept) for _ in range(2)]
    with override_settings(API_FAST_READS=False):
        full = APIClient().get(url, HTTP_ACCEPT=accept)
    assert answer(answers[1]) == answer(full)
    if "indent" in accept:
        assert b"\n    " in full.content or b"\n" in full.content
        assert replays["n"] == 0 and builds["n"] == 0


class NoSharedCache:
    """A shared cache that is down: reading it fails the test."""

    def get(self, key, default=None):
        raise AssertionError("the shared cache was read")

    def set(self, *args, **kwargs):
        raise AssertionError("the shared cache was written")


@pytest.mark.parametrize("route", ROUTES)
def test_a_worker_replays_from_its_own_memory_without_a_round_trip_to_the_shared_cache(
    shared_cache, seed_issue, replays, route, monkeypatch
):
    url = urls(seed_issue)[route]
    client = APIClient()
    first = client.get(url)  # recorded in the shared cache and in this worker's memory
    monkeypatch.setattr(fastpath, "cache", NoSharedCache())
    again = client.get(url)
    etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert replays["n"] == 2
    assert answer(again) == answer(first) and etag.status_code == 304


def test_an_answer_another_worker_recorded_is_replayed_and_then_kept(
    shared_cache, seed_issue, replays, monkeypatch
):
    url = urls(seed_issue)["toc"]
    client = APIClient()
    first = client.get(url)
    fastpath.local_cache().clear()  # as in another worker, which has only the shared cache
    assert answer(client.get(url)) == answer(first) and replays["n"] == 1
    monkeypatch.setattr(fastpath, "cache", NoSharedCache())
    assert answer(client.get(url)) == answer(first) and replays["n"] == 2


@override_settings(API_FAST_READS_LOCAL_ENTRIES=0)
def test_a_worker_keeps_no_copies_when_told_so(shared_cache, seed_issue, replays, monkeypatch):
    url = urls(seed_issue)["masthead"]
    client = APIClient()
    client.get(url)
    assert client.get(url).status_code == 200 and replays["n"] == 1  # from the shared cache
    monkeypatch.setattr(fastpath, "cache", NoSharedCache())
    with pytest.raises(AssertionError, match="shared cache was read"):
        client.get(url)


@override_settings(API_RENDERED_CACHE_SECONDS=600)
def test_a_workers_copy_is_kept_as_long_as_the_shared_caches_and_no_longer(
    shared_cache, seed_issue, replays, monkeypatch
):
    now = [0.0]
    memory = fastpath.WorkerMemory(entries=10, seconds=600, timer=lambda: now[0])
    monkeypatch.setattr(fastpath, "local_cache", lambda: memory)
    url = urls(seed_issue)["masthead"]
    client = APIClient()
    first = client.get(url)  # recorded at 0 s
    monkeypatch.setattr(fastpath, "cache", NoSharedCache())
    now[0] = 599.0
    assert answer(client.get(url)) == answer(first) and replays["n"] == 1
    now[0] = 601.0  # the shared cache has dropped it too: not replayed from this worker's copy
    with pytest.raises(AssertionError, match="shared cache was read"):
        client.get(url)


@override_settings(API_FAST_READS_LOCAL_ENTRIES=1)
def test_a_worker_keeps_only_its_most_recently_replayed_answers(
    shared_cache, seed_issue, replays, monkeypatch
):
    client = APIClient()
    toc, masthead = urls(seed_issue)["toc"], urls(seed_issue)["masthead"]
    client.get(toc)
    client.get(masthead)  # the one copy this worker keeps: the 目录's is dropped
    monkeypatch.setattr(fastpath, "cache", NoSharedCache())
    assert client.get(masthead).status_code == 200 and replays["n"] == 1
    with pytest.raises(AssertionError, match="shared cache was read"):
        client.get(toc)


def test_a_host_django_refuses_is_refused_however_often_an_allowed_one_was_replayed(
    shared_cache, seed_issue, replays
):
    url = urls(seed_issue)["masthead"]
    client = APIClient()
    client.get(url)
    assert client.get(url).status_code == 200 and replays["n"] == 1
    assert client.get(url, HTTP_HOST="www.example.org").status_code == 400
    with override_settings(ALLOWED_HOSTS=["api.example.cn"]):  # testserver no longer allowed
        assert client.get(url).status_code == 400
        assert client.get(url, HTTP_HOST="api.example.cn").status_code == 200
    assert client.get(url).status_code == 200 and replays["n"] == 2
    assert client.get(url, HTTP_HOST="api.example.cn").status_code == 400


def test_no_two_requests_share_a_shape_whatever_characters_their_headers_hold():
    """A client may put a control character in a header: the parts of a shape must still be
    told apart, or one request's recorded answer (its CORS headers, say) is replayed to another."""
    from django.test import RequestFactory

    url = "/api/v1/issues/1/masthead/"
    one = RequestFactory().get(url, HTTP_ACCEPT_LANGUAGE="zh-hans\x1fhttps://a.example")
    other = RequestFactory().get(
        url, HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_ORIGIN="https://a.example\x1f"
    )
    assert fastpath.request_shape(one) != fastpath.request_shape(other)


def test_an_issues_stamp_time_is_the_orms_to_the_microsecond(seed_issue):
    """On PostgreSQL the stamp query gives the time as microseconds since the epoch; made a
    datetime again it must be the ORM's, or a built page's ETag is not the full stack's."""
    from datetime import UTC, datetime

    from django.db import connections

    changed = datetime(2025, 3, 14, 1, 59, 26, 535897, tzinfo=UTC)
    Issue.objects.filter(pk=seed_issue.pk).update(content_changed_at=changed)
    read, match = fastpath.eligible_read(rf_get(urls(seed_issue)["toc"]))
    db = connections["default"]
    stamp = fastpath.issue_stamp(db, read.stamp(db, match))
    orm = Issue.objects.get(pk=seed_issue.pk).content_changed_at
    assert stamp.content_changed_at == orm == changed
    assert stamp.content_changed_at.isoformat() == orm.isoformat()


def rf_get(url: str):
    from django.test import RequestFactory

    return RequestFactory().get(url)


def a_kept_connection():
    """A connection of its own, outside the test's transaction, as a worker keeps one between
    requests (CONN_MAX_AGE), at the start of a request (its health not yet checked)."""
    from django.db import connections

    db = connections.create_connection("default")
    db.connect()
    assert db.health_check_enabled, "connections are kept and checked (settings)"
    db.health_check_done = False
    return db


@pytest.mark.postgres
def test_the_stamp_query_is_the_connections_health_check(seed_issue, monkeypatch):
    """No SELECT 1 before the stamp query: it is the round trip the check would cost."""
    db = a_kept_connection()
    try:
        monkeypatch.setattr(db, "is_usable", lambda: pytest.fail("a separate health check ran"))
        read, match = fastpath.eligible_read(rf_get(urls(seed_issue)["toc"]))
        stamp = fastpath.checked_by_first_query(db, lambda: read.stamp(db, match))
        assert stamp is not None and db.health_check_done
    finally:
        db.close()


@pytest.mark.postgres
def test_a_connection_the_server_dropped_sends_the_request_through_the_full_stack(seed_issue):
    """A restart or a failover drops the kept connections: the stamp query fails, the lean path
    closes the connection and leaves the request to the full stack (which connects anew),
    never an error page."""
    from django.db import connection

    db = a_kept_connection()
    try:
        read, match = fastpath.eligible_read(rf_get(urls(seed_issue)["toc"]))
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [db.connection.info.backend_pid])
        stamp = fastpath.checked_by_first_query(db, lambda: read.stamp(db, match))
        assert stamp is None and db.connection is None
        db.health_check_done = False  # the next request, on a new connection
        assert read.stamp(db, match) is not None
    finally:
        db.close()


@pytest.mark.parametrize("route", ROUTES)
def test_a_revalidation_with_nothing_recorded_records_the_answer(
    shared_cache, seed_issue, replays, route
):
    """A client or a CDN holding the current copy asks only conditionally: the first such
    request records the full stack's answer, so the ones after it are replayed."""
    url = urls(seed_issue)[route]
    etag = etag_of(url)
    with override_settings(API_FAST_READS=False):
        full = APIClient().get(url, HTTP_IF_NONE_MATCH=etag)
    client = APIClient()
    first = client.get(url, HTTP_IF_NONE_MATCH=etag)  # nothing recorded yet
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert full.status_code == 304
    assert answer(first) == answer(full) == answer(again)
    assert replays["n"] == 2
    stale = client.get(url, HTTP_IF_NONE_MATCH='"1.0123456789abcdef01234567"')
    assert stale.status_code == 200 and replays["n"] == 3


def prepared_statements(db) -> list[str]:
    with db.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.postgres
@pytest.mark.parametrize("prepared", [True, False])
def test_the_stamp_query_is_a_prepared_statement_unless_turned_off(seed_issue, prepared):
    """PostgreSQL plans the stamp query once per connection, as the floor's query is planned,
    not on every replay; DATABASE_PREPARED_STATEMENTS=0 (psycopg's prepare_threshold None, for
    PgBouncer in transaction mode) prepares nothing."""
    db = a_kept_connection()
    try:
        db.ensure_connection()
        db.connection.prepare_threshold = 5 if prepared else None
        read, match = fastpath.eligible_read(rf_get(urls(seed_issue)["toc"]))
        stamps = {read.stamp(db, match) for _ in range(7)}
        assert len(stamps) == 1 and None not in stamps
        statement = fastpath.stamp_sql("issue", db.vendor).replace("%s", "$1")
        assert (statement in prepared_statements(db)) is prepared
    finally:
        db.close()


@pytest.fixture
def wsgi():
    """Requests through the project's WSGI application (config/wsgi.py: LeanWSGIHandler), as
    gunicorn sends them; the connection is kept for the test's transaction, as Django's test
    client keeps it (which has a handler of its own)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from config.wsgi import application

    def call(method: str, url: str, server_adds: tuple = (), **headers) -> tuple:
        """The status line, sorted headers and body answered, and whether the lean path gave
        them; `server_adds`: headers the server adds to the list it is given, as wsgiref's
        (runserver's) adds Connection: close."""
        path, _, query = url.partition("?")
        environ = {
            "REQUEST_METHOD": method.upper(),
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
            **headers,
        }
        started = {}
        # (around each request, as the test client does: it connects them again after its own)
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:

            def start_response(status, sent):
                started.update(s=status, h=list(sent))
                sent.extend(server_adds)

            result = application(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        lean = isinstance(result, fastpath.Answered)
        return (started["s"], sorted(started["h"]), body), lean

    return call


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("kept", [True, False], ids=["recorded", "built"])
@override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN])
def test_the_wsgi_handler_answers_exactly_as_the_full_stack(
    wsgi, seed_issue, route, shape, kept, settings
):
    """The lean answers given before the middleware chain (LeanWSGIHandler) are the full
    stack's, header for header (Django's handler adds none of its own but the status line)."""
    if not kept:
        if route not in BUILT or shape == "format json":
            pytest.skip("not built by the lean path")
        settings.API_RENDERED_CACHE_SECONDS = 0
    method, url, headers = shaped(urls(seed_issue)[route], shape)
    wsgi("get", url)  # the full stack's 200 is recorded, or its headers learnt
    wsgi(method, url, **headers)  # (a shape of its own: recorded or learnt as well)
    fast, lean = wsgi(method, url, **headers)
    assert lean, "not answered by the WSGI handler's lean path"
    with override_settings(API_FAST_READS=False):
        full, _ = wsgi(method, url, **headers)
    assert fast == full
    assert fast[0] == ("304 Not Modified" if "304" in shape else fast[0])


def test_a_server_adding_headers_to_an_answer_changes_no_answer_a_worker_keeps(wsgi, seed_issue):
    """wsgiref (runserver) adds Connection: close to the list of headers the application gives
    it. A worker's copy of an answer must not take it in: the next replay would carry a
    hop-by-hop header, which wsgiref refuses with a 500."""
    url = urls(seed_issue)["masthead"]
    closing = (("Connection", "close"),)
    first, _ = wsgi("get", url, server_adds=closing)  # the full stack's, recorded
    again, lean = wsgi("get", url, server_adds=closing)
    assert lean
    assert wsgi("get", url, server_adds=closing) == ((again), True)
    assert again == first and "Connection" not in dict(again[1])


def test_a_read_the_lean_path_does_not_answer_goes_through_djangos_handler(wsgi, seed_issue):
    """A miss reads the stamp once (the middleware uses the handler's lookup), and anything
    else (a write, another path) is Django's handler's as always."""
    url = urls(seed_issue)["toc"]
    with CaptureQueriesContext(connection) as first:
        answer, lean = wsgi("get", url)
    assert not lean and answer[0] == "200 OK"
    columns = fastpath.stamp_sql("issue", connection.vendor).partition(" FROM ")[0]
    stamps = [q for q in first.captured_queries if q["sql"].startswith(columns)]
    assert len(stamps) == 1, [q["sql"][:60] for q in first.captured_queries]
    assert wsgi("get", url)[1]
    assert not wsgi("get", "/api/v1/")[1]
    posted, lean = wsgi("post", url)
    assert posted[0] == "401 Unauthorized" and not lean


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/periodicals/党员之友/issues/2025/3/toc/",
        "/api/v1/periodicals/\U00100d84s/issues/12543/13791/",
        "/api/v1/issues/1/toc/\u515a",
    ],
    ids=["chinese slug", "unassigned character", "after a lean route"],
)
def test_any_path_gets_the_answer_of_djangos_handler(wsgi, seed_issue, path):
    """A WSGI server gives the path as the bytes sent, each as a character (PEP 3333); Django's
    request rewrites it as text in the environ. The lean handler's own request must not leave
    it so for Django's (a 500 on every path with a Chinese slug once did)."""
    raw = path.encode().decode("latin-1")
    answer, lean = wsgi("get", raw)
    with override_settings(API_FAST_READS=False):
        full, _ = wsgi("get", raw)
    assert answer == full and not lean
    assert not answer[0].startswith("5"), answer
