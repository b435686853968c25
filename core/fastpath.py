"""A lean path for anonymous reads of published content: the full stack's own answer, replayed.

A cached 目录 or a 304 costs the floor (benchmarks/read_floor.py) one query and a few hundred
microseconds of Python; through Django's and DRF's whole machinery (a dozen middleware, the
viewset's authentication, permissions, negotiation and throttles, the ORM building the stamp
query) it cost ~2–5 ms. Most of that work decides nothing for an anonymous GET of a published
issue whose content has not changed since the last identical request: the answer is the same.

So `FastReadsMiddleware`, the outermost middleware, records the complete answer the full stack
gave (status, every header, the body) to an eligible request, in the shared cache, under a key
made of the request's shape (method, scheme, host, path and query, and the headers that can
change an answer: Accept, Accept-Language, Origin, Cookie) and the content's **stamp**, read by
one narrow SQL query (`FastRead.stamp`) whose text is built once per process. The next request
of the same shape reads the stamp again: unchanged, the recorded answer is replayed, byte for
byte (or, when the client's copy is current, the 304 the full stack gives: the same headers
without a body, decided by Django's `get_conditional_response` from the recorded ETag and
Last-Modified, as the full stack decides it); changed, or nothing recorded, the request goes
through the full stack, whose answer is recorded (so a first request of a shape costs the
stamp query twice: here and in the view). A change makes a
new stamp, so nothing is ever purged, as for `core.api.cached_rendering`.

Each worker also keeps the answers it replays in its own memory (`local_cache`, cachetools'
TTL cache, `API_FAST_READS_LOCAL_ENTRIES` of them, least recently used dropped first, each as
long as the shared cache keeps it), in front of the shared cache: a replay then costs one
query, the stamp's, and no round trip to Redis, as the floor's answer costs one query. The
shared cache is read when a worker has no copy (it restarted, or another worker recorded the
answer).

Eligible: GET or HEAD of a hot public read (`FAST_READS`: an issue, its 目录 and masthead by
id, an article by id, the article list) that carries no credentials (no Authorization, no
session cookie, not authenticated by DRF's test client) and has not written recently (no
replica pin cookie), with an Accept that does not ask for HTML and no `?format=` but json: the
browsable API renders a page per user and is never recorded. Only 200 JSON answers that are
public (Cache-Control: public), carry an ETag and set no cookie are recorded. A
draft or withdrawn issue has no stamp here (the query asks for published issues), so it always
goes through the full stack, which answers 404 to anonymous readers.

The API's throttles still count every replayed answer, as DRF would (the same throttle classes,
cache keys and rates); a client over its rate goes through the full stack, which answers 429,
without being counted twice.

Where nothing is recorded, the routes that register a `LeanPage` (the 目录, the masthead, an
issue's article list) are built here from their read models, the headers that do not depend
on the content taken from the full stack's first answer to the same shape (`learn`). And the
project's WSGI application (`LeanWSGIHandler`, config/wsgi.py) gives both kinds of answer
before the middleware chain; this middleware gives the same answers to the test client, and
records what the full stack answers.

Written by hand because no library does this: Django's cache middleware (`UpdateCacheMiddleware`
/ `FetchFromCacheMiddleware`) caches by URL and Vary for a fixed time, so a change would be
served stale until it expires (or needs a purge), and it runs inside the stack it would skip.
Set `API_FAST_READS=0` to turn it off.
"""

import functools
import hashlib
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus

import cachetools
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signals
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIHandler, get_script_name
from django.core.signals import setting_changed
from django.db import InterfaceError, OperationalError, connections, router
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import set_script_prefix
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, parse_http_date_safe
from rest_framework.settings import api_settings

from .db_routers import PIN_COOKIE, choose_read_alias, reading_from
from .middleware import StorableInputMiddleware
from .read_models import fetch_prepared, first_row_and_reads, json_read

# Ids beyond the database's 64-bit integers are left to the full stack (a 404 there).
LARGEST_ID = 2**63 - 1

# The throttles already counted for this request by the fast path (see `throttles_allow`).
COUNTED_THROTTLES = "fast_reads_counted_throttles"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'  # PostgreSQL and SQLite alike


