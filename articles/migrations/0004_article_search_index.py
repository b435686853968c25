"""The full-text index over Article.search_title and search_body, in each database's own way.

PostgreSQL: a GIN index over to_tsvector('simple', search_title || ' ' || search_body), the
very expression ArticleQuerySet.search() filters on. SQLite: an FTS5 table over the same two
columns, with external content (the text is stored once, in articles_article) and triggers that
keep it in step with every insert, update and delete.

Beware on SQLite: a migration that makes Django rebuild articles_article (most AddField and
AlterField operations do) drops these triggers with the old table. Run the SQLite part of this
migration again after such a migration; tests/articles/test_search.py checks the triggers.
"""

from django.db import migrations

GIN_INDEX = "articles_article_search_gin"
FTS_TABLE = "articles_article_fts"

POSTGRESQL_CREATE = [
    f"""
    CREATE INDEX {GIN_INDEX} ON articles_article
    USING gin (to_tsvector('simple'::regconfig, search_title || ' ' || search_body))
    """,
]
POSTGRESQL_DROP = [f"DROP INDEX IF EXISTS {GIN_INDEX}"]

_FTS_DELETE = f"""
    INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
"""
_FTS_INSERT = f"""
    INSERT INTO {FTS_TABLE}(rowid, search_title, search_body)
    VALUES (new.id, new.search_title, new.search_body);
"""
SQLITE_CREATE = [
    f"""
    CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        search_title, search_body, content='articles_article', content_rowid='id'
    )
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON articles_article
    BEGIN {_FTS_INSERT} END
    """,
    f"""
    CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON articles_article
    BEGIN {_FTS_DELETE} END
    """,
    # Only an update of the search text touches the index.
    f"""
    CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update
    AFTER UPDATE OF search_title, search_body ON articles_article
    BEGIN {_FTS_DELETE} {_FTS_INSERT} END
    """,
    # Index the rows already there, from the content table.
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        # Other databases get no index; search scans the search text there.
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_article_search_text"),
    ]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL_CREATE, "sqlite": SQLITE_CREATE}),
            _run({"postgresql": POSTGRESQL_DROP, "sqlite": SQLITE_DROP}),
        ),
    ]
