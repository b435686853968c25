"""Read replicas: anonymous API reads go to a replica, everything else to the primary.

`settings.DATABASE_REPLICAS` (from `DATABASE_REPLICA_URLS`) names the replica aliases. The
middleware (`ReplicaReadsMiddleware`) decides per request whether its reads may go to a replica;
outside a request (commands, the shell, tests without the middleware) every read goes to the
primary, so nothing that writes ever reads a copy that lags behind.

A request reads from a replica only when all of these hold:

- it is a GET or HEAD under `/api/` (the admin and every write stay on the primary);
- it carries no credentials: no `Authorization` header, no session cookie (staff see drafts and
  edit; they read what they wrote);
- the client has not written in the last `REPLICA_PIN_SECONDS`: a write's response sets a
  cookie that pins the client's reads to the primary for that long, so it reads back its own
  write whatever the replica's lag.

Within a request that goes to a replica, a row Django has just written is read on the alias it
was written to (the `instance` hint), and `db_for_write` is always the primary.
"""

import contextvars
import random

from django.conf import settings

_read_alias: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "replica_read_alias", default=None
)

PIN_COOKIE = "read_primary"
SAFE_METHODS = {"GET", "HEAD"}


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


def may_read_replica(request) -> bool:
    """Whether this request's reads may be served by a replica (the rules of the module)."""
    return (
        request.method in SAFE_METHODS
        and request.path.startswith("/api/")
        and "HTTP_AUTHORIZATION" not in request.META
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and PIN_COOKIE not in request.COOKIES
    )


def choose_read_alias(request) -> str | None:
    """The replica this request reads from, or None (the primary): the one already chosen for
    it (core.fastpath reads its stamp before the stack runs), else one at random."""
    if (chosen := _read_alias.get()) is not None:
        return chosen
    replicas = replica_aliases()
    return random.choice(replicas) if replicas and may_read_replica(request) else None


class reading_from:  # noqa: N801 (a context manager named as contextlib's are)
    """Reads inside go to `alias` (None: the primary). A class, not a generator made a context
    manager by contextlib: every replayed read enters it twice, and a generator costs ~1 µs
    more each time."""

    def __init__(self, alias: str | None):
        self.alias = alias

    def __enter__(self) -> None:
        self.token = _read_alias.set(self.alias)

    def __exit__(self, *exception) -> None:
        _read_alias.reset(self.token)


class PrimaryReplicaRouter:
    """Writes to the primary; reads to the alias the current request chose (the primary
    outside a request), or where the row at hand came from."""

    def db_for_read(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db
        return _read_alias.get() or "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db not in replica_aliases()  # replicas follow the primary's schema


class ReplicaReadsMiddleware:
    """Send an anonymous API read to a replica; pin a client that writes to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with reading_from(choose_read_alias(request)):
            response = self.get_response(request)
        if replica_aliases() and request.method not in SAFE_METHODS and response.status_code < 400:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response
