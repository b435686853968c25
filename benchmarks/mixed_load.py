"""Mixed read/write load on gunicorn: requests, errors, p50/p95 per kind, then every write checked.

    .venv/bin/python benchmarks/mixed_load.py [--clients 8] [--seconds 60] [--workers 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/mixed_load.py

It builds a throw-away database (a SQLite file in a temporary folder; `<name>_mixed_load` on
PostgreSQL, dropped afterwards), migrates it, loads the seed issues, withdraws one of them to
a draft and creates a staff user with a token. Then it starts gunicorn (sync workers, DEBUG
off) on a free port of 127.0.0.1 and runs the clients for the given time, each sending one
request after another: about 90 % anonymous reads (目录, masthead, article list, article detail)
and 10 % writes with the token (PATCH of an article's title; one in ten of them publishes or
withdraws the draft issue). Nothing leaves the loopback interface; the clients, the time and
the server are bounded and stopped at the end.

Prints requests, errors (any answer other than 2xx/3xx, or none) and p50/p95 milliseconds per
kind, then checks in the database that every successful write is there and has its change record.
Exits 1 if there was an error or a write is missing.
"""

import argparse
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED_SLUG, SEED_YEAR, SEED_NUMBER = "dangyuan-zhiyou", 2025, 3
DRAFT_SLUG = "newspaper-korla"  # its seed issue is withdrawn to a draft and toggled


def throwaway_database(workdir: Path) -> tuple[str, str | None]:
    """The URL of a new empty database, and the PostgreSQL maintenance URL to drop it with."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'mixed_load.sqlite3'}", None
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'postgres'}_mixed_load"
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), maintenance


def drop_database(url: str, maintenance: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare() -> dict:
    """Migrate, load the seed, make the draft, the staff user and its token (in this process)."""
    import django

    django.setup()
    from django.contrib.auth.models import Permission, User
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from articles.models import Article
    from issues.models import Issue
    from workflow.services import issue_withdraw

    call_command("migrate", verbosity=0)
    call_command("load_seed_data", verbosity=0)
    editor = User.objects.create_user("load_editor", is_staff=True)
    editor.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["issues", "articles", "workflow"])
    )
    draft = Issue.objects.get(periodical__slug=DRAFT_SLUG)
    # Withdrawn to 编排 by a recorded decision: a published issue's articles are locked.
    issue_withdraw(issue=draft, user=User.objects.get(pk=editor.pk), reason="负载测试")
    seed = Issue.objects.get(periodical__slug=SEED_SLUG, year=SEED_YEAR, number=SEED_NUMBER)
    if connection.vendor == "sqlite":
        (journal,) = connection.cursor().execute("PRAGMA journal_mode").fetchone()
        database = f"SQLite (journal mode {journal})"
    else:
        database = "PostgreSQL"
    return {
        "database": database,
        "token": Token.objects.create(user=editor).key,
        "draft": draft.pk,
        "seed_issue": seed.pk,
        "published_articles": list(
            Article.objects.filter(issue__status=Issue.Status.PUBLISHED).values_list(
                "pk", flat=True
            )
        ),
        # The draft's articles: the PATCHes' targets (a published issue's answer 409).
        "versions": dict(Article.objects.filter(issue=draft).values_list("pk", "version")),
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int, workers: int, log: Path) -> subprocess.Popen:
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": "1",
        "API_THROTTLE_ANON": "",  # the load is one client address: no throttling here
        "API_THROTTLE_USER": "",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("w") as output:
        server = subprocess.Popen(
            [str(gunicorn), "--access-logfile", "/dev/null"], cwd=ROOT, env=environment,
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited at start:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/periodicals/", timeout=5)
            return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer within 60 s:\n{log.read_text()}")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


class Load:
    """The clients' shared tally: each answer, and each write that succeeded."""

    def __init__(self, base: str, facts: dict, write_share: float):
        self.base, self.facts, self.write_share = base, facts, write_share
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)  # kind -> milliseconds
        self.errors = defaultdict(list)  # kind -> (status, first words of the body)
        self.patched = defaultdict(list)  # article id -> titles written with a 2xx
        self.toggle_lock = threading.Lock()  # one publish/withdraw at a time: each one changes
        self.published = False  # the draft is signed off (签发 and 撤回 toggle it)
        self.toggles = 0

    def request(self, kind: str, path: str, method: str = "GET", body=None) -> int:
        headers = {"Accept": "application/json"}
        data = None
        if method != "GET":
            headers["Authorization"] = f"Token {self.facts['token']}"
            if body is not None:
                headers["Content-Type"] = "application/json"
                data = json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data, headers, method=method)
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                status, detail = response.status, ""
        except urllib.error.HTTPError as error:
            status, detail = (
                error.code,
                " ".join(error.read()[:300].decode(errors="replace").split()),
            )
        except OSError as error:
            status, detail = 0, repr(error)
        elapsed = (time.perf_counter() - start) * 1000
        with self.lock:
            self.latencies[kind].append(elapsed)
            if not 200 <= status < 400:
                self.errors[kind].append((status, detail))
        return status

    def read(self, rng: random.Random) -> None:
        issue = f"/api/v1/issues/{self.facts['seed_issue']}"
        kind = rng.choice(["toc", "masthead", "article list", "article detail"])
        path = {
            "toc": f"{issue}/toc/",
            "masthead": f"{issue}/masthead/",
            "article list": f"/api/v1/articles/?page={rng.randint(1, 3)}",
            "article detail": f"/api/v1/articles/{rng.choice(self.facts['published_articles'])}/",
        }[kind]
        self.request(kind, path)

    def write(self, rng: random.Random, client: int, number: int) -> None:
        if rng.random() < 0.1:
            with self.toggle_lock:
                # 签发 and 撤回 in turn (a signed issue's articles stay editable).
                body = (
                    {"decision": "withdrawn", "opinion": "负载测试"}
                    if self.published
                    else {"decision": "approved", "override_reason": "负载测试"}
                )
                path = f"/api/v1/issues/{self.facts['draft']}/sign-off/"
                if 200 <= self.request("sign/withdraw", path, "POST", body) < 300:
                    self.published = not self.published
                    self.toggles += 1
            return
        article = rng.choice(list(self.facts["versions"]))
        title = f"负载测试标题 {client}-{number}"
        path = f"/api/v1/articles/{article}/"
        if 200 <= self.request("article PATCH", path, "PATCH", {"title": title}) < 300:
            with self.lock:
                self.patched[article].append(title)

    def client(self, client: int, until: float) -> None:
        rng = random.Random(client)
        number = 0
        while time.monotonic() < until:
            number += 1
            if rng.random() < self.write_share:
                self.write(rng, client, number)
            else:
                self.read(rng)


