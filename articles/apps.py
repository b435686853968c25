import importlib

from django.apps import AppConfig
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def restore_sqlite_search_schema(sender, using, **kwargs):
    """Put back on SQLite what a migration that rebuilt a table dropped: the FTS5 triggers on
    articles_article, the search's index of the issues (migrations 0012 and 0013).

    SQLite drops a table's triggers, and the indexes Django does not know of, when Django
    rebuilds the table (most AddField and AlterField operations do): without the triggers the
    search index silently goes stale, without the index each page of results sorts every
    article. The statements are the migrations' own, and idempotent.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    fts = importlib.import_module("articles.migrations.0012_sqlite_search_prefix_index")
    issue_order = importlib.import_module(
        "articles.migrations.0013_sqlite_search_issue_order_index"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger', 'index')"
            " AND (name LIKE %s OR name = %s)",
            [f"{fts.FTS_TABLE}%", issue_order.INDEX],
        )
        present = {row[0] for row in cursor.fetchall()}
        # Only as far as the database is migrated.
        if fts.FTS_TABLE in present and not TRIGGERS <= present:
            for statement in fts.SQLITE_CREATE:
                cursor.execute(statement)
        migration = ("articles", issue_order.__name__.rpartition(".")[2])
        if (
            issue_order.INDEX not in present
            and migration in MigrationRecorder(connection).applied_migrations()
        ):
            for statement in issue_order.SQLITE_CREATE:
                cursor.execute(statement)


TRIGGERS = {f"articles_article_fts_{event}" for event in ("insert", "delete", "update")}


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles and photos")

    def ready(self):
        from core.effects import ARTICLE_SEARCH_STALE, register_effect

        from . import signals  # connects the receivers

        post_migrate.connect(restore_sqlite_search_schema, sender=self)
        # The lean path builds an issue's article list itself where it has no recorded answer.
        from core import fastpath

        from .lean import ISSUE_LIST

        fastpath.LEAN_PAGES["article list"] = ISSUE_LIST
        register_effect(ARTICLE_SEARCH_STALE, signals.refresh_search)
        register_effect(signals.ARTICLE_CONTENT_CHANGED, signals.touch_issues_of_articles)
