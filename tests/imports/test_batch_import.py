"""The back catalogue in one run: many files and folders, texts and PDFs, each issue on its own."""

import io
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from reportlab.pdfgen import canvas

from articles.models import Article
from documents.writing import document_as_json
from imports.models import IssueImport
from imports.services import issue_import
from imports.sources import UnreadableSource, pdf_text, source_text
from issues.models import Issue
from issues.services import issue_publish
from periodical.models import Periodical
from tests.factories import sign_off_issue
from tests.imports.print_pdf import print_pdf
from tests.imports.test_admin_upload import user_with

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = (ROOT / "fixtures/seeds/001_f298dd8e9d14375d.txt").read_text(encoding="utf-8")
# A small issue: the seed's cover, 卷首语, 目录 and masthead, and the first two articles.
SMALL_ISSUE = "\n".join(SEED_TEXT.split("\n")[:336]) + "\n"

pytestmark = pytest.mark.django_db


def issue_text(year: int, number: int, text: str = SEED_TEXT) -> str:
    """The seed issue's text as if it were the issue `year`·`number` of the back catalogue."""
    return text.replace("2025·3", f"{year}·{number}", 1).replace(
        "总第344期", f"总第{(year - 1997) * 12 + number}期", 1
    )


@pytest.fixture
def other(db) -> Periodical:
    """A periodical with no issues beside the seed data."""
    return Periodical.objects.create(
        slug="other", name="党员之友", kind="magazine", frequency="monthly"
    )


@pytest.fixture
def catalogue(tmp_path) -> Path:
    """A folder of three issue texts, one in a sub-folder, and a file that is no issue."""
    (tmp_path / "2023").mkdir()
    (tmp_path / "2024-01.txt").write_text(issue_text(2024, 1), encoding="utf-8")
    (tmp_path / "2024-02.txt").write_text(issue_text(2024, 2), encoding="utf-8")
    (tmp_path / "2023" / "2023-12.txt").write_text(issue_text(2023, 12), encoding="utf-8")
    (tmp_path / "broken.txt").write_text("本报讯 这不是一期刊物。\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not read: neither .txt nor .pdf\n", encoding="utf-8")
    return tmp_path


def run(*paths, **options) -> tuple[str, CommandError | None]:
    """The command's standard output and the error it ended with (None: exit code 0)."""
    out = StringIO()
    try:
        call_command("import_issue", *map(str, paths), periodical="other", stdout=out, **options)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def issues_of(periodical) -> list[str]:
    return sorted(issue.label for issue in Issue.objects.filter(periodical=periodical))


