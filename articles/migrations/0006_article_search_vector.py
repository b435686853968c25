"""PostgreSQL: keep the tsvector in a stored column, and index that column instead.

With an index over an expression, every row the index does not filter out for the planner
(a broad query such as 党, a nested loop) has its to_tsvector computed again at query time: 43
seconds for a first page over 20,000 articles in benchmarks/search.py. A stored generated
column computes it once, when the text is written. Positions are stripped: the search never
uses them (see SearchTerm.tsquery), and without them the column is about half the size.

The column is not a model field: Django never reads it, so loading articles does not carry it.
ArticleQuerySet.search() names it. SQLite and other databases are left as they are.
"""

from django.db import migrations

GIN_INDEX = "articles_article_search_gin"

FORWARD = [
    f"DROP INDEX IF EXISTS {GIN_INDEX}",
    """
    ALTER TABLE articles_article ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        strip(to_tsvector('simple'::regconfig, search_title || ' ' || search_body))
    ) STORED
    """,
    f"CREATE INDEX {GIN_INDEX} ON articles_article USING gin (search_vector)",
]
BACKWARD = [
    f"DROP INDEX IF EXISTS {GIN_INDEX}",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_vector",
    f"""
    CREATE INDEX {GIN_INDEX} ON articles_article
    USING gin (to_tsvector('simple'::regconfig, search_title || ' ' || search_body))
    """,
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_fill_article_search_text"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
