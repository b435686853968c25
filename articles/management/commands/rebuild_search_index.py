from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from articles.models import Article
from articles.search import FTS_TABLE, article_refresh_search, search_reindex


class Command(BaseCommand):
    help = (
        "Recompute the search text of every article, in batches; on SQLite, also rebuild the "
        "FTS5 index from it, on PostgreSQL the GIN indexes (REINDEX CONCURRENTLY). Safe to run "
        "at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=2000, help="Articles per batch (default 2000)."
        )
        parser.add_argument(
            "--parallel",
            action="store_true",
            help="PostgreSQL: build as many indexes at once as there are cores, a connection "
            "each, in a half to two thirds of the time on two cores; writes to the articles and "
            "searches wait until it ends (for a bulk load or a maintenance window).",
        )

    def handle(self, *args, batch_size, parallel, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1")
        ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        changed = 0
        try:
            for start in range(0, len(ids), batch_size):
                changed += article_refresh_search(article_ids=ids[start : start + batch_size])
                if options["verbosity"] > 1:
                    self.stdout.write(f"{min(start + batch_size, len(ids))}/{len(ids)}")
            if connection.vendor == "sqlite":
                # Repairs an index that drifted from its content table (a lost trigger).
                with connection.cursor() as cursor:
                    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
            search_reindex(parallel=parallel)
        except DatabaseError as error:
            raise CommandError(f"cannot rebuild the search index: {error}") from error
        self.stdout.write(f"{len(ids)} articles refreshed, {changed} changed.")
