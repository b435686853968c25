"""`manage.py backup --output DIR`: the database and the media files, in a new folder of DIR."""

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite: its online backup API; PostgreSQL: pg_dump -Fc), every "
        "table with it (change records and import records too), and the media files (a tar "
        "of MEDIA_ROOT), into a new folder backup-YYYYmmdd-HHMMSS of --output. Safe while the "
        "server runs. `manage.py restore FOLDER` puts them back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True, help="the folder to write in")
        parser.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args, output: Path, database: str, **options):
        try:
            backup = backup_create(output=Path(output), using=database)
        except (BackupError, OSError, sqlite3.Error) as error:
            raise CommandError(f"backup failed: {error}") from error
        self.stdout.write(str(backup.folder))
