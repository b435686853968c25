"""Loading an issue document: an issue already present is updated in place, its articles
found again (documents/matching.py), so that their ids, notes and history survive; an
unchanged document writes nothing; the number of queries does not grow with the issue."""

import dataclasses
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from audit.models import ChangeRecord
from documents.document import ArticlePart
from documents.reading import read_file
from documents.services import issue_document_load
from imports.report import Kind
from imports.services import issue_import
from issues.models import Issue
from periodical.models import Periodical
from tests.factories import withdraw_to_draft

ROOT = Path(settings.BASE_DIR)
SEED_TEXT = ROOT / "fixtures/seeds/001_f298dd8e9d14375d.txt"
MAGAZINE = Path(settings.SEED_DATA_DIR) / "dangyuan-zhiyou-2025-03.yaml"
WRITES = ("INSERT", "UPDATE", "DELETE")

pytestmark = pytest.mark.django_db


@pytest.fixture
def text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture
def other_magazine(db) -> Periodical:
    """A periodical with no issue 2025·3, beside the seed data."""
    return Periodical.objects.create(
        slug="other", name="党员之友", kind="magazine", frequency="monthly"
    )


@pytest.fixture
def draft(other_magazine, text) -> Issue:
    """The seed text imported once into `other_magazine`: a draft of 37 articles."""
    return issue_import(text=text, periodical=other_magazine).issue


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]


def article_ids(issue: Issue) -> dict[int, str]:
    return dict(issue.articles.values_list("pk", "title"))


def test_reimporting_keeps_every_article_its_id_and_an_editors_note(
    draft, other_magazine, text, editor_api
):
    before = article_ids(draft)
    noted = draft.articles.get(start_page=58)
    Article.objects.filter(pk=noted.pk).update(note="图片待核实（编辑）")
    history = ChangeRecord.objects.for_object(noted).count()

    result = issue_import(text=text, periodical=other_magazine)

    assert result.issue.pk == draft.pk and not result.created
    assert article_ids(draft) == before
    assert len(result.matched) == 37 and not result.created_articles
    assert not result.deleted_articles
    noted.refresh_from_db()
    assert noted.note == "图片待核实（编辑）"
    assert ChangeRecord.objects.for_object(noted).count() == history  # kept, none added
    for pk in list(before)[:5] + [noted.pk]:
        assert editor_api.get(f"/api/v1/articles/{pk}/").status_code == 200


def test_an_unchanged_reimport_writes_nothing(draft, other_magazine, text):
    draft.refresh_from_db()
    records = ChangeRecord.objects.count()

    with CaptureQueriesContext(connection) as queries:
        issue_import(text=text, periodical=other_magazine)

    assert writes(queries) == []
    assert ChangeRecord.objects.count() == records
    assert Issue.objects.get(pk=draft.pk).content_changed_at == draft.content_changed_at


def test_an_unchanged_reload_of_a_seed_issue_writes_nothing(seed_issue):
    before, records = article_ids(seed_issue), ChangeRecord.objects.count()

    with CaptureQueriesContext(connection) as queries:
        call_command("load_seed_data", str(MAGAZINE), "--reset", stdout=io.StringIO())

    assert writes(queries) == []
    assert ChangeRecord.objects.count() == records
    assert Issue.objects.get(pk=seed_issue.pk).content_changed_at == seed_issue.content_changed_at
    assert article_ids(seed_issue) == before


def test_reset_puts_back_what_the_document_says_in_place(seed_issue):
    withdraw_to_draft(seed_issue)  # a published issue refuses the load (see below)
    article = seed_issue.articles.get(start_page=28)  # its document gives no note
    title = article.title
    Article.objects.filter(pk=article.pk).update(title="被误改的标题", note="编辑的备注")
    records = ChangeRecord.objects.for_object(article).count()
    changed_at = Issue.objects.get(pk=seed_issue.pk).content_changed_at
    out = io.StringIO()

    call_command("load_seed_data", str(MAGAZINE), "--reset", stdout=out)

    article.refresh_from_db()
    assert article.title == title
    assert article.note == "编辑的备注"  # the document has no note for it: the editor's stays
    assert seed_issue.articles.count() == 37
    # Found again by its place in the 目录 and its page, and reported as such.
    assert f"matched by place and page: {title}" in out.getvalue()
    assert "1 changed" in out.getvalue()
    title_records = ChangeRecord.objects.for_object(article).order_by("pk")
    assert title_records.count() == records + 1
    assert "title" in title_records.last().changes_dict
    assert Issue.objects.get(pk=seed_issue.pk).content_changed_at > changed_at


def seed_document():
    [(_name, document)] = read_file(MAGAZINE)
    return document


