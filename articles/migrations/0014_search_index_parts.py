"""PostgreSQL: the GIN index over the article's text in two parts, by the parity of the id,
and a short pending list on every search index.

- *Two parts, built at once.* PostgreSQL 15 builds a GIN index on one core, at ~1 µs for
  each of the ~900 pairs of an article: a million articles took ~30 minutes. Two partial
  indexes (`id % 2 = 0`, `id % 2 = 1`) are built side by side, one connection each
  (`search_reindex(parallel=True)`, `rebuild_search_index --parallel`), in about half the
  time on two cores; a search reads both (a BitmapOr: articles.models._indexed), each half
  the size. An article is in one part, so a save writes what it wrote before.
- *A pending list of 256 kB, not 4 MB.* Rows written with the index in place wait in the
  index's pending list until it fills (or VACUUM runs), and every search reads the whole
  list: ~15 ms more a search after the benchmark's thousand importer-like articles, at
  100,000. A sixteenth of the size, the writer merges it into the index itself every few
  dozen articles: importer-like writes ran at 74 articles/s there, 91-108 with 4 MB.
"""

import importlib

from django.db import migrations

OLD = importlib.import_module("articles.migrations.0010_article_search_vectors_without_text")

PARTS = 2
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