def _columns(model_label: str) -> tuple:
    model = apps.get_model(model_label)
    return (
        model,
        _quote(model._meta.db_table),
        {f.name: _quote(f.column) for f in model._meta.fields},
    )


@dataclass(frozen=True)
class FastRead:
    """One route of the lean path: the path it matches and the query of its stamp."""

    name: str
    pattern: re.Pattern
    kind: str  # "issue", "article" or "list"

    def stamp(self, db, match: re.Match) -> tuple | None:
        """What the answer depends on besides the request, in one query; None if the issue is
        not published (or does not exist): the full stack answers that."""
        if self.kind == "list":
            from .api import catalogue_stamp  # the list's own ETag stamp (ListConditionalMixin)

            return catalogue_stamp()
        key = self.key(match)
        if key is None:
            return None
        return fetch_prepared(db, stamp_sql(self.kind, db.vendor), [key], one=True)

    def stamp_and_rows(self, db, match: re.Match, reads: list) -> tuple:
        """The stamp (as `stamp`) and the rows of `reads` (a CompiledRows and its key each: a
        built page's queries), sent together: one round trip for both. Where they cannot go
        together (a list's stamp, a key too large, the reads on another database), the stamp
        read alone and no rows (None): the body reads its own."""
        key = self.key(match)
        found = None
        if key is not None:
            found = first_row_and_reads(db, stamp_sql(self.kind, db.vendor), [key], reads)
        return found if found is not None else (self.stamp(db, match), None)

    def key(self, match: re.Match) -> int | None:
        """The id the stamp query asks for; None for a list (whose stamp is the catalogue's)
        and for an id beyond the database's integers."""
        if self.kind == "list":
            return None
        key = int(match["id"])
        return key if key <= LARGEST_ID else None


@functools.cache
def stamp_sql(kind: str, vendor: str) -> str:
    """The stamp query's text, built once per process (and database vendor) from the models'
    tables and columns.

    On PostgreSQL the issue's content time comes as microseconds since the epoch, an integer
    (`issue_stamp` makes it the ORM's datetime where a page is built): psycopg parses a
    timestamp with time zone in Python for Django, ~6 % of a replay's CPU."""
    issue_model, issues, issue = _columns("issues.Issue")
    _periodical, periodicals, periodical = _columns("periodical.Periodical")
    published = str(issue_model.Status.PUBLISHED).replace("'", "''")
    joins = (
        f"JOIN {periodicals} p ON p.{periodical['id']} = i.{issue['periodical']} "
        f"WHERE i.{issue['status']} = '{published}' AND "
    )
    changed = f"i.{issue['content_changed_at']}"
    if vendor == "postgresql":  # EXTRACT gives an exact numeric (PostgreSQL 14 and later)
        changed = f"(EXTRACT(EPOCH FROM {changed}) * 1000000)::bigint"
    issue_stamp = f"{changed}, i.{issue['version']}, p.{periodical['slug']}"
    if kind == "issue":
        sql = f"SELECT {issue_stamp} FROM {issues} i {joins}i.{issue['id']} = %s"
    else:
        _article, articles, article = _columns("articles.Article")
        sql = (
            f"SELECT a.{article['version']}, {issue_stamp} FROM {articles} a "
            f"JOIN {issues} i ON i.{issue['id']} = a.{article['issue']} {joins}"
            f"a.{article['id']} = %s"
        )
    return sql


FAST_READS = (
    FastRead(
        "issue page",
        re.compile(r"^/api/v1/issues/(?P<id>\d{1,19})/(?P<page>toc|masthead)/$"),
        "issue",
    ),
    FastRead("issue", re.compile(r"^/api/v1/issues/(?P<id>\d{1,19})/$"), "issue"),
    FastRead("article", re.compile(r"^/api/v1/articles/(?P<id>\d{1,19})/$"), "article"),
    FastRead("article list", re.compile(r"^/api/v1/articles/$"), "list"),
)

# The request headers that can change an answer of these routes (the rest are read by nobody
# on them, or make the request ineligible).
SHAPE_HEADERS = ("HTTP_ACCEPT", "HTTP_ACCEPT_LANGUAGE", "HTTP_ORIGIN", "HTTP_COOKIE")


