import importlib

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_sqlite_search_triggers(sender, using, **kwargs):
    """Put back the FTS5 triggers on SQLite if a migration rebuilt articles_article.

    SQLite drops a table's triggers when Django rebuilds the table (most AddField and
    AlterField operations do); without them the search index silently goes stale. The
    statements are those of the migration that last made the table (0012), and idempotent.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    index = importlib.import_module("articles.migrations.0012_sqlite_search_prefix_index")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
            [f"{index.FTS_TABLE}%"],
        )
        present = {row[0] for row in cursor.fetchall()}
        if index.FTS_TABLE not in present or len(present & TRIGGERS) == len(TRIGGERS):
            return  # not migrated that far, or nothing to restore
        for statement in index.SQLITE_CREATE:
            cursor.execute(statement)


TRIGGERS = {f"articles_article_fts_{event}" for event in ("insert", "delete", "update")}


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles and photos")

    def ready(self):
        from core.effects import ARTICLE_SEARCH_STALE, register_effect

        from . import signals  # connects the receivers

        post_migrate.connect(restore_sqlite_search_triggers, sender=self)
        register_effect(ARTICLE_SEARCH_STALE, signals.refresh_search)
        register_effect(signals.ARTICLE_CONTENT_CHANGED, signals.touch_issues_of_articles)