def percentile(values: list[float], share: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def report(load: Load, seconds: float) -> int:
    total = sum(len(values) for values in load.latencies.values())
    errors = sum(len(values) for values in load.errors.values())
    print(f"{total} requests in {seconds:.0f} s ({total / seconds:.1f}/s), {errors} errors")
    print(f"{'kind':<18}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}")
    for kind in sorted(load.latencies):
        values = load.latencies[kind]
        print(
            f"{kind:<18}{len(values):>9}{len(load.errors[kind]):>8}"
            f"{percentile(values, 0.5):>9.0f}{percentile(values, 0.95):>9.0f}"
        )
    for kind, failures in load.errors.items():
        for status, detail in failures[:3]:
            print(f"  error {kind}: {status} {detail}")
    return errors


def check_writes(load: Load) -> int:
    """Each 2xx PATCH raised the article's version once and has a change record with its title;
    each publish and withdrawal has its record; the draft ends as the last one left it."""
    from django.contrib.contenttypes.models import ContentType

    from articles.models import Article
    from audit.models import ChangeRecord
    from issues.models import Issue

    missing = 0
    records = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        action=ChangeRecord.Action.UPDATE,
    )
    recorded = defaultdict(set)
    for object_id, changes in records.values_list("object_id", "changes"):
        if "title" in (changes or {}):
            recorded[int(object_id)].add(changes["title"][1])
    versions = dict(Article.objects.values_list("pk", "version"))
    titles = dict(Article.objects.values_list("pk", "title"))
    for article, written in load.patched.items():
        missing += len(set(written) - recorded[article])
        if versions[article] - load.facts["versions"][article] != len(written):
            missing += 1
            print(f"  article {article}: {len(written)} writes, version "
                  f"{load.facts['versions'][article]} → {versions[article]}")  # fmt: skip
        if titles[article] not in written:
            missing += 1
            print(f"  article {article}: title {titles[article]!r} is none of the written ones")
    draft = Issue.objects.get(pk=load.facts["draft"])
    toggles = ChangeRecord.objects.filter(
        content_type=ContentType.objects.get_for_model(Issue),
        object_id=draft.pk,
        action=ChangeRecord.Action.UPDATE,
        changes__has_key="status",
    ).count()
    missing += abs(toggles - 1 - load.toggles)  # 1: the withdrawal that made the draft
    missing += draft.is_signed != load.published
    writes = sum(map(len, load.patched.values()))
    print(
        f"writes: {writes} article PATCHes on {len(load.patched)} articles and {load.toggles} "
        f"sign/withdraw answered 2xx; {writes + load.toggles - missing} found in the database "
        f"with their change records, {missing} missing"
    )
    return missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8, choices=range(1, 65), metavar="1-64")
    parser.add_argument("--seconds", type=int, default=60, choices=range(1, 601), metavar="1-600")
    parser.add_argument("--workers", type=int, default=2, choices=range(1, 17), metavar="1-16")
    parser.add_argument("--write-share", type=float, default=0.1)
    options = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="mixed_load_"))
    url, maintenance = throwaway_database(workdir)
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    )
    server = None
    try:
        facts = prepare()
        from django.db import connections

        connections.close_all()  # the server's workers are the only users from now on
        print(f"{facts['database']}, gunicorn with {options.workers} sync workers, "
              f"{options.clients} clients, {options.write_share:.0%} writes, "
              f"{options.seconds} s")  # fmt: skip
        port = free_port()
        server = start_server(port, options.workers, workdir / "gunicorn.log")
        load = Load(f"http://127.0.0.1:{port}", facts, options.write_share)
        start = time.monotonic()
        clients = [
            threading.Thread(target=load.client, args=(n, start + options.seconds))
            for n in range(options.clients)
        ]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        elapsed = time.monotonic() - start
        stop_server(server)
        server = None
        errors = report(load, elapsed)
        log = (workdir / "gunicorn.log").read_text()
        locked = log.count("OperationalError: database is locked")
        print(f"server log: {log.count('Internal Server Error')} errors logged, "
              f"{locked} of them 'database is locked'")  # fmt: skip
        missing = check_writes(load)
        connections.close_all()
    finally:
        if server is not None:
            stop_server(server)
        if maintenance:
            drop_database(url, maintenance)
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(1 if errors or missing else 0)


if __name__ == "__main__":
    main()
