"""An index in the order of newest_first_order(), on PostgreSQL only.

SQLite cannot write NULLS LAST in an index, so the index is not in the model's Meta; on
SQLite the lists sort in memory, which is fine at the size of a local database.
"""

from django.db import migrations

CREATE = """
    CREATE INDEX IF NOT EXISTS issue_newest_first ON issues_issue
    (publication_date DESC NULLS LAST, year DESC, number DESC NULLS LAST, id DESC)
"""
DROP = "DROP INDEX IF EXISTS issue_newest_first"


def _on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("issues", "0002_issue_content_changed_at")]

    operations = [migrations.RunPython(_on_postgresql(CREATE), _on_postgresql(DROP))]