class TestCommand:
    def test_a_bad_file_fails_alone_the_others_are_imported_and_the_exit_is_non_zero(
        self, other, catalogue
    ):
        output, error = run(catalogue)

        assert issues_of(other) == ["2023年第12期", "2024年第1期", "2024年第2期"]
        assert error is not None and "1 of 4" in str(error) and "\n" not in str(error)
        for name in ("2024-01.txt", "2024-02.txt", "2023-12.txt", "broken.txt"):
            assert name in output
        assert "notes.md" not in output
        broken = next(line for line in output.splitlines() if line.startswith("broken.txt"))
        assert "未找到带页码的目录" in broken  # its one-line reason, in the table
        assert Article.objects.filter(issue__periodical=other).count() == 3 * 37

    def test_a_run_again_skips_the_unchanged_issues(self, other, catalogue):
        run(catalogue)
        changed_at = {i.pk: i.content_changed_at for i in Issue.objects.filter(periodical=other)}
        imported = IssueImport.objects.filter(status=IssueImport.Status.IMPORTED)
        records = imported.count()

        output, _error = run(catalogue)

        assert output.count("未变") == 3, output  # 跳过：自导入以来未变
        assert imported.count() == records  # not imported again
        assert {
            i.pk: i.content_changed_at for i in Issue.objects.filter(periodical=other)
        } == changed_at

    def test_an_edited_text_updates_its_draft_in_place_keeping_the_article_ids(
        self, other, tmp_path
    ):
        path = tmp_path / "2024-01.txt"
        path.write_text(issue_text(2024, 1), encoding="utf-8")
        run(path)
        issue = Issue.objects.get(periodical=other)
        ids = dict(issue.articles.values_list("title", "pk"))
        edited = issue_text(2024, 1).replace(
            "社区“小食堂”撬动居民“大民生”", "社区“小饭桌”撬动居民“大民生”"
        )
        path.write_text(edited, encoding="utf-8")

        output, error = run(path)

        assert error is None and "原地更新" in output, output
        assert Issue.objects.get(periodical=other).pk == issue.pk
        after = dict(issue.articles.values_list("title", "pk"))
        assert "社区“小饭桌”撬动居民“大民生”" in after
        assert "社区“小食堂”撬动居民“大民生”" not in after
        assert sorted(after.values()) == sorted(ids.values())  # every article kept its id
        assert after["社区“小饭桌”撬动居民“大民生”"] == ids["社区“小食堂”撬动居民“大民生”"]

    def test_a_published_issue_is_skipped_not_overwritten(self, other, tmp_path):
        path = tmp_path / "2024-01.txt"
        path.write_text(issue_text(2024, 1), encoding="utf-8")
        run(path)
        issue = Issue.objects.get(periodical=other)
        sign_off_issue(issue)
        issue = issue_publish(issue=issue)
        path.write_text(issue_text(2024, 1).replace("小食堂", "小饭桌"), encoding="utf-8")
        (tmp_path / "2024-02.txt").write_text(issue_text(2024, 2), encoding="utf-8")

        output, error = run(tmp_path)

        assert error is None  # a published issue is no failure of the file
        line = next(line for line in output.splitlines() if line.startswith("2024-01.txt"))
        assert "已发布" in line
        assert issue.articles.filter(title__contains="小饭桌").count() == 0
        assert issues_of(other) == ["2024年第1期", "2024年第2期"]

    def test_the_progress_bar_counts_the_files(self, other, catalogue):
        errors = StringIO()

        run(catalogue, progress=True, stderr=errors)

        assert "4/4" in errors.getvalue()

    def test_report_writes_one_report_per_issue_into_a_folder(self, other, catalogue, tmp_path):
        reports = tmp_path / "reports"

        run(catalogue, report=str(reports))

        assert sorted(path.name for path in reports.iterdir()) == [
            "2023-12.tsv", "2024-01.tsv", "2024-02.tsv",
        ]  # fmt: skip
        lines = (reports / "2024-01.tsv").read_text(encoding="utf-8").splitlines()
        assert any(line.startswith("1522\t") for line in lines)  # the article the 目录 omits

    @pytest.mark.parametrize("dry_run", [False, True])
    def test_index_after_builds_the_search_indexes_once_around_the_whole_run(
        self, other, catalogue, monkeypatch, dry_run
    ):
        """The articles are written inside the block in which the search indexes are dropped
        (tests/articles/test_search.py shows what the block does), once for the run; a dry
        run writes nothing and leaves the indexes alone."""
        imported_inside = []

        @contextmanager
        def built_after():
            imported_inside.append(Article.objects.count())
            yield
            imported_inside.append(Article.objects.count())

        monkeypatch.setattr("imports.batch.search_indexes_built_after", built_after)
        before = Article.objects.count()

        run(catalogue, index_after=True, dry_run=dry_run)

        if dry_run:
            assert imported_inside == []
        else:
            assert imported_inside == [before, Article.objects.count()]
            assert Article.objects.count() > before
            assert issues_of(other) == ["2023年第12期", "2024年第1期", "2024年第2期"]

    def test_a_dry_run_reads_every_file_and_writes_nothing(self, other, catalogue):
        output, error = run(catalogue, dry_run=True)

        assert error is not None and "1 of 4" in str(error)
        assert output.count("试读") == 3, output
        assert not Issue.objects.filter(periodical=other).exists()
        assert not IssueImport.objects.exists()