def eligible_read(request) -> tuple[FastRead, re.Match] | None:
    """The route of an anonymous JSON read the lean path may answer, or None."""
    if request.method not in ("GET", "HEAD"):
        return None
    meta = request.META
    if (
        "HTTP_AUTHORIZATION" in meta
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or PIN_COOKIE in request.COOKIES
        # DRF's test client authenticates without a header (force_authenticate).
        or getattr(request, "_force_auth_user", None) is not None
        or getattr(request, "_force_auth_token", None) is not None
        or "html" in meta.get("HTTP_ACCEPT", "")
        # (a QueryDict built only where the query names a format: one encoded as %66ormat
        # reaches the full stack, whose HTML answer is never recorded)
        or (
            "format" in meta.get("QUERY_STRING", "") and request.GET.get("format", "json") != "json"
        )
    ):
        return None
    path = request.path_info
    for read in FAST_READS:
        if found := read.pattern.match(path):
            return read, found
    return None


def shape_key(request, stamp: tuple) -> str | None:
    """The cache key of this request's answer at this stamp; None for a host Django refuses."""
    shape = request_shape(request)
    if shape is None:
        return None
    return "api:fast:" + hashlib.sha256(f"{shape}\x1f{stamp!r}".encode()).hexdigest()[:40]


SHAPE = "core.fastpath.shape"


def request_shape(request) -> str | None:
    """What can change an answer besides its content (method, scheme, host, path and query,
    SHAPE_HEADERS), made once a request (a stamp's key and a template's both need it); None
    for a host Django refuses."""
    if SHAPE not in request.META:
        host = checked_host(request)
        if host is None:
            request.META[SHAPE] = None
            return None
        meta = request.META
        parts = [request.method, request.scheme, host, request.path, meta.get("QUERY_STRING", "")]
        parts += [meta.get(name, "") for name in SHAPE_HEADERS]
        # (a tuple's repr: no part can pass for two, whatever characters a client sends)
        request.META[SHAPE] = repr(tuple(parts))
    return request.META[SHAPE]


def checked_host(request) -> str | None:
    """`request.get_host()`, or None for a host Django refuses (DisallowedHost), decided once
    per host (up to `HOSTS_KEPT` of them; what the request says of its host: HOST_HEADERS)
    rather than on every replay: checking it against ALLOWED_HOSTS cost ~5 µs a request, and a
    server hears the same few hosts."""
    meta = request.META
    raw = tuple(meta.get(name) for name in HOST_HEADERS)
    if raw not in _CHECKED_HOSTS:
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # not kept: a client may send any number of hosts
        if len(_CHECKED_HOSTS) >= HOSTS_KEPT:
            return host
        _CHECKED_HOSTS[raw] = host
    return _CHECKED_HOSTS[raw]


# What get_host() reads of a request (which of them, the settings decide).
HOST_HEADERS = ("HTTP_X_FORWARDED_HOST", "HTTP_HOST", "SERVER_NAME", "SERVER_PORT")
HOSTS_KEPT = 64
_CHECKED_HOSTS: dict[tuple, str] = {}


@receiver(setting_changed)
def forget_hosts(**kwargs) -> None:
    """A host allowed under the old ALLOWED_HOSTS (or DEBUG, USE_X_FORWARDED_*) is checked anew."""
    _CHECKED_HOSTS.clear()


def replay(recorded) -> HttpResponse:
    status, headers, body = recorded
    response = HttpResponse(body, status=status)
    # The recorded headers replace the default Content-Type as they are: Django checked and
    # encoded each when the full stack set it (setting them one by one again costs a tenth of
    # a replay).
    response.headers._store = {name.lower(): (name, value) for name, value in headers}
    return response


def recordable(response) -> bool:
    """The full stack's answer is the same for every anonymous reader: a public 200 JSON
    answer with an ETag and no cookie."""
    return not (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or not response.has_header("ETag")
        or "public" not in response.get("Cache-Control", "")
        or not response.get("Content-Type", "").startswith("application/json")
    )


def record(key: str, response) -> tuple | None:
    """Keep the full stack's 200 if it is the same for every anonymous reader (`recordable`):
    its headers and its body. Returns what was kept, or None."""
    if not recordable(response):
        return None
    return keep(key, (response.items(), response.content))


