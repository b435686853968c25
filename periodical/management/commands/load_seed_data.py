from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from periodical.seed import SeedError, iter_seed_file, seed_files


class Command(BaseCommand):
    help = (
        "Load the seed documents (fixtures/seed/*.yaml) or a JSON export of issues. "
        "Idempotent: issues already present are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Seed files (YAML) or JSON exports of issues; default: every seed file.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Rebuild seed issues that are already present."
        )

    def handle(self, *args, paths, reset, **options):
        paths = paths or seed_files(Path(settings.SEED_DATA_DIR))
        if not paths:
            raise CommandError(f"no seed files in {settings.SEED_DATA_DIR}")
        for path in paths:
            try:
                for result in iter_seed_file(path, reset=reset):
                    action = "loaded" if result.created else "already present, kept"
                    self.stdout.write(
                        f"{path.name}: {result.issue} "
                        f"({result.issue.articles.count()} articles) {action}"
                    )
            except SeedError as error:
                raise CommandError(str(error)) from error
