"""Two writers at once on the default database, a SQLite file: neither meets "database is locked".

Each writer does what a request does: one transaction that reads first, then writes through the
services. With SQLite's default deferred transactions the reader's lock cannot be upgraded while
the other holds the write lock, and one of them fails at once; the settings begin every
transaction with BEGIN IMMEDIATE, in WAL mode, with a busy timeout (config/settings.py).
Load through gunicorn: benchmarks/mixed_load.py.
"""

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)

WRITERS = """
import json, sys, threading
import django
django.setup()
from django.db import connection
from core.effects import collecting
from articles.models import Article
from articles.services import article_update
from issues.models import Issue
from django.contrib.auth.models import User
from workflow.services import issue_sign, issue_withdraw

rounds = int(sys.argv[1])
chief = User.objects.create_superuser("chief", password="x")
issue_id = Issue.objects.order_by("pk").values_list("pk", flat=True)[0]
articles = list(
    Article.objects.filter(issue_id=issue_id).order_by("pk").values_list("pk", flat=True)[:6]
)
before = dict(Article.objects.values_list("pk", "version"))
# The seed issue is published, its articles locked: withdrawn to 编排, then signed and
# withdrawn in turn (a signed issue's articles stay editable).
issue_withdraw(issue=Issue.objects.get(pk=issue_id), user=chief, reason="并发测试")
together = threading.Barrier(2)
failures = []

def editor(n):
    try:
        together.wait()
        for i in range(rounds):
            with collecting():  # as a request does: read, then write
                article = Article.objects.get(pk=articles[(i + n) % len(articles)])
                article_update(article=article, title=f"并发标题 {n}-{i}")
            if n == 1 and i % 4 == 0:
                with collecting():
                    issue = Issue.objects.get(pk=issue_id)
                    if issue.is_signed:
                        issue_withdraw(issue=issue, user=chief, reason="并发测试")
                    else:
                        issue_sign(issue=issue, user=chief, override_reason="并发测试")
    except Exception as error:
        failures.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=editor, args=(n,)) for n in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
after = dict(Article.objects.values_list("pk", "version"))
journal = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
print(json.dumps({
    "failures": failures,
    "writes": sum(after[pk] - before[pk] for pk in articles),
    "journal": journal,
}))
"""


pytestmark = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="SQLite only: PostgreSQL's row locks are tested in tests/api/test_concurrency.py",
)


@pytest.fixture(scope="module")
def database_file(django_db_setup, django_db_blocker, tmp_path_factory) -> Path:
    """The test database with the seed issues, copied to a file before any test's transaction."""
    path = tmp_path_factory.mktemp("writers") / "writers.sqlite3"
    with django_db_blocker.unblock():
        connection.ensure_connection()
        with closing(sqlite3.connect(path)) as copy:
            connection.connection.backup(copy)
    return path


@pytest.mark.django_db  # so that the test database (the seed issues) is set up to be copied
def test_two_writers_at_once_on_a_sqlite_file_both_succeed(database_file):
    rounds = 40
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database_file}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", WRITERS, str(rounds)], cwd=ROOT, env=environment,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["failures"] == []
    assert outcome["writes"] == 2 * rounds  # every write landed
    assert outcome["journal"] == "wal"
