"""PostgreSQL: an index of the issues in the order of search results (newest year and number
first), so that a newest-first walk of the articles (articles/search_pages.py) reads the
issues in order and stops after a page, as the article list does with `issue_newest_first`.

The index is on the issues' table, but it serves only the search: it lives with the search.
"""

from django.db import migrations

INDEX = "issue_search_order"

FORWARD = [
    f"""
    CREATE INDEX IF NOT EXISTS {INDEX} ON issues_issue
    (year DESC, number DESC NULLS LAST, publication_date DESC NULLS LAST, id DESC)
    """
]
BACKWARD = [f"DROP INDEX IF EXISTS {INDEX}"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0010_article_search_vectors_without_text"),
        ("issues", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