def test_a_vanished_article_is_deleted_a_new_one_created_and_both_reported(seed_issue):
    withdraw_to_draft(seed_issue)  # a published issue refuses the load (see below)
    document = seed_document()
    gone = document.articles[5]
    added = ArticlePart(key="new", title="新增的文章", column=gone.column, toc_order=99)
    kept = {pk for pk, title in article_ids(seed_issue).items() if title != gone.title}
    changed = dataclasses.replace(
        document, articles=tuple(a for a in document.articles if a is not gone) + (added,)
    )

    result = issue_document_load(document=changed, update=True)

    assert result.deleted_articles == [gone.title]
    assert result.created_articles == ["新增的文章"]
    ids = article_ids(seed_issue)
    assert kept < set(ids) and gone.title not in ids.values()
    assert [title for pk, title in ids.items() if pk not in kept] == ["新增的文章"]
    new = Article.objects.get(title="新增的文章")
    assert ChangeRecord.objects.for_object(new).filter(action=0, object_id=new.pk).count() == 1
    assert Article.objects.search("新增的文章").filter(pk=new.pk).exists()  # made searchable


def test_loading_a_changed_document_over_a_published_issue_is_refused_and_writes_nothing(
    seed_issue,
):
    article = seed_issue.articles.get(start_page=28)
    title = article.title
    Article.objects.filter(pk=article.pk).update(title="被误改的标题")
    records = ChangeRecord.objects.count()
    with pytest.raises(CommandError, match="已出版"):
        call_command("load_seed_data", str(MAGAZINE), "--reset", stdout=io.StringIO())
    assert Article.objects.get(pk=article.pk).title == "被误改的标题" != title
    assert ChangeRecord.objects.count() == records
    # Loading it unchanged writes nothing and is not refused.
    Article.objects.filter(pk=article.pk).update(title=title)
    call_command("load_seed_data", str(MAGAZINE), "--reset", stdout=io.StringIO())


def test_the_importer_reports_what_a_reimport_created_and_deleted(draft, other_magazine, text):
    draft.articles.filter(start_page=58).delete()
    extra = Article.objects.create(issue=draft, title="编辑部加的文章", start_page=70)
    out = io.StringIO()

    call_command("import_issue", str(SEED_TEXT), periodical="other", stdout=out)

    assert not Article.objects.filter(pk=extra.pk).exists()
    assert draft.articles.filter(start_page=58, title="春回阿克陶").exists()
    output = out.getvalue()
    assert "36 kept, 1 new, 1 deleted" in output
    assert "new: 春回阿克陶" in output and "deleted: 编辑部加的文章" in output
    # A dry run (the admin's preview) reports the same before anything is written.
    Article.objects.create(issue=draft, title="又一篇", start_page=71)
    preview = issue_import(text=text, periodical=other_magazine, dry_run=True)
    reported = {(item.kind, item.text) for item in preview.report.items}
    assert (Kind.ARTICLE_DELETED, "又一篇") in reported
    assert Article.objects.filter(title="又一篇").exists()


def test_an_import_and_a_reimport_stay_within_their_query_ceilings(other_magazine, text):
    with CaptureQueriesContext(connection) as first:
        draft = issue_import(text=text, periodical=other_magazine).issue
    Article.objects.filter(issue=draft, toc_order__in=[3, 10]).update(title="改过的标题")
    draft.articles.filter(toc_order=20).delete()
    with CaptureQueriesContext(connection) as changed:
        issue_import(text=text, periodical=other_magazine)
    with CaptureQueriesContext(connection) as unchanged:
        issue_import(text=text, periodical=other_magazine)

    assert len(first) <= 250
    assert len(changed) <= 300
    assert len(unchanged) <= 300
    assert draft.articles.count() == 37


def test_a_malformed_seed_file_exits_with_one_line_and_no_traceback(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("periodical: {slug: x}\nissue: {year: 2025, number: drei}\n")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}

    run = subprocess.run(
        [sys.executable, "manage.py", "load_seed_data", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.strip() == (
        "CommandError: broken.yaml: issue.number: not a whole number: 'drei'"
    )


def test_several_documents_of_a_file_load_all_or_nothing(tmp_path, seed_issue):
    from exports.services import export_chunks, issues_for_export

    path = tmp_path / "issues.json"
    path.write_bytes(b"".join(export_chunks("json", issues_for_export())))
    content = path.read_text(encoding="utf-8").replace('"slug": "', '"slug": "copy-')
    content = content.replace('"issn": "2096-7462"', '"issn": ""')
    # The last document's last article ends before it starts: the model refuses it.
    head, tail = content.rsplit('"end_page": null', 1)
    path.write_text(head + '"end_page": 0' + tail, encoding="utf-8")
    issues = Issue.objects.count()

    with pytest.raises(CommandError) as caught:
        call_command("load_seed_data", str(path), stdout=io.StringIO())

    assert "\n" not in str(caught.value) and "document 4" in str(caught.value)
    assert Issue.objects.count() == issues
    assert not Periodical.objects.filter(slug__startswith="copy-").exists()
