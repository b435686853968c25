"""The API's reads over HTTP beside their floor: requests/s, p50/p99, worker CPU per request.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test nice -n 10 \\
        .venv/bin/python benchmarks/http_reads.py [--issues 340] [--articles 60] \\
        [--rounds 3] [--seconds 5] [--connections 4] [--redis redis://127.0.0.1:6379/5] \\
        [--only masthead] [--keep]

(Not `http.py`: run as a script, a file of that name would hide the standard library's `http`.)

It builds the catalogue (`benchmarks/api.py`'s: `--issues` monthly issues of `--articles`
articles, two authors and a photo each) in a throw-away PostgreSQL database
`<name>_http_reads`, dropped at the end (with `--keep`, kept and reused by the next run with
it), and starts three servers on 127.0.0.1, each gunicorn with 2 sync workers and the
project's gunicorn.conf.py, DEBUG off, throttles off (one client address), access log to
/dev/null:

- **floor**: `benchmarks/read_floor.py`, the same JSON from one prepared `json_agg` query per
  request on a kept psycopg connection (a 304: one SELECT of the stamp);
- **django**: the project with its defaults and a local-memory cache that keeps nothing
  (`API_RENDERED_CACHE_SECONDS=0`), so every 200 is read and rendered by Django;
- **django+redis**: the project with the shared cache on Redis (`--redis`, a key prefix of
  its own, flushed at the end), as it runs on more than one machine.

Then `--rounds` interleaved rounds: in each, every endpoint on every server in turn, `wrk`
(Debian package `wrk`) with `--connections` connections for `--seconds`. Per endpoint and
server it prints requests/s (the median of the rounds), p50/p99 latency, the workers' CPU
per request (from /proc) and the ratio to the floor. Exits 1 if a server answered anything
but the expected status. `--only` keeps the reads whose names hold one of its words (`--only
masthead`: the masthead, and nothing else, on each server), for a quicker run while working on
one of them.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def throwaway_database(url: str, reuse: bool = False) -> tuple[str, str]:
    """The benchmark's database `<name>_http_reads`, made anew (or, with `reuse`, the one a run
    with --keep left, if there is one); its URL and the maintenance database's."""
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'postgres'}_http_reads"
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not (reuse and found.fetchone()):
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), maintenance