def keep(key: str, recorded: tuple) -> tuple:
    """Keep an answer's headers and body in the shared cache and in this worker's own
    (`local_cache`), unless nothing is kept (API_RENDERED_CACHE_SECONDS=0). The headers as a
    tuple: the worker's copy is the very object every replay hands on, never to be changed."""
    headers, body = recorded
    recorded = (tuple(headers), body)
    if settings.API_RENDERED_CACHE_SECONDS > 0:
        cache.set(key, recorded, settings.API_RENDERED_CACHE_SECONDS)
        if (local := local_cache()) is not None:
            local.set(key, recorded)
    return recorded


def not_modified(headers: list) -> tuple:
    """The full stack's 304 for a recorded 200: the same headers (the view and every middleware
    add theirs to a 304 as to a 200), without a body, so with no Content-Type and a
    Content-Length of 0 (CommonMiddleware's). tests/api/test_fast_reads.py compares the two."""
    kept = [(n, v) for n, v in headers if n.lower() not in ("content-type", "content-length")]
    return 304, [*kept, ("Content-Length", "0")], b""


def local_cache() -> "WorkerMemory | None":
    """This worker's own copy of the answers it replays, in front of the shared cache,
    `API_FAST_READS_LOCAL_ENTRIES` answers at most (0: none kept), each for as long as the shared
    cache keeps it. A recorded answer is found here without a round trip to Redis, so that a
    replay costs what the floor's answer costs: one query, the stamp's. It can never be stale:
    its key holds the stamp, as the shared cache's does."""
    return worker_memory("api-fast-reads", settings.API_RENDERED_CACHE_SECONDS)


class WorkerMemory:
    """Answers kept in one worker's memory: cachetools' least-recently-used cache (with a time
    to live, where one is given) behind a lock, for threaded workers. Not Django's local-memory
    cache: that pickles every value in and out and checks each key for memcached, ~3 µs of a
    replay's ~250 µs. The values are kept as they are: the answers' tuples, never changed."""

    def __init__(self, entries: int, seconds: int | None, timer=time.monotonic):
        if seconds:
            self.kept = cachetools.TTLCache(maxsize=entries, ttl=seconds, timer=timer)
        else:
            self.kept = cachetools.LRUCache(maxsize=entries)
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            return self.kept.get(key)

    def set(self, key: str, value) -> None:
        with self.lock:
            self.kept[key] = value

    def clear(self) -> None:
        with self.lock:
            self.kept.clear()


def worker_memory(name: str, seconds: int | None = None) -> WorkerMemory | None:
    """This worker's memory `name` (WorkerMemory), of `API_FAST_READS_LOCAL_ENTRIES` entries at
    most, each kept `seconds` (None: until dropped as the least recently used); None where
    nothing is kept (no entries, or 0 seconds)."""
    entries = settings.API_FAST_READS_LOCAL_ENTRIES
    if (name, entries, seconds) not in _LOCAL:
        kept = entries > 0 and seconds != 0
        _LOCAL[name, entries, seconds] = WorkerMemory(entries, seconds) if kept else None
    return _LOCAL[name, entries, seconds]


_LOCAL: dict[tuple[str, int, int | None], WorkerMemory | None] = {}


def recorded_answer(request, key: str):
    """The answer the full stack would give now, from its recorded 200 (`answer_from`), or None
    (then the full stack must run)."""
    if precondition(request):
        return None  # a write's precondition on a read: rare, left to the full stack
    local = local_cache()
    recorded = local.get(key) if local is not None else None
    if recorded is None:
        recorded = cache.get(key)
        if recorded is None:
            return None
        if local is not None:
            local.set(key, recorded)
    return answer_from(request, recorded)


def answer_from(request, recorded: tuple):
    """From a recorded 200: the 200 itself, or a 304 if the client's copy is current, decided
    by Django's get_conditional_response from the recorded ETag and Last-Modified as the views
    and ConditionalGetMiddleware decide it; None for any other answer."""
    headers, body = recorded
    if not conditional(request):
        return 200, headers, body
    named = dict(headers)
    if request.META.get("HTTP_IF_NONE_MATCH") == named.get("ETag"):
        return not_modified(headers)  # the usual revalidation: the very tag (Django's 304 too)
    last_modified = parse_http_date_safe(named.get("Last-Modified", ""))
    answer = get_conditional_response(request, etag=named.get("ETag"), last_modified=last_modified)
    if answer is None:  # the client's copy is stale: the body too
        return 200, headers, body
    return not_modified(headers) if answer.status_code == 304 else None


CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


def conditional(request) -> bool:
    """A revalidation: the client holds a copy and asks whether it is current."""
    return any(name in request.META for name in CONDITIONS)


def precondition(request) -> bool:
    """A write's precondition (If-Match, If-Unmodified-Since) sent with a read."""
    return "HTTP_IF_MATCH" in request.META or "HTTP_IF_UNMODIFIED_SINCE" in request.META


def throttles_allow(request) -> bool:
    """DRF's throttles (REST_FRAMEWORK's DEFAULT_THROTTLE_CLASSES, which every hot read uses)
    counting this request as the view would; those that counted it are noted on the request, so
    that a request one of them refuses is not counted again by the full stack's 429."""
    classes = api_settings.DEFAULT_THROTTLE_CLASSES
    if not classes:
        return True
    request.user = AnonymousUser()  # what the full stack's authentication finds: no credentials
    counted = []
    for throttle_class in classes:
        if not throttle_class().allow_request(request, None):
            setattr(request, COUNTED_THROTTLES, counted)
            del request.user
            return False
        counted.append(throttle_class)
    del request.user
    return True


def reads_ahead(request, page: "LeanPage | None", keeping: bool) -> bool:
    """Whether the page's queries are sent with the stamp's (LeanPage.reads): where nothing is
    kept and the shape's template is known, so that a 200 is built here, unless the client
    revalidates (a 304 needs no body)."""
    if (
        page is None
        or page.reads is None
        or keeping
        or conditional(request)
        or precondition(request)
        or (local := templates()) is None
        or (key := template_key(request)) is None
    ):
        return False
    return local.get(key) is not None


def checked_by_first_query(db, query):
    """`query()`, the request's first on `db`, serving as the connection's health check.

    With CONN_HEALTH_CHECKS (settings: on wherever connections are kept), Django runs
    `SELECT 1` before a request's first query, so that a connection the server dropped (a
    restart, a failover) is replaced instead of failing the request: a round trip as long as
    the stamp query's, for every replayed answer. Here the stamp query itself is the check:
    if it fails because the connection is broken, the connection is closed and None returned,
    so the request goes through the full stack, which connects anew, as after a failed check.
    Only outside a transaction (a failed connection in one must fail it) and on PostgreSQL
    (SQLite's check is free)."""
    if (
        db.vendor != "postgresql"
        or db.connection is None
        or not db.health_check_enabled
        or db.health_check_done
        or db.in_atomic_block
    ):
        return query()
    db.health_check_done = True  # Django's own flag: this request's check is the query below
    try:
        return query()
    except (OperationalError, InterfaceError):
        db.close()
        return None


@dataclass(frozen=True)
class IssueStamp:
    """An issue page's stamp (`stamp_sql("issue")`), its time converted as the ORM converts it."""

    content_changed_at: object  # an aware datetime
    version: int
    periodical_slug: str


@dataclass(frozen=True)
class LeanPage:
    """How the lean path builds the answer of a route itself, where nothing is recorded:

    - `validators(request, match, stamp, language)`: the answer's ETag, its Last-Modified
      (seconds since the epoch; None: none) and its cache tags, as the view computes them for
      the stamp (the database and the stamp query's row; `issue_stamp` converts an issue's)
      and the answer's language;
    - `body(match, request, rows)`: the rendered JSON body, as the view renders it; `rows`, the
      rows of `reads` where they were read with the stamp (else None: the body reads them);
    - `takes(request)`: whether it builds this request's answer (else the full stack answers);
    - `reads(match)`: the body's queries (a CompiledRows and its key each), independent of one
      another and of the stamp, or None. Where nothing is kept (API_RENDERED_CACHE_SECONDS=0)
      every 200 is built, so they are sent with the stamp's query: one round trip, as the
      floor's one query (where answers are kept, most are replayed and need no body).

    The other headers (Content-Type, Cache-Control, Vary, CORS, security, Content-Language…) do
    not depend on the content but on the request's shape and the settings: they are taken from
    the full stack's answer to the first request of the shape (`learn`), once the answer built
    here for that request was found equal to the full stack's, header for header and byte for
    byte. So the lean path never answers with anything the full stack would not."""

    validators: Callable[[HttpRequest, re.Match, tuple, str], tuple[str, int | None, list[str]]]
    body: Callable[[re.Match, HttpRequest, list | None], bytes]
    takes: Callable[[HttpRequest], bool] = lambda request: True
    reads: Callable[[re.Match], list] | None = None


