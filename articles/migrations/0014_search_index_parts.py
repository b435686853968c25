"""PostgreSQL: the GIN index over the article's text in four parts, by the id modulo 4, and a
short pending list on every search index.

- *Four parts, built at once.* PostgreSQL 15 builds a GIN index on one core, at ~1 µs for
  each of the ~900 pairs of an article: a million articles took ~30 minutes. Partial indexes
  (`id % 4 = 0`, … `= 3`) are built side by side, as many at once as there are cores, a
  connection each (`search_reindex(parallel=True)`, `rebuild_search_index --parallel`), in a
  half to two thirds of the time on two cores (more parts than cores: more cores, less
  time); a search reads them all (a BitmapOr: articles.models._indexed). An article is in
  one part, so a save writes what it wrote before. And a count may stop at the first part
  (articles/search_pages.py): a phrase in a tenth of the articles has its 500 results in a
  quarter of them, and PostgreSQL reads a term's whole lists in an index before it checks a
  row.
- *A pending list of 256 kB, not 4 MB.* Rows written with the index in place wait in the
  index's pending list until it fills (or VACUUM runs), and every search reads the whole
  list: ~15 ms more a search after the benchmark's thousand importer-like articles, at
  100,000. A sixteenth of the size, the writer merges it into the index itself every few
  dozen articles: importer-like writes ran at 74 articles/s there, 91-108 with 4 MB.
"""

import importlib

from django.db import migrations

OLD = importlib.import_module("articles.migrations.0010_article_search_vectors_without_text")

PARTS = 4
PART_INDEXES = [f"{OLD.GIN_INDEX}_{part}" for part in range(PARTS)]
PENDING = "gin_pending_list_limit = 256"

FORWARD = [
    *(
        f"CREATE INDEX IF NOT EXISTS {name} ON articles_article USING gin "
        f"(articles_search_vector({OLD.EVERYTHING})) WITH ({PENDING}) WHERE id % {PARTS} = {part}"
        for part, name in enumerate(PART_INDEXES)
    ),
    f"DROP INDEX IF EXISTS {OLD.GIN_INDEX}",
    f"ALTER INDEX IF EXISTS {OLD.TITLE_GIN_INDEX} SET ({PENDING})",
]
BACKWARD = [
    f"ALTER INDEX IF EXISTS {OLD.TITLE_GIN_INDEX} RESET (gin_pending_list_limit)",
    f"CREATE INDEX IF NOT EXISTS {OLD.GIN_INDEX} ON articles_article USING gin "
    f"(articles_search_vector({OLD.EVERYTHING}))",
    *(f"DROP INDEX IF EXISTS {name}" for name in PART_INDEXES),
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)  # `%` is an operator here

    return run


class Migration(migrations.Migration):
    dependencies = [("articles", "0013_sqlite_search_issue_order_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
