"""Benchmark of article search at a million articles: bulk indexing, index size, query times.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python benchmarks/search.py
    DATABASE_URL=… .venv/bin/python benchmarks/search.py --articles 100000 --keep
    DATABASE_URL=… .venv/bin/python benchmarks/search.py --keep --reindex   # the build again
    .venv/bin/python benchmarks/search.py --articles 100000          # SQLite (FTS5)
    .venv/bin/python benchmarks/search.py --articles 100000 --keep   # SQLite, kept to re-run

The articles are built in a throw-away database, never the developer's own: on PostgreSQL
`test_search_million` (dropped at the end unless `--keep`; a kept one holding the asked number
of articles is reused, so that query work can be iterated on without rebuilding), on SQLite
a test database in memory. With `--keep` SQLite also saves what it built to a file (`--database`,
by default in the temporary directory) and, next time, copies that file into the database in
memory and applies the migrations added since, instead of building again: the queries run on
a database in memory either way. Articles and authorships are written by COPY on PostgreSQL.
Bodies (~1,000 characters) are sentences of the seed documents in filler drawn from the seed's
character frequencies, so that bigrams are as common as in real text and a query matches a
share of the archive, as in an archive.

Prints: the bulk indexing rate (PostgreSQL: the GIN indexes of migrations 0010 and 0014 built
over the COPY'd articles in one pass each, as many at once as there are cores, as
`rebuild_search_index --parallel` builds them; SQLite: article_refresh_search in batches, as
the command does), the rate of importer-like writes with
the indexes in place, the index size per article, and per query the number of matches, then
p50 and p95 milliseconds of the first page (20 results, title matches first) and of the count
(exact up to SEARCH_COUNT_LIMIT, else "at least"), both as the API computes them
(ArticleQuerySet.search_page). Load average printed alongside: the machine may be shared.
"""

import argparse
import importlib
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")  # debug off, as when served

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.migrations.recorder import MigrationRecorder  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, Authorship, search_order  # noqa: E402
from articles.search import (  # noqa: E402
    TITLE_GIN_INDEX,
    article_refresh_search,
    article_search_names,
    search_indexes,
    search_indexes_drop,
    search_reindex,
)
from contributors.models import Contributor  # noqa: E402
from issues.models import Issue  # noqa: E402
from periodical.models import Periodical  # noqa: E402

QUERIES = [
    "党",  # 1 character, in most articles
    "疆",
    "援疆",  # 2 characters
    "党建",
    "乡村振兴",  # 4 characters
    "民族团结",
    "冰川观测",  # found nowhere
    "基层 党建",
    "gdp",
]
ARTICLES_PER_ISSUE = 50
PAGE_SIZE = 20
DATABASE_NAME = "test_search_million"


def seed_text() -> str:
    return re.sub(
        r"\s+",
        "",
        "".join(
            path.read_text(encoding="utf-8")
            for path in sorted((ROOT / "fixtures" / "seeds").glob("*.txt"))
        ),
    )


class Bodies:
    """Synthetic article texts whose character pairs are as common as in real text: a random
    walk over the seed's own pairs of characters (each next character drawn from those that
    follow the current one in the seeds), with a few whole seed sentences in it, so that the
    phrases queried occur in a share of the archive as they would."""

    def __init__(self, body_chars: int, sentences_per_body: int, rng: random.Random):
        text = seed_text()
        self.sentences = [s for s in re.split(r"(?<=[。！？；])", text) if len(s) >= 8]
        following = {}
        for first, second in zip(text, text[1:], strict=False):
            following.setdefault(first, []).append(second)
        character, walk = rng.choice(text), []
        for _ in range(2_000_000):
            walk.append(character)
            character = rng.choice(following.get(character) or text)
        self.walk = "".join(walk)
        self.body_chars, self.sentences_per_body, self.rng = body_chars, sentences_per_body, rng

    def title(self) -> str:
        return self.rng.choice(self.sentences)[:20]

    def body(self) -> str:
        sentences = self.rng.sample(self.sentences, self.sentences_per_body)
        length = max(0, self.body_chars - sum(map(len, sentences)))
        start = self.rng.randrange(len(self.walk) - length)
        parts = [self.walk[start : start + length], *sentences]
        self.rng.shuffle(parts)
        return "".join(parts)