# Routes (FastRead.name) whose answers the lean path can build; their apps register them.
LEAN_PAGES: dict[str, LeanPage] = {}

# The headers of a built answer that depend on its content; the rest come from the template.
CONTENT_HEADERS = ("ETag", "Last-Modified", "Cache-Tag", "Surrogate-Key", "Content-Length")


def issue_stamp(db, row: tuple) -> IssueStamp:
    """An issue page's stamp row, its time converted as the ORM converts it (from PostgreSQL's
    microseconds since the epoch, `stamp_sql`: to the connection's time zone, as psycopg's
    loader gives it to Django)."""
    changed_at, version, slug = row
    if isinstance(changed_at, int):
        seconds, microseconds = divmod(changed_at, 1_000_000)
        changed_at = datetime.fromtimestamp(seconds, db.timezone).replace(microsecond=microseconds)
    else:
        field = apps.get_model("issues.Issue")._meta.get_field("content_changed_at")
        column = field.get_col(field.model._meta.db_table)
        for converter in [*db.ops.get_db_converters(column), *column.get_db_converters(db)]:
            changed_at = converter(changed_at, column, db)
    return IssueStamp(changed_at, version, slug)


def templates() -> WorkerMemory | None:
    """This worker's templates of built answers (`learn`), as many as its copies of answers."""
    return worker_memory("api-lean-templates")


@receiver(setting_changed)
def forget_templates(**kwargs) -> None:
    """A template holds headers the settings decided (CORS, caching, security): learnt anew
    when they change (in tests; a server's settings do not change while it runs)."""
    for (name, _entries, _seconds), learnt in _LOCAL.items():
        if name == "api-lean-templates" and learnt is not None:
            learnt.clear()


def template_key(request) -> str | None:
    return shape_key(request, ("template",))


def built_answer(request, page: LeanPage, match, stamp: tuple, template: tuple, rows=None):
    """The answer built from `template` (the shape's content-free headers and language) for
    `stamp` (the database and the stamp query's row): a 304 (without building the body) if the
    client's copy is current, else the 200."""
    headers = template[0]
    validators = validator_headers(request, page, match, stamp, template)
    if conditional(request):
        named = dict(validators)
        etag, last_modified = named["ETag"], parse_http_date_safe(named.get("Last-Modified", ""))
        if request.META.get("HTTP_IF_NONE_MATCH") == etag:
            return not_modified([*headers, *validators])  # as in answer_from
        decided = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if decided is not None and decided.status_code == 304:
            return not_modified([*headers, *validators])
    body = page.body(match, request, rows)
    return 200, [*headers, *validators, ("Content-Length", str(len(body)))], body


def validator_headers(request, page: LeanPage, match, stamp: tuple, template: tuple) -> list:
    """ETag, Last-Modified and the cache tags of the answer at `stamp`, as the view sets them."""
    etag, last_modified, tags = page.validators(request, match, stamp, template[1])
    tagged = " ".join(tags)
    modified = [] if last_modified is None else [("Last-Modified", http_date(last_modified))]
    return [("ETag", etag), *modified, ("Cache-Tag", tagged), ("Surrogate-Key", tagged)]


# Set by a view on an answer whose body is its route's LeanPage.body: the read model's JSON,
# rendered as the lean path renders it (not indented, say). See mark_read_model_body.
READ_MODEL_BODY = "body_is_the_read_models"


