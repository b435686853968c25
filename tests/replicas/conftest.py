"""A real streaming replica for these tests: `DATABASE_REPLICA_URLS` names it (.ci/run starts one
with .ci/replica). Without one, or on SQLite, the module is skipped and says why.

Django's test runner makes a replica alias a mirror of the test database (`TEST: {"MIRROR":
"default"}` in the settings): it never creates or flushes a database on a read-only server.
A mirror opens the primary, though; here the alias is pointed back at the replica's host and
port, where the test database arrives by streaming replication like every other write. The
tests write in committed transactions (`transaction=True`) and wait for the replica to replay
them, as a real deployment would.
"""

import time

import pytest
from django.conf import settings
from django.db import connections


def pytest_collection_modifyitems(config, items):
    reason = None
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        reason = "a streaming replica needs PostgreSQL: set DATABASE_URL=postgres://…"
    elif not settings.DATABASE_REPLICAS:
        reason = (
            "no replica: set DATABASE_REPLICA_URLS=postgres://…:5433/… "
            "(.ci/replica start runs one on 127.0.0.1:5433)"
        )
    if reason:
        for item in items:
            if "tests/replicas/" in str(item.fspath):
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The replica aliases read the test database on the replica server itself."""
    primary = connections["default"].settings_dict
    for alias in settings.DATABASE_REPLICAS:
        configured = settings.DATABASES[alias]
        connections[alias].close()
        connections[alias].settings_dict = {
            **primary,
            "HOST": configured["HOST"],
            "PORT": configured["PORT"],
            "TEST": configured["TEST"],
        }
    with django_db_blocker.unblock():
        wait_for_replicas()


def wait_for_replicas(timeout: float = 30) -> None:
    """Until every replica has replayed what the primary has written so far."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (written,) = cursor.fetchone()
    deadline = time.monotonic() + timeout
    for alias in settings.DATABASE_REPLICAS:
        with connections[alias].cursor() as cursor:
            while True:
                cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written])
                if cursor.fetchone()[0]:
                    break
                if time.monotonic() > deadline:
                    raise AssertionError(f"{alias} did not catch up with the primary")
                time.sleep(0.05)
