"""Importing a print issue's text into the database: one draft, written whole or not at all."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from contributors.models import Contributor
from documents.contents import Contents
from documents.document import IssueDocument
from documents.reading import read_file
from exports.documents import issue_document, periodical_part
from exports.reading import read_issue
from imports.measure import score, unexplained
from imports.report import Kind
from imports.services import ImportRefused, issue_import
from issues.models import Issue
from periodical.models import Column, MastheadRole, Periodical
from tests.factories import unrecorded

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT / "fixtures/seeds/001_f298dd8e9d14375d.txt"
SEED_RECORDS = ROOT / "fixtures/seed/dangyuan-zhiyou-2025-03.yaml"


@pytest.fixture
def text() -> str:
    return SEED_TEXT.read_text(encoding="utf-8")


@pytest.fixture
def empty_magazine(db) -> Periodical:
    """《党员之友》 in a database that holds nothing else: no issue, no contributor."""
    with unrecorded():
        Issue.objects.all().delete()
        Column.objects.all().delete()
        MastheadRole.objects.all().delete()
        Contributor.objects.all().delete()
        Periodical.objects.exclude(slug="dangyuan-zhiyou").delete()
    return Periodical.objects.get(slug="dangyuan-zhiyou")


@pytest.fixture
def other_magazine(db) -> Periodical:
    """A periodical with no issue 2025·3, beside the seed data."""
    return Periodical.objects.create(
        slug="other", name="党员之友", kind="magazine", frequency="monthly"
    )


def exported(issue: Issue) -> IssueDocument:
    return issue_document(
        read_issue(issue, with_texts=True, full=True), periodical_part(issue.periodical)
    )


def test_importing_the_seed_issue_into_an_empty_database_matches_its_fixture(empty_magazine, text):
    result = issue_import(text=text, periodical=empty_magazine, source_name=SEED_TEXT.name)

    issue = result.issue
    assert result.created and issue.status == Issue.Status.DRAFT
    [(_name, wanted)] = read_file(SEED_RECORDS)
    written = exported(issue)
    assert all(not (r.missing or r.extra) for r in score(wanted, written))
    assert unexplained(wanted, written, result.report) == []
    assert issue.articles.count() == 37


def test_a_name_one_character_off_is_proposed_never_merged(empty_magazine, text):
    result = issue_import(text=text, periodical=empty_magazine)

    # 夏琰祯 (p.25) is a misprint of 夏珑祯: two contributors until an editor merges them.
    assert Contributor.objects.filter(name__in=["夏琰祯", "夏珑祯"]).count() == 2
    proposals = [item for item in result.report.items if item.kind == Kind.NAME_NEAR_MATCH]
    assert any("夏琰祯" in item.message and "夏珑祯" in item.message for item in proposals)
    # Two-character names differ by half their length: never proposed (王伟 is not 王新萍).
    assert not any(item.text == "王伟" for item in proposals)


def test_a_known_variant_resolves_to_its_contributor(other_magazine, text):
    editor = Contributor.objects.get(name="夏珑祯")  # the seed data knows 夏琰祯 as a variant

    result = issue_import(text=text, periodical=other_magazine)

    article = result.issue.articles.get(start_page=25)
    assert article.responsible_editor == editor and article.responsible_editor_name == "夏琰祯"
    assert not any(
        item.kind == Kind.NEW_CONTRIBUTOR and item.text == "夏琰祯" for item in result.report.items
    )


def test_reimporting_updates_the_same_draft(other_magazine, text):
    first = issue_import(text=text, periodical=other_magazine).issue
    Article.objects.filter(issue=first, start_page=58).update(title="改过的标题")

    second = issue_import(text=text, periodical=other_magazine)

    assert not second.created and second.issue.pk == first.pk
    assert Issue.objects.filter(periodical=other_magazine).count() == 1
    assert second.issue.articles.count() == 37
    assert second.issue.articles.get(start_page=58).title == "春回阿克陶"


def test_a_published_issue_is_refused_and_left_as_it_was(seed_issue, text):
    before = list(seed_issue.articles.values_list("pk", "title"))

    with pytest.raises(ImportRefused) as refused:
        issue_import(text=text, periodical=seed_issue.periodical)

    assert "2025" in str(refused.value)
    assert list(seed_issue.articles.values_list("pk", "title")) == before


def test_a_dry_run_writes_nothing(other_magazine, text):
    contributors = Contributor.objects.count()

    result = issue_import(text=text, periodical=other_magazine, dry_run=True)

    assert result.issue is None and result.created
    assert len(result.document.articles) == 37
    assert not Issue.objects.filter(periodical=other_magazine).exists()
    assert Contributor.objects.count() == contributors


def test_a_failure_while_writing_leaves_no_half_written_issue(other_magazine, text, monkeypatch):
    contributors = Contributor.objects.count()

    def broken(self, document, articles):
        raise ValueError("disk full")

    monkeypatch.setattr(Contents, "_highlights", broken)
    with pytest.raises(ValueError):
        issue_import(text=text, periodical=other_magazine)

    assert not Issue.objects.filter(periodical=other_magazine).exists()
    assert Contributor.objects.count() == contributors


def test_the_command_imports_and_writes_its_report(other_magazine, tmp_path, capsys):
    report = tmp_path / "report.tsv"

    call_command("import_issue", str(SEED_TEXT), periodical="other", report=str(report))

    assert Issue.objects.get(periodical=other_magazine).articles.count() == 37
    lines = report.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("1522\t") for line in lines)  # the article the 目录 omits
    assert "37" in capsys.readouterr().out


@pytest.mark.parametrize("content", [b"", "本报讯 一则消息。".encode(), b"\xff\xfe\x00bad"])
def test_the_command_refuses_a_non_issue_with_one_line_and_writes_nothing(
    other_magazine, tmp_path, content
):
    path = tmp_path / "issue.txt"
    path.write_bytes(content)

    with pytest.raises(CommandError) as refused:
        call_command("import_issue", str(path), periodical="other")

    assert "\n" not in str(refused.value)
    assert not Issue.objects.filter(periodical=other_magazine).exists()


def test_a_text_over_the_size_limit_is_refused_by_the_service(other_magazine, text, settings):
    settings.IMPORT_MAX_BYTES = len(text.encode()) - 1

    with pytest.raises(ImportRefused, match="导入只接受不超过"):
        issue_import(text=text, periodical=other_magazine)

    assert not Issue.objects.filter(periodical=other_magazine).exists()


def test_the_command_refuses_a_text_over_the_size_limit_with_one_line(
    other_magazine, settings, capsys
):
    settings.IMPORT_MAX_BYTES = SEED_TEXT.stat().st_size - 1

    with pytest.raises(CommandError) as refused:
        call_command("import_issue", str(SEED_TEXT), periodical="other")

    assert "\n" not in str(refused.value) and "IMPORT_MAX_BYTES" in str(refused.value)
    assert not Issue.objects.filter(periodical=other_magazine).exists()


def test_the_command_needs_a_known_periodical(db):
    with pytest.raises(CommandError, match="nowhere"):
        call_command("import_issue", str(SEED_TEXT), periodical="nowhere")


def test_a_known_contributor_is_evidence_that_a_word_after_a_toc_title_is_its_author(
    empty_magazine,
):
    """A rare surname the body prints no byline for: the contributor the database knows (here
    by a name variant) makes the word after the 目录 title an author, credited to that person."""
    layout = ROOT / "tests/imports/layouts/people_2021_06.txt"
    title = "一座纪念馆里的百年记忆"
    text = layout.read_text(encoding="utf-8").replace(f"{title}\n\n笪丽萍\n", f"{title}\n")
    result = issue_import(text=text, periodical=empty_magazine, dry_run=True)
    [article] = [a for a in result.document.articles if a.start_page == 8]
    assert article.authors == ()
    with unrecorded():
        person = Contributor.objects.create(name="笪莉萍")
        person.name_variants.create(name="笪丽萍")
    result = issue_import(text=text, periodical=empty_magazine)
    article = Article.objects.get(issue=result.issue, start_page=8)
    assert article.title == title
    assert [a.contributor_id for a in article.authorships.all()] == [person.pk]
