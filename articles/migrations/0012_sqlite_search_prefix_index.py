"""SQLite: the FTS5 table of migration 0004 again, with an index of one-character prefixes.

A one-character query is a prefix query (`党*`: every token that starts with 党, see
articles/search.py), and without a prefix index FTS5 merges the list of every such token, a
few hundred bigrams for a common character: ~120 ms at 100,000 articles for each statement
that reads it. `prefix='1'` keeps one list per first character beside the tokens' own, read as
a single term (~6 ms), at ~3 KB more index an article (bigrams are ~5 KB). Longer prefixes
(a Latin word) stay merged: their tokens are few.

FTS5 cannot add a prefix index to an existing table: the table is dropped and created again,
then filled from its content table (`rebuild`). The triggers are migration 0004's, created
again in case a table rebuild dropped them. PostgreSQL is untouched (its GIN indexes hold
character pairs, migration 0010).
"""

from django.db import migrations

FTS_TABLE = "articles_article_fts"

_FTS_DELETE = f"""
    INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
"""
_FTS_INSERT = f"""
    INSERT INTO {FTS_TABLE}(rowid, search_title, search_body)
    VALUES (new.id, new.search_title, new.search_body);
"""
_TRIGGERS = [
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
]


def _create(prefix: str) -> list[str]:
    """The statements that create the FTS5 table (with `prefix`, its options), its triggers,
    and fill it from the articles."""
    return [
        f"""
        CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
            search_title, search_body, content='articles_article', content_rowid='id'{prefix}
        )
        """,
        *_TRIGGERS,
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    ]


# The table as it is now; idempotent, so that articles/apps.py may run it again to restore
# triggers a table rebuild dropped.
SQLITE_CREATE = _create(", prefix='1'")
# Dropping the table leaves the triggers, which name it only in their bodies.
_DROP = [f"DROP TABLE IF EXISTS {FTS_TABLE}"]
FORWARD = [*_DROP, *SQLITE_CREATE]
BACKWARD = [*_DROP, *_create("")]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_search_issue_order_index"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