class TestPdf:
    def test_a_print_pdf_reads_as_the_text_pdftotext_gives(self):
        text = pdf_text(print_pdf(SMALL_ISSUE))

        assert "\f" in text  # pages end with a form feed
        lines = [line for line in text.replace("\f", "").split("\n")]
        expected = [line.strip() for line in SMALL_ISSUE.split("\n")]
        assert [line for line in lines if line] == [line for line in expected if line]
        assert "2025·3" in lines and "总第344期" in lines

    def test_a_print_pdf_imports_as_its_text_does(self, other, tmp_path):
        (tmp_path / "2025-03.pdf").write_bytes(print_pdf(SMALL_ISSUE))
        from_text = issue_import(text=SMALL_ISSUE, periodical=other, dry_run=True)

        output, error = run(tmp_path / "2025-03.pdf")

        assert error is None, output
        record = IssueImport.objects.get(file_name="2025-03.pdf")
        assert record.document == document_as_json(from_text.document)
        issue = Issue.objects.get(periodical=other)
        assert issue.label == "2025年第3期" and issue.cumulative_number == 344
        assert issue.articles.exclude(body="").count() == 5  # 卷首语, the articles of pp. 2-5

    def test_a_broken_pdf_is_refused_with_one_line(self):
        with pytest.raises(UnreadableSource) as refused:
            source_text("broken.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")

        assert refused.value.code == "pdf" and "\n" not in str(refused.value)

    def test_a_pdf_of_pictures_only_is_refused_as_needing_ocr(self):
        output = io.BytesIO()
        page = canvas.Canvas(output)  # a scanned issue: pictures, no text
        page.rect(10, 10, 100, 100, fill=1)
        page.save()

        with pytest.raises(UnreadableSource, match="扫描件") as refused:
            source_text("scan.pdf", output.getvalue())

        assert refused.value.code == "pdf"


class TestAdminUpload:
    @pytest.fixture
    def importer(self, db) -> Client:
        client = Client()
        client.force_login(
            user_with(
                "editor",
                "imports.add_issueimport",
                "issues.add_issue",
                "issues.change_issue",
                "issues.view_issue",
            )  # fmt: skip
        )
        return client

    def test_several_files_are_imported_at_once_with_a_summary_and_each_failure(
        self, importer, other
    ):
        files = [
            SimpleUploadedFile("2024-01.txt", issue_text(2024, 1).encode()),
            SimpleUploadedFile("broken.txt", "本报讯 这不是一期刊物。".encode()),
            SimpleUploadedFile("2025-03.pdf", print_pdf(SMALL_ISSUE)),
            SimpleUploadedFile("gbk.txt", "党员之友".encode("gbk")),
        ]

        response = importer.post(
            reverse("admin:imports_issueimport_upload"),
            {"periodical": other.pk, "text_file": files},
        )

        assert response.status_code == 200
        assert issues_of(other) == ["2024年第1期", "2025年第3期"]
        rows = response.context["rows"]
        assert [row.name for row in rows] == ["2024-01.txt", "broken.txt", "2025-03.pdf", "gbk.txt"]
        assert [row.failed for row in rows] == [False, True, False, True]
        for issue in Issue.objects.filter(periodical=other):
            assert reverse("admin:issues_issue_change", args=[issue.pk]) in response.text
        assert "未找到带页码的目录" in response.text and "UTF-8" in response.text
        assert "2024年第1期" in response.text

    def test_one_file_keeps_the_preview(self, importer, other):
        pdf = SimpleUploadedFile("a.pdf", print_pdf(SMALL_ISSUE))

        response = importer.post(
            reverse("admin:imports_issueimport_upload"), {"periodical": other.pk, "text_file": pdf}
        )

        record = IssueImport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "admin:imports_issueimport_preview", args=[record.pk]
        )
        assert record.status == IssueImport.Status.PREVIEWED
        assert not Issue.objects.filter(periodical=other).exists()
