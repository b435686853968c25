from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from documents.reading import DocumentError
from documents.services import document_file_load, seed_files


class Command(BaseCommand):
    help = (
        "Load the seed documents (fixtures/seed/*.yaml) or a JSON export of issues. "
        "Idempotent: issues already present are kept. With --reset they are updated in place "
        "to what the documents say: articles are found again by their place in the 目录 and "
        "their title, so their ids, editors' notes and history are kept; what vanished is "
        "deleted. The documents of one file are loaded all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Seed files (YAML) or JSON exports of issues; default: every seed file.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Update issues already present in place to what the documents say.",
        )

    def handle(self, *args, paths, reset, **options):
        paths = paths or seed_files(Path(settings.SEED_DATA_DIR))
        if not paths:
            raise CommandError(f"no seed files in {settings.SEED_DATA_DIR}")
        for path in paths:
            try:
                results = document_file_load(path, update=reset)
            except DocumentError as error:
                raise CommandError(str(error)) from error
            for _name, result in results:
                if options["verbosity"] < 1:
                    continue
                self.stdout.write(
                    f"{Path(path).name}: {result.issue} "
                    f"({result.issue.articles.count()} articles) {result.summary()}"
                )
                for title in result.created_articles:
                    self.stdout.write(f"    created: {title}")
                for title in result.deleted_articles:
                    self.stdout.write(f"    deleted: {title}")
                for title, rule in result.loose:
                    self.stdout.write(f"    matched by {rule}: {title}")
