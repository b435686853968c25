"""manage.py export_issues: files, standard output, and one-line errors that write nothing."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def export(*arguments, **kwargs):
    call_command("export_issues", *arguments, "--no-progress", **kwargs)


def test_csv_to_a_file(tmp_path, seed_issue):
    path = tmp_path / "issues.csv"
    export("--periodical", "dangyuan-zhiyou", "--format", "csv", "--output", str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 37
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left beside it


def test_xlsx_to_standard_output_is_bytes(seed_issue):
    stdout = io.TextIOWrapper(io.BytesIO())
    export("--periodical", "dangyuan-zhiyou", "--format", "xlsx", "--output", "-", stdout=stdout)
    workbook = load_workbook(io.BytesIO(stdout.buffer.getvalue()))
    assert workbook["文章"].max_row == 38


def test_year_and_date_range_choose_the_issues(tmp_path, seed_issue):
    path = tmp_path / "issues.json"

    def dates(*period):
        export("--periodical", "dangyuan-zhiyou", *period, "--format", "json", "--output", path)
        return [d["issue"]["publication_date"] for d in json.loads(path.read_text())["issues"]]

    assert dates("--year", "2025") == ["2025-03-28"]
    assert dates("--year", "2024") == []
    assert dates("--from", "2025-03-01", "--to", "2025-03-31") == ["2025-03-28"]
    assert dates("--from", "2025-04-01") == []


def test_progress_bar_on_standard_error(tmp_path, seed_issue):
    stderr = io.StringIO()
    call_command(
        "export_issues", "--periodical", "dangyuan-zhiyou", "--format", "xml",
        "--output", str(tmp_path / "x.xml"), "--progress", stderr=stderr,
    )  # fmt: skip
    assert "1/1" in stderr.getvalue()


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["--periodical", "no-such", "--format", "csv"], "no-such"),
        (["--periodical", "dangyuan-zhiyou", "--format", "pdf"], "pdf"),
        (
            ["--periodical", "dangyuan-zhiyou", "--format", "csv", "--from", "2025-02-30"],
            "2025-02-30",
        ),
        (["--periodical", "dangyuan-zhiyou", "--format", "csv", "--year", "next"], "next"),
        (
            [
                "--periodical",
                "dangyuan-zhiyou",
                "--format",
                "csv",
                "--from",
                "2025-06-01",
                "--to",
                "2025-01-01",
            ],
            "--from",
        ),
        (
            [
                "--periodical",
                "dangyuan-zhiyou",
                "--format",
                "csv",
                "--year",
                "2025",
                "--to",
                "2025-06-01",
            ],
            "--year",
        ),
    ],
)
def test_a_bad_option_is_a_one_line_error_and_writes_nothing(tmp_path, arguments, reason):
    path = tmp_path / "out.csv"
    with pytest.raises(CommandError) as caught:
        export(*arguments, "--output", str(path))
    assert "\n" not in str(caught.value) and reason in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_path_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="missing"):
        export(
            "--periodical",
            "dangyuan-zhiyou",
            "--format",
            "csv",
            "--output",
            str(tmp_path / "missing" / "x.csv"),
        )


def test_a_failing_export_leaves_no_half_written_file(tmp_path, seed_issue, monkeypatch):
    path = tmp_path / "issues.json"
    path.write_bytes(b"the previous export")

    def broken(*args, **kwargs):
        yield b'{"format": '
        raise RuntimeError("the database went away")

    monkeypatch.setattr("exports.management.commands.export_issues.export_chunks", broken)
    with pytest.raises(RuntimeError):
        export("--periodical", "dangyuan-zhiyou", "--format", "json", "--output", str(path))
    assert list(tmp_path.iterdir()) == [path]
    assert path.read_bytes() == b"the previous export"
