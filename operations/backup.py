"""A backup of the whole project: its database (every table, change and import records with
the catalogue) and its media files, and the way back.

SQLite is copied with its online backup API (`sqlite3.Connection.backup`), which gives a
consistent copy while the server keeps running; PostgreSQL with `pg_dump -Fc`, restored by
`pg_restore`. The media files (MEDIA_ROOT: cover images) go into a tar archive beside it.
Hand-written around the standard library and the PostgreSQL tools: no backup library covers
both databases and the media without a service of its own.
"""

import os
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.utils import timezone

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"


class BackupError(Exception):
    """A backup or a restore could not be made; the message is one line."""


@dataclass
class Backup:
    folder: Path
    database: Path
    media: Path


def backup_create(*, output: Path, using: str = "default") -> Backup:
    """Write a new folder under `output` with a copy of the database and of the media files."""
    folder = Path(output) / timezone.localtime().strftime("backup-%Y%m%d-%H%M%S")
    suffix = 1
    while folder.exists():  # two backups in one second
        folder = folder.with_name(f"{folder.name.split('.')[0]}.{suffix}")
        suffix += 1
    folder.mkdir(parents=True)
    connection = connections[using]
    if connection.vendor == "sqlite":
        database = folder / SQLITE_FILE
        connection.ensure_connection()
        target = sqlite3.connect(database)
        try:
            with target:
                connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        database = folder / POSTGRES_FILE
        _postgres_tool("pg_dump", "-Fc", "--file", str(database), using=using)
    else:
        raise BackupError(f"no backup for the {connection.vendor} database")
    media = folder / MEDIA_FILE
    with tarfile.open(media, "w:gz") as archive:
        root = Path(settings.MEDIA_ROOT)
        if root.is_dir():
            for path in sorted(root.iterdir()):
                archive.add(path, arcname=path.name)
    return Backup(folder=folder, database=database, media=media)


def backup_restore(*, folder: Path, using: str = "default") -> Backup:
    """Put the database and the media files of a backup folder back in place.

    The database is replaced as a whole; media files of the backup are written over the
    current ones (files added since stay, unreferenced).
    """
    folder = Path(folder)
    connection = connections[using]
    media = folder / MEDIA_FILE
    if connection.vendor == "sqlite":
        database = folder / SQLITE_FILE
        _require(database, media)
        connection.ensure_connection()
        source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        database = folder / POSTGRES_FILE
        _require(database, media)
        connection.close()  # pg_restore drops the tables this connection may hold locks on
        _postgres_tool(
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
            str(database), using=using,
        )  # fmt: skip
    else:
        raise BackupError(f"no restore for the {connection.vendor} database")
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media, "r:gz") as archive:
        archive.extractall(root, filter="data")
    return Backup(folder=folder, database=database, media=media)


def _require(*paths: Path) -> None:
    for path in paths:
        if not path.is_file():
            raise BackupError(f"{path} is missing: not a backup folder of this database")


def _postgres_tool(tool: str, *arguments: str, using: str) -> None:
    """Run pg_dump or pg_restore on the database of `using`, its password in the environment."""
    database = connections[using].settings_dict
    command = [tool, "--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command += [option, str(database[key])]
    environment = {**os.environ}
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    try:
        run = subprocess.run(
            [*command, *arguments], env=environment, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(f"{tool} is not installed (postgresql-client)") from error
    if run.returncode != 0:
        lines = run.stderr.strip().splitlines() or [f"exit status {run.returncode}"]
        raise BackupError(f"{tool}: {lines[0]}")
