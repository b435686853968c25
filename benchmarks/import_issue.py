"""How long importing a whole print issue takes: `python benchmarks/import_issue.py`.

Imports the seed issue's text (2025·3, 37 articles) into a new periodical of the configured
database three times and prints the seconds and queries of each: the first import (creates
the draft), a re-import of the unchanged text (writes nothing), and a re-import after the
draft was edited (three titles and a byline changed, one article deleted: the import puts
the text's values back in place and creates the one article again). Then rolls everything
back. DATABASE_URL picks the database. Targets: ≤ 250 queries and ≤ 1 s for the first
import, ≤ 300 queries for a re-import.

The floor, measured in the same run: reading the text alone (no database), which every import
does first. Each run is printed as a multiple of it too, which says more than seconds on a
shared, noisy machine: the rest is resolving people and writing.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")  # debug off, as when served

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Article, Authorship  # noqa: E402
from imports.parsing import read_issue_text  # noqa: E402
from imports.services import issue_import  # noqa: E402
from periodical.models import Periodical  # noqa: E402


class Rollback(Exception):
    pass


def edit_the_draft(periodical: Periodical) -> None:
    """What an editor might have done to the draft since: the text will undo it."""
    articles = Article.objects.filter(issue__periodical=periodical).order_by("toc_order")
    for article in articles.filter(toc_order__in=[3, 10, 20]):
        Article.objects.filter(pk=article.pk).update(title=f"{article.title}（改）")
    Authorship.objects.filter(article__in=articles.filter(toc_order=5)).update(affiliation="某单位")
    articles.filter(toc_order=30).delete()


def timed(function, *args, **kwargs) -> float:
    started = time.perf_counter()
    function(*args, **kwargs)
    return time.perf_counter() - started


def main() -> None:
    call_command("migrate", verbosity=0)
    call_command("load_seed_data", verbosity=0)
    text = (ROOT / "fixtures/seeds/001_f298dd8e9d14375d.txt").read_text(encoding="utf-8")
    print(f"database: {connection.vendor}")
    try:
        with transaction.atomic():
            periodical = Periodical.objects.create(
                slug="benchmark", name="党员之友", kind="magazine", frequency="monthly"
            )
            floor = min(timed(read_issue_text, text, periodical=periodical) for _ in range(3))
            print(f"floor, reading the text alone: {floor:.2f} s")
            runs = ("first import", "re-import, unchanged", "re-import, a few changes")
            for run in runs:
                if run == runs[2]:
                    edit_the_draft(periodical)
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    result = issue_import(text=text, periodical=periodical)
                elapsed = time.perf_counter() - started
                print(
                    f"{run}: {elapsed:.2f} s ({elapsed / floor:.1f}× the floor), "
                    f"{len(queries)} queries, "
                    f"{len(result.document.articles)} articles ({len(result.matched)} kept, "
                    f"{len(result.created_articles)} created, "
                    f"{len(result.deleted_articles)} deleted), {len(result.report)} report items"
                )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
