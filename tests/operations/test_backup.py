"""Backups restore: the catalogue, its change records and import records, and the media files.

SQLite end to end through `manage.py backup` and `manage.py restore` on a database file;
PostgreSQL by dumping the test database (pg_dump -Fc, as `backup` does) and restoring it into
a fresh database with pg_restore, as the README's procedure says.
"""

import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from imports.models import IssueImport
from operations.backup import POSTGRES_FILE, backup_create
from periodical.models import Periodical

ROOT = Path(__file__).resolve().parents[2]

# What a restore must give back, table by table: the 目录 rows (articles in their place),
# the masthead, the change records and the import records. Plain SQL, for both databases.
SNAPSHOT = {
    "目录": "SELECT issue_id, column_id, toc_order, start_page, title FROM articles_article",
    "masthead": 'SELECT issue_id, role_id, "order", credited_name FROM issues_mastheadentry',
    "change records": "SELECT id, action, content_type_id, object_id, object_repr, issue_id "
    "FROM audit_changerecord",
    "import records": "SELECT id, file_name, status, periodical_id FROM imports_issueimport",
}

CREATE_IMPORT_RECORD = """
from imports.models import IssueImport
from periodical.models import Periodical
IssueImport.objects.create(
    periodical=Periodical.objects.get(slug="dangyuan-zhiyou"), file_name="2025-03.txt", text="…"
)
"""
# An editor's bad afternoon after the backup: the seed issue's articles and the import record
# deleted (recorded, so the change records differ too).
DELETE_AFTER_BACKUP = """
from articles.models import Article
from imports.models import IssueImport
Article.objects.filter(issue__year=2025, issue__number=3).delete()
IssueImport.objects.all().delete()
"""


def snapshot(execute) -> dict[str, list[tuple]]:
    return {name: sorted(map(tuple, execute(sql)), key=repr) for name, sql in SNAPSHOT.items()}


def sqlite_snapshot(path: Path) -> dict[str, list[tuple]]:
    database = sqlite3.connect(path)
    try:
        return snapshot(lambda sql: database.execute(sql).fetchall())
    finally:
        database.close()


def manage(*arguments: str, env: dict) -> str:
    run = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def committed(work):
    """Run `work` on a connection of its own, committed: visible to pg_dump's session."""
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(30)
    return outcome["value"]


@pytest.mark.django_db
def test_a_sqlite_backup_restores_the_data_its_records_and_the_media(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backup; PostgreSQL's is the test below")
    database, media = tmp_path / "db.sqlite3", tmp_path / "media"
    cover = media / "covers/2025/344.jpg"
    cover.parent.mkdir(parents=True)
    cover.write_bytes(b"\xff\xd8 a cover")
    # A database file with the seed data, as `make run` builds it. Not a copy of the test's
    # in-memory database: the test's connection holds a write transaction (BEGIN IMMEDIATE)
    # open on it, which a backup from another connection would wait for forever.
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_MEDIA_ROOT": str(media)}
    manage("migrate", "--no-input", env=env)
    manage("load_seed_data", env=env)
    manage("shell", "-c", CREATE_IMPORT_RECORD, env=env)
    before = sqlite_snapshot(database)
    assert all(before.values())

    folder = Path(manage("backup", "--output", str(tmp_path / "backups"), env=env).strip())
    manage("shell", "-c", DELETE_AFTER_BACKUP, env=env)
    cover.unlink()
    changed = sqlite_snapshot(database)
    assert not changed["import records"] and len(changed["目录"]) < len(before["目录"])
    assert len(changed["change records"]) > len(before["change records"])

    manage("restore", str(folder), "--no-input", env=env)

    assert sqlite_snapshot(database) == before
    assert cover.read_bytes() == b"\xff\xd8 a cover"


def test_restore_asks_first_and_refuses_a_folder_that_is_no_backup(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    run = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path), "--no-input"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1 and "database.sqlite3 is missing" in run.stderr


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_postgres_dump_restores_into_a_fresh_database(tmp_path):
    settings = connection.settings_dict
    fresh = f"{settings['NAME']}_restored"
    server = {"host": settings["HOST"], "port": settings["PORT"] or 5432, "user": settings["USER"]}
    if settings["PASSWORD"]:
        server["password"] = settings["PASSWORD"]
    record = committed(
        lambda: IssueImport.objects.create(
            periodical=Periodical.objects.get(slug="dangyuan-zhiyou"),
            file_name="备份.txt",
            text="…",
        )
    )
    try:
        backup = backup_create(output=tmp_path)  # pg_dump -Fc of the test database
        with psycopg.connect(dbname=settings["NAME"], **server) as source:
            before = snapshot(lambda sql: source.execute(sql).fetchall())
    finally:
        committed(lambda: IssueImport.objects.filter(pk=record.pk).delete())
    assert backup.database.name == POSTGRES_FILE
    assert all(before.values()) and "备份.txt" in str(before["import records"])

    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restore = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", fresh,
             "--host", server["host"], "--port", str(server["port"]), "--username", server["user"],
             str(backup.database)],
            env={**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""},
            capture_output=True,
            text=True,
        )  # fmt: skip
        assert restore.returncode == 0, restore.stderr
        with psycopg.connect(dbname=fresh, **server) as restored:
            after = snapshot(lambda sql: restored.execute(sql).fetchall())
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')

    assert after == before