def mark_read_model_body(response, view, request) -> None:
    """Say on `response` (READ_MODEL_BODY) whether the view answered in JSON from its read model
    and rendered it as the lean path does, not indented; a view calls it where its body is
    its route's LeanPage.body whenever it answers in JSON."""
    renderer = getattr(request, "accepted_renderer", None)
    compact = json_read(request) and (
        renderer.get_indent(request.accepted_media_type, view.get_renderer_context()) is None
    )
    setattr(response, READ_MODEL_BODY, compact)


def learn(request, page: LeanPage, match, stamp: tuple, response) -> None:
    """Keep the full stack's answer's content-free headers as the template of its shape, if its
    body is the one the lean path builds (the view says so: READ_MODEL_BODY) and the headers
    built from the template are the full stack's own, every one (see LeanPage)."""
    local = templates()
    if (
        local is None
        or not recordable(response)
        or not getattr(response, READ_MODEL_BODY, False)
        or (key := template_key(request)) is None
    ):
        return
    content = {name.lower() for name in CONTENT_HEADERS}
    headers = [(n, v) for n, v in response.items() if n.lower() not in content]
    template = (headers, getattr(request, "LANGUAGE_CODE", ""))
    validators = validator_headers(request, page, match, stamp, template)
    built = [*headers, *validators, content_length(response)]
    if sorted(built) == sorted(response.items()):
        local.set(key, template)


def content_length(response) -> tuple[str, str]:
    return "Content-Length", str(len(response.content))


def answer_built(request, page: LeanPage, match, stamp: tuple, key: str, rows=None):
    """The answer built by the lean path where the shape's template is known, or None; a 200
    is kept as the full stack's would be."""
    local = templates()
    tkey = template_key(request)
    template = local.get(tkey) if local is not None and tkey is not None else None
    if template is None:
        return None
    answer = built_answer(request, page, match, stamp, template, rows)
    if answer[0] == 200:
        keep(key, answer[1:])
    return answer


