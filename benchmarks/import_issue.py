"""How long importing a whole print issue takes: `python benchmarks/import_issue.py`.

Imports the seed issue's text (2025·3, 37 articles) into a new periodical of the configured
database, three times (the first creates the draft, the others update it), and prints the
seconds and queries of each run, then rolls everything back. DATABASE_URL picks the database.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from imports.services import issue_import  # noqa: E402
from periodical.models import Periodical  # noqa: E402


class Rollback(Exception):
    pass


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
            for run in ("create", "update", "update"):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    result = issue_import(text=text, periodical=periodical)
                elapsed = time.perf_counter() - started
                articles = len(result.document["articles"])
                print(
                    f"{run}: {elapsed:.2f} s, {len(queries)} queries, "
                    f"{articles} articles, {len(result.report)} report items"
                )
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
