"""`manage.py restore FOLDER`: a backup's database and media files back in place."""

import sqlite3
import tarfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Replace the database with the copy in a backup folder written by `manage.py backup` "
        "(SQLite: its backup API; PostgreSQL: pg_restore --clean), and write its media files "
        "back into MEDIA_ROOT. Stop the server first. Everything written since the backup is "
        "lost, change records included."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder written by `manage.py backup`")
        parser.add_argument("--database", default="default", help="the database alias")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, folder: Path, database: str, interactive: bool, **options):
        if interactive:
            answer = input(
                f"This replaces the database {database!r} and the media files with the backup "
                f"{folder}. Type 'yes' to continue: "
            )
            if answer.strip() != "yes":
                raise CommandError("restore cancelled")
        try:
            backup_restore(folder=Path(folder), using=database)
        except (BackupError, OSError, sqlite3.Error, tarfile.TarError) as error:
            raise CommandError(f"restore failed: {error}") from error
        self.stdout.write(f"restored {folder}")
