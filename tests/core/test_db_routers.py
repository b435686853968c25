"""Which database a request reads from (core/db_routers.py), decided without a replica running:
the real streaming replica is tested in tests/replicas/ (.ci/run starts one)."""

from types import SimpleNamespace

import pytest
from django.db import router
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from articles.models import Article
from core.db_routers import PIN_COOKIE, ReplicaReadsMiddleware

factory = RequestFactory()


def read_alias(request, status=200):
    """The alias the router gives a read made while the middleware handles `request`."""
    seen = {}

    def view(request):
        seen["alias"] = router.db_for_read(Article)
        return HttpResponse(status=status)

    response = ReplicaReadsMiddleware(view)(request)
    return seen["alias"], response


@override_settings(DATABASE_REPLICAS=["replica"])
def test_an_anonymous_api_read_goes_to_the_replica():
    assert read_alias(factory.get("/api/v1/articles/"))[0] == "replica"
    assert read_alias(factory.head("/api/v1/issues/1/toc/"))[0] == "replica"


@override_settings(DATABASE_REPLICAS=["replica"])
@pytest.mark.parametrize(
    "request_",
    [
        factory.get("/api/v1/articles/", HTTP_AUTHORIZATION="Token abc"),  # a client with a key
        factory.get("/admin/issues/issue/"),  # the admin
        factory.get("/api/v1/articles/", HTTP_COOKIE="sessionid=abc"),  # signed in (staff)
        factory.get("/api/v1/articles/", HTTP_COOKIE=f"{PIN_COOKIE}=1"),  # wrote a moment ago
        factory.post("/api/v1/articles/"),  # a write, and the reads in its request
        factory.options("/api/v1/articles/"),
    ],
    ids=["token", "admin", "session", "pinned", "write", "options"],
)
def test_everything_else_reads_the_primary(request_):
    assert read_alias(request_)[0] == "default"


@override_settings(DATABASE_REPLICAS=["replica"], REPLICA_PIN_SECONDS=15)
def test_a_write_pins_the_client_to_the_primary_for_a_while():
    alias, response = read_alias(factory.patch("/api/v1/articles/1/"))
    assert alias == "default"
    assert response.cookies[PIN_COOKIE]["max-age"] == 15
    # The client sends the cookie back: its next reads see its write on the primary.
    pinned = factory.get("/api/v1/articles/1/", HTTP_COOKIE=f"{PIN_COOKIE}=1")
    assert read_alias(pinned)[0] == "default"
    refused = read_alias(factory.patch("/api/v1/articles/1/"), status=412)[1]
    assert PIN_COOKIE not in refused.cookies  # nothing was written


@override_settings(DATABASE_REPLICAS=[])
def test_without_replicas_everything_is_the_primary_and_nothing_is_pinned():
    assert read_alias(factory.get("/api/v1/articles/"))[0] == "default"
    assert PIN_COOKIE not in read_alias(factory.post("/api/v1/articles/"))[1].cookies


@override_settings(DATABASE_REPLICAS=["replica"])
def test_outside_a_request_and_for_writes_the_primary():
    assert router.db_for_read(Article) == "default"  # commands, the shell, services
    read_alias(factory.get("/api/v1/articles/"))
    assert router.db_for_read(Article) == "default"  # the request's choice does not linger
    assert router.db_for_write(Article) == "default"


@override_settings(DATABASE_REPLICAS=["replica", "replica2"])
def test_the_lean_path_reads_its_stamp_where_the_full_stack_then_reads(monkeypatch):
    """core/fastpath.py reads the stamp before the stack runs: the full stack must read the
    same replica, or a lagging one could render older content under a newer stamp."""
    from core import fastpath
    from core.fastpath import FastRead, FastReadsMiddleware

    seen = {"stamp": [], "view": []}

    def stamp(self, db, match):
        seen["stamp"].append(db.alias)
        return ("a stamp",)

    class Connections(dict):  # the replicas named above, without servers behind them
        def __missing__(self, alias):
            return SimpleNamespace(alias=alias, vendor="none", connection=None)

    def view(request):
        seen["view"].append(router.db_for_read(Article))
        return HttpResponse()

    monkeypatch.setattr(FastRead, "stamp", stamp)
    monkeypatch.setattr(fastpath, "connections", Connections())
    chain = FastReadsMiddleware(ReplicaReadsMiddleware(view))
    for _ in range(20):
        chain(factory.get("/api/v1/articles/1/"))
    assert seen["stamp"] == seen["view"]
    assert set(seen["view"]) == {"replica", "replica2"}
