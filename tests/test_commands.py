"""Management commands: the seed loader, the local admin, migrations in step with the models."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from contributors.models import Contributor
from issues.models import Issue
from periodical.models import Periodical
from tests.factories import withdraw_to_draft

pytestmark = pytest.mark.django_db

SEED_DIR = Path(settings.SEED_DATA_DIR)


def counts():
    return (Issue.objects.count(), Article.objects.count(), Contributor.objects.count())


def test_loading_the_seed_data_again_changes_nothing(seed_issue):
    before = counts()
    out = io.StringIO()
    call_command("load_seed_data", stdout=out)
    assert counts() == before
    assert "already present" in out.getvalue()


def test_reset_updates_a_seed_issue_that_was_edited_in_place(seed_issue):
    withdraw_to_draft(seed_issue)  # a published issue refuses a changed document (issues.locks)
    seed_issue.articles.filter(start_page=1).update(title="被误改的标题")
    call_command(
        "load_seed_data",
        str(SEED_DIR / "dangyuan-zhiyou-2025-03.yaml"),
        "--reset",
        stdout=io.StringIO(),
    )
    rebuilt = Issue.objects.get(periodical__slug="dangyuan-zhiyou", year=2025, number=3)
    assert rebuilt.pk == seed_issue.pk
    assert rebuilt.articles.get(start_page=1).title == "促进区域协调发展 更好建设美丽新疆"
    assert rebuilt.articles.count() == 37


def broken_copy(tmp_path, old: str, new: str) -> Path:
    (tmp_path / "seed").mkdir()
    (tmp_path / "seeds").symlink_to(SEED_DIR.parent / "seeds")
    source = (SEED_DIR / "dangyuan-zhiyou-2025-03.yaml").read_text(encoding="utf-8")
    path = tmp_path / "seed" / "broken.yaml"
    # Another periodical (its own slug and ISSN) so that only the change under test is wrong.
    source = source.replace("slug: dangyuan-zhiyou", "slug: broken-copy")
    source = source.replace("issn: 2096-7462", "issn: 0317-8471")
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("issn: 0317-8471", "issn: 0317-8472", "ISSN"),
        ("start_page: 64\n    end_page: null", "start_page: 64\n    end_page: 60", "页"),
        ("body_lines: 1508-1514", "body_lines: 1508-9999", "past the end"),
        ("start_page: 64\n", "start_page: sixty-four\n", "articles[35].start_page"),
        ("        role: author", "        role: writer", "article p001, author 1: role"),
        ("    kind: pen_name", "    kind: ghost", "contributor 辛组研: kind"),
    ],
)
def test_a_bad_seed_file_is_a_one_line_error_and_writes_nothing(tmp_path, old, new, reason):
    path = broken_copy(tmp_path, old, new)
    before = counts()
    with pytest.raises(CommandError) as caught:
        call_command("load_seed_data", str(path), stdout=io.StringIO())
    message = str(caught.value)
    assert "\n" not in message and "broken.yaml" in message and reason in message
    assert counts() == before
    assert not Periodical.objects.filter(slug="broken-copy").exists()


def test_ensure_local_admin_prints_a_login_that_works(tmp_path, settings, client):
    settings.BASE_DIR = tmp_path
    settings.DEBUG = True
    out = io.StringIO()
    call_command("ensure_local_admin", stdout=out)
    call_command("ensure_local_admin", stdout=out)
    first, second = out.getvalue().strip().splitlines()
    assert first == second
    password = first.rsplit("password: ", 1)[1]
    response = client.post("/admin/login/", {"username": "admin", "password": password})
    assert response.status_code == 302 and client.get("/admin/").status_code == 200


def test_migrations_are_in_step_with_the_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())