class FastReadsMiddleware:
    """The outermost middleware: replays the full stack's recorded answer (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response
        # A NUL in any header is a 400 from the full stack: such a request is never replayed.
        self.storable = StorableInputMiddleware(get_response)

    def __call__(self, request):
        lookup = self.look_up(request)
        if lookup is None:
            return self.get_response(request)
        _read, match, page, key, stamp, alias, _rows = lookup
        with reading_from(alias):
            if not request.META.get(MISSED):  # (the WSGI handler found no answer: no 2nd try)
                answer = self.answer(request, lookup)
                if answer is not None:
                    return replay(answer)
            if conditional(request) and not precondition(request):
                # Nothing recorded or built (no template yet): the full stack's 200.
                return self.answer_and_record(request, key, page, match, stamp)
            response = self.get_response(request)
            if page is not None:
                learn(request, page, match, stamp, response)
        record(key, response)
        return response

    def look_up(self, request) -> tuple | None:
        """The route of an eligible read, its lean page (if it builds it), the key of its answer,
        its stamp and the database alias read: None where the full stack answers. Looked up
        once a request (kept in request.META: the WSGI handler may have looked it up)."""
        if LOOKUP in request.META:
            return request.META[LOOKUP]
        found = eligible_read(request) if settings.API_FAST_READS else None
        if found is None:
            return None
        read, match = found
        keeping = settings.API_RENDERED_CACHE_SECONDS > 0
        page = LEAN_PAGES.get(read.name)
        if page is not None and not page.takes(request):
            page = None
        # Nothing kept (API_RENDERED_CACHE_SECONDS=0) and nothing to build: no stamp read.
        if (not keeping and page is None) or self.storable.input_errors(request):
            return None
        alias = choose_read_alias(request)
        with reading_from(alias):
            alias = alias or router.db_for_read(apps.get_model("issues.Issue"))
            db = connections[alias]
            rows = None
            if reads_ahead(request, page, keeping):
                both = checked_by_first_query(
                    db, lambda: read.stamp_and_rows(db, match, page.reads(match))
                )
                stamp, rows = both if both is not None else (None, None)
            else:
                stamp = checked_by_first_query(db, lambda: read.stamp(db, match))
        key = shape_key(request, stamp) if stamp is not None else None
        if key is None:
            return None
        if page is not None:
            stamp = (db, stamp)  # converted only where an answer is built
        lookup = read, match, page, key, stamp, alias, rows
        request.META[LOOKUP] = lookup
        return lookup

    def answer(self, request, lookup: tuple) -> tuple | None:
        """The answer (status, headers, body) recorded or built for the request, counted by
        the throttles; None where the full stack must answer."""
        _read, match, page, key, stamp, _alias, rows = lookup
        keeping = settings.API_RENDERED_CACHE_SECONDS > 0
        recorded = recorded_answer(request, key) if keeping else None
        if recorded is None and page is not None and not precondition(request):
            recorded = answer_built(request, page, match, stamp, key, rows)
        if recorded is not None and throttles_allow(request):
            return recorded
        return None

    def answer_and_record(self, request, key: str, page, match, stamp):
        """A conditional read with nothing recorded (a client, or a CDN, revalidating its copy
        after the record expired or the worker restarted): the full stack's 200 is recorded,
        as asked without the condition, and the answer made from it as a replay would. Else
        every revalidation would go through the full stack, whose 304 is never recorded."""
        conditions = {name: request.META.pop(name) for name in CONDITIONS if name in request.META}
        try:
            response = self.get_response(request)
        finally:
            request.META.update(conditions)
        if response.status_code != 200:  # a 404 or a 429 whatever the condition
            return response
        if page is not None:
            learn(request, page, match, stamp, response)
        recorded = record(key, response)
        answer = answer_from(request, recorded) if recorded is not None else None
        if answer is not None:
            return replay(answer)
        # Not recordable (not public, say): the condition decided as ConditionalGetMiddleware
        # decides it for the full stack.
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        etag = response.get("ETag")
        decided = get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
        return decided or response


# Kept in request.META (the WSGI environ) by the lean path: its lookup, and that the WSGI handler
# found no answer (so that the middleware neither reads the stamp nor counts throttles twice).
LOOKUP = "core.fastpath.lookup"
MISSED = "core.fastpath.missed"


class LeanWSGIHandler(WSGIHandler):
    """Django's WSGI handler, which gives the lean path's answers before the middleware chain.

    A replayed or built answer needs none of the work Django's handler does around the
    middleware (~a fifth of a replay's CPU: the chain's wrappers, an HttpResponse made and
    taken apart into a status line and header list): here the request is made and the request
    signals sent as Django sends them (connections checked, kept or closed; caches closed at
    the end), and the answer goes to the server as it is. Where there is none, Django's handler
    answers as always, through FastReadsMiddleware, which records what the full stack gives.
    config/wsgi.py serves it; the test client (which has its own handler) reaches the same
    answers through the middleware, and tests/api/test_fast_reads.py compares the two."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fast = FastReadsMiddleware(get_response=None)

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or not any(
            read.pattern.match(path) for read in FAST_READS
        ):
            return super().__call__(environ, start_response)
        # A request rewrites the environ's path as text; Django's handler reads it as bytes.
        raw = {name: environ[name] for name in ("PATH_INFO", "SCRIPT_NAME") if name in environ}
        set_script_prefix(get_script_name(environ))
        signals.request_started.send(sender=self.__class__, environ=environ)
        request = self.request_class(environ)
        lookup = self.fast.look_up(request)
        answer = None
        if lookup is not None:
            with reading_from(lookup[5]):
                answer = self.fast.answer(request, lookup)
        if answer is None:
            # Django's handler, as always: a request made anew from the environ as it came,
            # where the lookup is kept (so the stamp is not read twice, nor the throttles
            # counted).
            environ.pop("SCRIPT_NAME", None)
            environ.update(raw)
            environ[MISSED] = lookup is not None
            return super().__call__(environ, start_response)
        status, headers, body = answer
        # A list of its own: a server may add to the one it is given (wsgiref adds Connection).
        start_response(f"{status} {HTTPStatus(status).phrase}", list(headers))
        return Answered([body], self.__class__)


class Answered(list):
    """A lean answer's body for the WSGI server, whose close() ends the request as Django's
    response's does (request_finished: connections checked, caches closed)."""

    def __init__(self, body: list, sender):
        super().__init__(body)
        self.sender = sender

    def close(self) -> None:
        signals.request_finished.send(sender=self.sender)