def _column_values(model, overrides: dict) -> tuple[list[str], dict]:
    """Every concrete column of `model` with its default, for a COPY of whole rows."""
    now = timezone.now()
    columns, defaults = [], {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.column in overrides:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            defaults[field.column] = now
        else:
            defaults[field.column] = field.get_db_prep_save(field.get_default(), connection)
    return columns, defaults


def _copy(model, rows, overrides: tuple[str, ...]) -> None:
    """COPY dicts of `overrides` columns into `model`'s table, other columns at their default."""
    columns, defaults = _column_values(model, dict.fromkeys(overrides))
    table = model._meta.db_table
    with connection.cursor() as cursor:
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] if c in row else defaults[c] for c in columns])


def build_articles(count: int, bodies: Bodies, rng: random.Random) -> None:
    periodical = Periodical.objects.create(name="基准期刊", slug="search-benchmark", issn="")
    issues = Issue.objects.bulk_create(
        (
            Issue(
                periodical=periodical,
                year=1900 + n // 12,
                number=n % 12 + 1,
                cumulative_number=n + 1,
                status=Issue.Status.PUBLISHED,
            )
            for n in range(count // ARTICLES_PER_ISSUE + 1)
        ),
        batch_size=2000,
    )
    people = Contributor.objects.bulk_create(
        Contributor(name=rng.choice("王李张刘陈杨赵黄周吴") + rng.choice("佩文建国海燕明华") * 2)
        for _ in range(500)
    )
    bylines = [rng.sample(people, 2) for _ in range(997)]

    def article(n: int) -> dict:
        names = [(person.name, person.name) for person in bylines[n % len(bylines)]]
        return {
            "issue_id": issues[n // ARTICLES_PER_ISSUE].pk,
            "toc_order": n % ARTICLES_PER_ISSUE + 1,
            "start_page": n % ARTICLES_PER_ISSUE + 1,
            "title": bodies.title(),
            "body": bodies.body(),
            "search_names": article_search_names(names),
        }

    if connection.vendor == "postgresql":
        search_indexes_drop()  # built after the COPY, in one pass each
        columns = ("issue_id", "toc_order", "start_page", "title", "body", "search_names")
        _copy(Article, map(article, range(count)), columns)
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM articles_article ORDER BY id")
            ids = [row[0] for row in cursor.fetchall()]
        _copy(
            Authorship,
            (
                {"article_id": pk, "contributor_id": person.pk, "credited_name": person.name}
                for n, pk in enumerate(ids)
                for person in bylines[n % len(bylines)]
            ),
            ("article_id", "contributor_id", "credited_name"),
        )
        return
    for start in range(0, count, 2000):
        batch = Article.objects.bulk_create(
            Article(**article(n)) for n in range(start, min(start + 2000, count))
        )
        Authorship.objects.bulk_create(
            Authorship(article=a, contributor=person, credited_name=person.name)
            for a in batch
            for person in bylines[a.pk % len(bylines)]
        )


def index_all(batch_size: int) -> float:
    """Index every article through the bulk path; returns articles per second. PostgreSQL:
    the GIN indexes built in one pass each, as many at once as there are cores
    (`search_reindex(parallel=True)`, what `rebuild_search_index --parallel` runs); SQLite:
    article_refresh_search in batches."""
    count = article_count()
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        search_reindex(parallel=True)
    else:
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            article_refresh_search(article_ids=ids[start : start + batch_size])
    return count / (time.perf_counter() - started)


def floor_rate() -> float:
    """The floor of a GIN build on this machine now: PostgreSQL's own to_tsvector('simple')
    over the same text (useless for Chinese, which it keeps as whole runs, but the fastest GIN
    of it PostgreSQL offers); articles per second, the index dropped afterwards."""
    migration = importlib.import_module(
        "articles.migrations.0010_article_search_vectors_without_text"
    )
    count = article_count()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        started = time.perf_counter()
        cursor.execute(
            "CREATE INDEX search_floor ON articles_article USING gin "
            f"(to_tsvector('simple'::regconfig, {migration.EVERYTHING}))"
        )
        elapsed = time.perf_counter() - started
        cursor.execute("DROP INDEX search_floor")
    return count / elapsed


def insert_rate(bodies: Bodies, count: int = 1000) -> float:
    """Articles per second written 100 to a transaction with the indexes in place, as the
    importer writes an issue (its rows, the bylines, then article_refresh_search)."""
    issue = Issue.objects.order_by("pk").first()
    people = list(Contributor.objects.order_by("pk")[:2])
    written = []
    started = time.perf_counter()
    for _ in range(count // 100):
        with transaction.atomic():
            names = article_search_names((person.name, person.name) for person in people)
            batch = Article.objects.bulk_create(
                Article(issue=issue, title=bodies.title(), body=bodies.body(), search_names=names)
                for _ in range(100)
            )
            Authorship.objects.bulk_create(
                Authorship(article=a, contributor=person, credited_name=person.name)
                for a in batch
                for person in people
            )
            article_refresh_search(article_ids=[a.pk for a in batch])
        written += [a.pk for a in batch]
    rate = count / (time.perf_counter() - started)
    Article.objects.filter(pk__in=written).delete()
    return rate


def sizes(count: int) -> None:
    """Bytes per article of what search adds to the database."""
    if connection.vendor != "postgresql":
        return
    parts = [name for name in search_indexes() if name != TITLE_GIN_INDEX]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT avg(pg_column_size(search_names) + pg_column_size(search_title)
                       + pg_column_size(search_body)),
                   {" + ".join(f"pg_relation_size('{name}')" for name in parts)},
                   pg_relation_size('{TITLE_GIN_INDEX}')
            FROM articles_article
            """
        )
        columns, gin, title_gin = cursor.fetchone()
    total = float(columns) + (gin + title_gin) / count
    print(
        f"  index per article: {total:,.0f} bytes = GIN {gin / count:,.0f} ({len(parts)} parts)"
        f" + title GIN {title_gin / count:,.0f} + search columns {float(columns):,.0f}"
        " (the names; the segmented text is empty on PostgreSQL)"
    )


def percentiles(action, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def run_queries(repeat: int, explain: bool) -> None:
    articles = Article.objects.published()
    print(f"  load average {os.getloadavg()[0]:.2f}; {repeat} runs of each")
    print(
        f"  {'query':<12}{'matches':>10}{'count':>10}{'page p50':>10}{'page p95':>10}"
        f"{'count p50':>10}{'count p95':>10}"
    )
    for query in QUERIES:
        results = articles.search(query).search_page(offset=0, limit=PAGE_SIZE)  # warms up
        count = f"≥{results.count}" if results.count_is_lower_bound else f"{results.count}"
        exact = "" if results.count_is_lower_bound else count
        page = percentiles(
            lambda: articles.search(query).search_page(offset=0, limit=PAGE_SIZE),  # noqa: B023
            repeat,
        )
        counted = percentiles(
            lambda: articles.search(query).search_page(offset=0, limit=0),  # noqa: B023
            repeat,
        )
        print(
            f"  {query:<12}{exact:>10}{count:>10}{page[0]:>10.1f}{page[1]:>10.1f}"
            f"{counted[0]:>10.1f}{counted[1]:>10.1f}"
        )
    if explain and connection.vendor == "postgresql":
        for query in QUERIES[:6]:
            found = articles.search(query)
            print(f"\nEXPLAIN ANALYZE, count of {query!r}:")
            print(found.order_by().values("pk")[:1001].explain(analyze=True))
            for number, tier in enumerate(found._search_tiers()):
                print(f"\nEXPLAIN ANALYZE, tier {number} of {query!r}:")
                print(tier.order_by(*search_order())[:PAGE_SIZE].explain(analyze=True))


def article_count() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM articles_article")
        return cursor.fetchone()[0]


def load_kept_sqlite(path: Path) -> None:
    """Copy a kept SQLite file into the test database in memory, then apply the migrations
    added since it was built (the copy holds the migration records of its build), gather the
    planner's statistics again as after a build, and keep the migrated copy."""
    if not path.exists():
        return
    connection.ensure_connection()
    with sqlite3.connect(path) as kept:
        kept.backup(connection.connection)
    applied = MigrationRecorder(connection).applied_migrations()
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    if MigrationRecorder(connection).applied_migrations() != applied:
        save_kept_sqlite(path)


def save_kept_sqlite(path: Path) -> None:
    """Save the test database in memory to a file, for load_kept_sqlite()."""
    path.unlink(missing_ok=True)
    with sqlite3.connect(path) as kept:
        connection.connection.backup(kept)
    print(f"  kept in {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--body-chars", type=int, default=1000)
    parser.add_argument("--sentences", type=int, default=3, help="Seed sentences per body.")
    parser.add_argument("--batch-size", type=int, default=2000, help="Articles per refresh.")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="Keep (and reuse) the database.")
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="PostgreSQL, reusing a kept database: drop the search indexes and time their bulk "
        "build again.",
    )
    parser.add_argument("--explain", action="store_true", help="Print the query plans.")
    parser.add_argument(
        "--floor", action="store_true", help="Also time the floor GIN build (PostgreSQL)."
    )
    parser.add_argument(
        "--database",
        help=f"PostgreSQL database name (default {DATABASE_NAME}); SQLite: the file --keep saves"
        f" to (default {Path(tempfile.gettempdir()) / DATABASE_NAME}.sqlite3).",
    )
    arguments = parser.parse_args()
    settings.DATABASES["default"].setdefault("TEST", {})
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        settings.DATABASES["default"]["TEST"]["NAME"] = arguments.database or DATABASE_NAME
    kept_sqlite = None
    if arguments.keep and not postgresql:
        default = Path(tempfile.gettempdir()) / f"{DATABASE_NAME}.sqlite3"
        kept_sqlite = Path(arguments.database) if arguments.database else default
    setup_test_environment()
    old_name = connection.creation.create_test_db(
        verbosity=0, autoclobber=True, keepdb=postgresql, serialize=False
    )
    try:
        count = arguments.articles
        print(f"{connection.vendor}: {count:,} articles of ~{arguments.body_chars} characters")
        if kept_sqlite:
            load_kept_sqlite(kept_sqlite)
        if article_count() != count:
            if article_count():
                connection.creation.destroy_test_db(old_name, verbosity=0)
                connection.creation.create_test_db(
                    verbosity=0, autoclobber=True, keepdb=True, serialize=False
                )
            started = time.perf_counter()
            rng = random.Random(344)
            build_articles(count, Bodies(arguments.body_chars, arguments.sentences, rng), rng)
            print(f"  written in {time.perf_counter() - started:.0f} s")
            rate = index_all(arguments.batch_size)
            print(f"  bulk indexing: {rate:,.0f} articles/s")
            if postgresql and arguments.floor:
                floor = floor_rate()
                print(f"  floor (a GIN of to_tsvector('simple') of the same text): {floor:,.0f}/s")
                print(f"  bulk indexing / floor: {rate / floor:.2f}×")
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE" if postgresql else "ANALYZE")
            if kept_sqlite:
                save_kept_sqlite(kept_sqlite)
        else:
            print("  reusing the kept database")
            if postgresql and arguments.reindex:
                search_indexes_drop()
                print(f"  bulk indexing: {index_all(arguments.batch_size):,.0f} articles/s")
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
        rate = insert_rate(Bodies(arguments.body_chars, arguments.sentences, random.Random(1)))
        print(f"  importer-like writes, indexes in place: {rate:,.0f} articles/s")
        sizes(count)
        run_queries(arguments.repeat, arguments.explain)
    finally:
        if arguments.keep and postgresql:
            print(f"  kept database {settings.DATABASES['default']['TEST']['NAME']}")
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
