"""Benchmark of the CSV, XLSX and JSON exports of the whole catalogue, beside a floor.

    .venv/bin/python benchmarks/export.py [--issues 340] [--articles 60] [--rounds 3]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python benchmarks/export.py

The catalogue is built in a throw-away database (see benchmarks/api.py). The floor is the
database writing the same joined rows itself: on PostgreSQL `COPY (SELECT …) TO STDOUT WITH
CSV` read through psycopg, on SQLite the same SELECT fetched by the driver. Rounds are
interleaved (floor, export, floor, export …) and the best of each is kept, because this machine
is shared. Prints rows/s of each and the ratio to the floor, and each format's peak Python
memory (tracemalloc, in a separate pass) for the whole catalogue and for half of it: flat memory
means the two are about the same.
"""

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from api import build_catalogue  # noqa: E402  (sets Django up)
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from articles.models import Article  # noqa: E402
from exports.services import export_chunks, issues_for_export  # noqa: E402

# The rows of the CSV export, joined and aggregated by the database itself.
FLOOR_SQL = """
SELECT p.name, i.year, i.number, i.cumulative_number, i.publication_date, i.status,
       c.name, a.start_page, a.end_page, a.continuation_pages, a.kicker, a.title, a.subtitle,
       (SELECT {agg_names} FROM articles_authorship au WHERE au.article_id = a.id),
       (SELECT {agg_affiliations} FROM articles_authorship au WHERE au.article_id = a.id),
       a.responsible_editor_name, a.source_org, a.reprinted_from,
       (SELECT {agg_credits} FROM articles_photocredit pc WHERE pc.article_id = a.id),
       a.id
FROM articles_article a
JOIN issues_issue i ON i.id = a.issue_id
JOIN periodical_periodical p ON p.id = i.periodical_id
LEFT JOIN periodical_column c ON c.id = a.column_id
ORDER BY p.slug, i.year, i.supplement, i.number, i.publication_date, i.id,
         a.toc_order {nulls_last}, a.start_page {nulls_last}, a.id
"""


def floor_sql() -> str:
    if connection.vendor == "postgresql":
        return FLOOR_SQL.format(
            agg_names="string_agg(au.credited_name, '、' ORDER BY au.\"order\", au.id)",
            agg_affiliations="string_agg(au.affiliation, '；' ORDER BY au.\"order\", au.id)",
            agg_credits="string_agg(pc.credited_name || '/摄', '；' ORDER BY pc.\"order\", pc.id)",
            nulls_last="NULLS LAST",
        )
    return FLOOR_SQL.format(
        agg_names="group_concat(au.credited_name, '、')",
        agg_affiliations="group_concat(au.affiliation, '；')",
        agg_credits="group_concat(pc.credited_name || '/摄', '；')",
        nulls_last="NULLS LAST",
    )


def floor() -> tuple[float, int, int]:
    """Seconds, rows and bytes of the database writing the joined rows itself."""
    sql = floor_sql()
    start = time.perf_counter()
    size = rows = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                for block in copy:
                    size += len(block)
                    rows += bytes(block).count(b"\n")
        else:
            cursor.execute(sql)
            while batch := cursor.fetchmany(2000):
                rows += len(batch)
    return time.perf_counter() - start, rows, size


def export(format_name: str, issues) -> tuple[float, int]:
    """Seconds and bytes of the project's export of `issues`, consumed as a download would."""
    start = time.perf_counter()
    size = sum(len(chunk) for chunk in export_chunks(format_name, issues))
    return time.perf_counter() - start, size


def peak_memory(format_name: str, issues) -> float:
    """Peak MiB that Python allocated while exporting `issues`."""
    gc.collect()
    tracemalloc.start()
    for _chunk in export_chunks(format_name, issues):
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=340)
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()

    setup_test_environment()
    if connection.vendor != "sqlite":  # not test_<name>, which a test run may be using
        connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_export"
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        start = time.perf_counter()
        build_catalogue(options.issues, options.articles)
        articles = Article.objects.count()
        print(
            f"{connection.vendor}: {options.issues} issues, {articles} articles, "
            f"built in {time.perf_counter() - start:.1f} s"
        )
        issues = issues_for_export()
        best = {}
        for _round in range(options.rounds):
            seconds, rows, size = floor()
            assert rows == articles, (rows, articles)
            best["floor"] = min(best.get("floor", (seconds, size)), (seconds, size))
            for format_name in ("csv", "xlsx", "json"):
                seconds, size = export(format_name, issues)
                best[format_name] = min(best.get(format_name, (seconds, size)), (seconds, size))
        floor_rate = articles / best["floor"][0]
        half = issues_for_export(
            issue_ids=issues.values_list("pk", flat=True)[: max(1, options.issues // 2)]
        )
        print(f"{'':10} {'rows/s':>9} {'× floor':>8} {'MB':>7} {'peak MiB':>9} {'(half)':>9}")
        print(f"{'floor':10} {floor_rate:9.0f} {1:8.2f} {best['floor'][1] / 1e6:7.1f}")
        for format_name in ("csv", "xlsx", "json"):
            seconds, size = best[format_name]
            rate = articles / seconds
            whole, part = peak_memory(format_name, issues), peak_memory(format_name, half)
            print(
                f"{format_name:10} {rate:9.0f} {rate / floor_rate:8.2f} {size / 1e6:7.1f} "
                f"{whole:9.1f} {part:9.1f}"
            )
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)


if __name__ == "__main__":
    main()