def drop_database(url: str, maintenance: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(maintenance, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build(url: str, issues: int, articles: int) -> int:
    """Migrate and fill the database (in a child process: this one never loads Django), unless
    it holds the catalogue already (kept by --keep); the id of the newest issue."""
    script = f"""
import sys
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
from django.core.management import call_command
import api  # benchmarks/api.py: sets Django up
from articles.models import Article
from issues.models import Issue
call_command("migrate", verbosity=0)
if not Issue.objects.exists():
    api.build_catalogue({issues}, {articles})
elif (Issue.objects.count(), Article.objects.count()) != ({issues}, {issues * articles}):
    sys.exit("the kept database holds another catalogue: run once without --keep")
print(Issue.objects.order_by("-year", "-number").values_list("pk", flat=True).first())
"""
    environment = {**os.environ, "DATABASE_URL": url, "DJANGO_SECRET_KEY": "benchmark-only"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(f"building the catalogue failed:\n{done.stderr}")
    return int(done.stdout.split()[-1])


class Server:
    """gunicorn with the project's settings file, on a free port of the loopback."""

    def __init__(self, name: str, app: str | None, port: int, environment: dict, log: Path):
        self.name, self.port, self.log = name, port, log
        environment = {
            **os.environ,
            **environment,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "benchmark-only",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "1",
            "API_THROTTLE_ANON": "",
            "API_THROTTLE_USER": "",
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "--access-logfile", "/dev/null", *([app] if app else [])]
        with log.open("w") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT
            )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, path: str) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name} exited at start:\n{self.log.read_text()}")
            try:
                urllib.request.urlopen(self.url(path), timeout=5)
                return
            except OSError:
                time.sleep(0.3)
        raise SystemExit(f"{self.name} did not answer within 60 s:\n{self.log.read_text()}")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.workers():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / TICKS

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, etag: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("ETag", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("ETag", ""), b""


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int, connections: int, etag: str | None) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if etag:
        command += ["-H", f"If-None-Match: {etag}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    requests = int(re.search(r"(\d+) requests in", output)[1])
    latency = {
        share: float(value) * UNITS[unit]
        for share, value, unit in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
    }
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    failed = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return {
        "requests": requests,
        "p50": latency.get("50", 0.0),
        "p99": latency.get("99", 0.0),
        "errors": int(errors[1]) if errors else 0,
        "timeouts": int(failed[4]) if failed else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=340)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--only", nargs="*", default=[], metavar="WORD")
    parser.add_argument("--keep", action="store_true", help="Keep (and reuse) the database.")
    options = parser.parse_args()
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Set DATABASE_URL=postgres://…: the floor is PostgreSQL's json_agg.")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    url, maintenance = throwaway_database(database_url, reuse=options.keep)
    workdir = Path(tempfile.mkdtemp(prefix="http_reads_"))
    prefix = f"bench-{secrets.token_hex(4)}"
    servers: list[Server] = []
    try:
        start = time.perf_counter()
        issue = build(url, options.issues, options.articles)
        print(
            f"PostgreSQL, {options.issues} issues × {options.articles} articles, ready in "
            f"{time.perf_counter() - start:.0f} s; gunicorn, 2 sync workers per server, "
            f"wrk -c{options.connections}, {options.rounds} rounds × {options.seconds} s"
        )
        common = {"DATABASE_URL": url}
        servers = [
            Server("floor", "benchmarks.read_floor:app", free_port(),
                   {**common, "FLOOR_DATABASE_URL": url}, workdir / "floor.log"),
            Server("django", None, free_port(),
                   {**common, "CACHE_URL": "", "REDIS_URL": "",
                    "API_RENDERED_CACHE_SECONDS": "0"}, workdir / "django.log"),
            Server("django+redis", None, free_port(),
                   {**common, "CACHE_URL": options.redis, "CACHE_KEY_PREFIX": prefix},
                   workdir / "redis.log"),
        ]  # fmt: skip
        api = f"/api/v1/issues/{issue}"
        paths = {
            "目录 (toc)": (f"/toc/{issue}", f"{api}/toc/", False),
            "masthead": (f"/masthead/{issue}", f"{api}/masthead/", False),
            "目录 304": (f"/toc/{issue}", f"{api}/toc/", True),
            "articles/?issue=": (
                f"/articles/?issue={issue}",
                f"/api/v1/articles/?issue={issue}&page_size=100",
                False,
            ),
            "articles/?issue= 304": (
                f"/articles/?issue={issue}",
                f"/api/v1/articles/?issue={issue}&page_size=100",
                True,
            ),
        }
        if options.only:
            paths = {
                name: plan
                for name, plan in paths.items()
                if any(word in name for word in options.only)
            }
            if not paths:
                raise SystemExit(f"--only {' '.join(options.only)}: no such read")
        servers[0].wait(f"/toc/{issue}")
        servers[1].wait(f"{api}/")
        servers[2].wait(f"{api}/")
        plans = []  # (endpoint, server, url, etag, size)
        for endpoint, (floor_path, api_path, conditional) in paths.items():
            for server in servers:
                target = server.url(floor_path if server.name == "floor" else api_path)
                status, etag, body = fetch(target, '"no-such-tag"' if conditional else None)
                assert status == 200, (target, status)
                if conditional:
                    status, _etag, _body = fetch(target, etag)
                    assert status == 304, (target, status, etag)
                plans.append((endpoint, server, target, etag if conditional else None, len(body)))

        results: dict[tuple[str, str], list[dict]] = {}
        for round_number in range(options.rounds):
            for endpoint, server, target, etag, _size in plans:
                before = server.cpu_seconds()
                figures = wrk(target, options.seconds, options.connections, etag)
                figures["cpu"] = server.cpu_seconds() - before
                results.setdefault((endpoint, server.name), []).append(figures)
            print(f"round {round_number + 1} of {options.rounds} done", file=sys.stderr)

        failures = report(plans, results, options.seconds)
    finally:
        for server in servers:
            server.stop()
        if not options.keep:
            drop_database(url, maintenance)
        flush_prefix(options.redis, prefix)
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(1 if failures else 0)


def report(plans, results, seconds: int) -> int:
    print(
        f"\n| {'read':22} | {'server':12} | {'req/s':>7} | {'× floor':>7} | {'p50 ms':>6} | "
        f"{'p99 ms':>6} | {'CPU ms/req':>10} | {'bytes':>7} |"
    )
    print(f"|{'-' * 24}|{'-' * 14}|{'-' * 9}:|{'-' * 9}:|{'-' * 8}:|{'-' * 8}:|{'-' * 12}:|"
          f"{'-' * 9}:|")  # fmt: skip
    failures = 0
    floor_rate = {}
    for endpoint, server, _target, _etag, size in plans:
        runs = results[(endpoint, server.name)]
        rate = statistics.median(run["requests"] / seconds for run in runs)
        if server.name == "floor":
            floor_rate[endpoint] = rate
        cpu = 1000 * sum(run["cpu"] for run in runs) / max(1, sum(run["requests"] for run in runs))
        failures += sum(run["errors"] + run["timeouts"] for run in runs)
        p50 = statistics.median(run["p50"] for run in runs)
        p99 = statistics.median(run["p99"] for run in runs)
        print(
            f"| {endpoint:22} | {server.name:12} | {rate:7.0f} | "
            f"{rate / floor_rate[endpoint]:6.3f}× | {p50:6.2f} | {p99:6.2f} | {cpu:10.2f} | "
            f"{size:7d} |"
        )
    if failures:
        print(f"{failures} answers were errors or timeouts", file=sys.stderr)
    return failures


def flush_prefix(redis_url: str, prefix: str) -> None:
    try:
        import redis
    except ImportError:
        return
    client = redis.Redis.from_url(redis_url)
    try:
        for key in client.scan_iter(match=f"{prefix}:*", count=1000):
            client.delete(key)
    except redis.exceptions.ConnectionError:
        pass


if __name__ == "__main__":
    main()
