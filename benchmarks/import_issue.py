"""How long importing print issues takes: `python benchmarks/import_issue.py [--batch N]`.

Imports the seed issue's text (2025·3, 37 articles) into a new periodical of the configured
database three times and prints the seconds and queries of each: the first import (creates
the draft), a re-import of the unchanged text (writes nothing), and a re-import after the
draft was edited (three titles and a byline changed, one article deleted: the import puts
the text's values back in place and creates the one article again). Then rolls everything
back. DATABASE_URL picks the database. Targets: ≤ 250 queries and ≤ 1 s for the first
import, ≤ 300 queries for a re-import.

Then the back catalogue (`--batch N`, 340 by default, 0 to skip): N issue texts made from the
seed by varying its year and number, written as files and imported by the code path of
`manage.py import_issue DIR` (imports/batch.py: reading each file, its own transaction, its
import record), committed one by one; then the same run again, which skips every unchanged
text. 8,000 contributors are known beforehand (`--contributors`), as a back catalogue
accumulates them. Prints the total, the seconds per issue (and of the first and last tenth,
which shows whether an import slows down as the catalogue grows) and the ratio to the floor.
Targets: ≤ 1 s per issue, ≤ 10 minutes for 340.

The floor, measured in the same run: reading the text alone (no database), which every import
does first. Each run is printed as a multiple of it too, which says more than seconds on a
shared, noisy machine: the rest is resolving people and writing.

Everything happens in a throw-away database (a temporary SQLite file; `<name>_benchmark` on
PostgreSQL), never the developer's own.
"""

import argparse
import os
import random
import sys
import tempfile
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
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from articles.models import Article, Authorship  # noqa: E402
from contributors.services import contributors_get_or_create  # noqa: E402
from imports.batch import Outcome, import_files  # noqa: E402
from imports.parsing import read_issue_text  # noqa: E402
from imports.services import issue_import  # noqa: E402
from imports.sources import read_source  # noqa: E402
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


def one_issue(text: str) -> float:
    """The first import and two re-imports of the seed issue, rolled back; returns the floor."""
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
    return floor


def catalogue_text(text: str, index: int) -> str:
    """The seed issue as issue `index` of a back catalogue: twelve a year, back from 2025."""
    year, number = 2025 - index // 12, 12 - index % 12
    return text.replace("2025·3", f"{year}·{number}", 1).replace(
        "总第344期", f"总第{(year - 1997) * 12 + number}期", 1
    )


def known_contributors(count: int) -> None:
    """`count` contributors already known, as a back catalogue accumulates them: every new
    name of an issue is checked against all of them for a near match (imports/people.py)."""
    surnames, given = (
        "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾",
        "明华英军平伟芳娟敏静丽强磊洋艳勇杰娜涛超秀霞刚桂兰玉萍毅浩宇轩",
    )
    rng = random.Random(340)
    names = {rng.choice(surnames) + "".join(rng.choices(given, k=rng.choice((1, 2, 2, 3))))
             for _ in range(count * 2)}  # fmt: skip
    started = time.perf_counter()
    with transaction.atomic():
        contributors_get_or_create(names=sorted(names)[:count])
    print(f"{count} contributors known beforehand, made in {time.perf_counter() - started:.1f} s")


def floor_cpu(text: str, periodical: Periodical) -> float:
    """The floor in CPU seconds of this process: steadier than seconds on a shared machine."""
    runs = []
    for _ in range(3):
        started = time.process_time()
        read_issue_text(text, periodical=periodical)
        runs.append(time.process_time() - started)
    return min(runs)


def back_catalogue(text: str, count: int, floor: float) -> None:
    """`count` issues imported as `import_issue DIR` does, committed; then the same again.

    The wall-clock floor is measured again after the batch and the two averaged, since the
    load of a shared machine changes over minutes; CPU seconds are compared with the floor's.
    """
    periodical = Periodical.objects.create(
        slug="catalogue", name="党员之友", kind="magazine", frequency="monthly"
    )
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index in range(count):
            path = Path(folder) / f"{index:04d}.txt"
            path.write_text(catalogue_text(text, index), encoding="utf-8")
            paths.append(path)
        cpu_floor = floor_cpu(text, periodical)
        for run in ("back catalogue", "the same again"):
            started, cpu_started = time.perf_counter(), time.process_time()
            rows = import_files(paths, periodical=periodical, read=read_source)
            total = time.perf_counter() - started
            cpu = time.process_time() - cpu_started  # this process only: not the PG server's
            if run == "back catalogue":
                after = min(timed(read_issue_text, text, periodical=periodical) for _ in range(3))
                print(f"floor after the batch: {after:.2f} s (before: {floor:.2f} s)")
                floor = (floor + after) / 2
            per_issue = total / count
            outcomes = {label: sum(row.outcome == outcome for row in rows)
                        for outcome, label in Outcome.LABELS.items()}  # fmt: skip
            tenth = max(1, count // 10)
            first = sum(row.seconds for row in rows[:tenth]) / tenth
            last = sum(row.seconds for row in rows[-tenth:]) / tenth
            print(
                f"{run}, {count} issues: {total:.1f} s ({total / 60:.1f} min), "
                f"{per_issue:.2f} s per issue ({per_issue / floor:.1f}× the floor; "
                f"{cpu / count:.2f} s of this process's CPU, {cpu / count / cpu_floor:.1f}× the "
                f"floor's {cpu_floor:.2f} s); "
                f"first tenth {first:.2f} s, last tenth {last:.2f} s per issue; "
                + ", ".join(f"{label} {n}" for label, n in outcomes.items() if n)
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batch", type=int, default=340, help="issues of the back catalogue")
    parser.add_argument(
        "--contributors", type=int, default=8000, help="contributors known before the batch"
    )
    options = parser.parse_args()
    setup_test_environment()
    temporary = tempfile.TemporaryDirectory()
    if connection.vendor == "sqlite":  # a file, as served: not the test runner's memory
        connection.settings_dict["TEST"]["NAME"] = str(Path(temporary.name) / "benchmark.sqlite3")
    else:  # not test_<name>, which a test run may be using
        connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_benchmark"
    database = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_seed_data", verbosity=0)
        text = (ROOT / "fixtures/seeds/001_f298dd8e9d14375d.txt").read_text(encoding="utf-8")
        print(f"database: {connection.vendor}")
        floor = one_issue(text)
        if options.batch:
            known_contributors(options.contributors)
            back_catalogue(text, options.batch, floor)
    finally:
        connection.creation.destroy_test_db(database, verbosity=0)
        temporary.cleanup()


if __name__ == "__main__":
    main()
