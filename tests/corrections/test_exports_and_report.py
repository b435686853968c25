"""Corrections in the exports (a sheet, a cell per article) and in the accountability report."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accountability.reports import correction_report
from corrections.services import correction_apply
from corrections.targets import Target
from exports.services import export_chunks, issues_for_export

pytestmark = pytest.mark.django_db

NOTICE = "本文第2段“十万人”应为“十二万人”，特此更正。"


@pytest.fixture
def corrected(article, chief):
    return correction_apply(
        issue=article.issue, article=article, target=Target.BODY, wrong_text="十万人",
        right_text="十二万人", reason="据组织部统计数据更正。", approver=chief,
    )  # fmt: skip


def exported(format_name, issue) -> bytes:
    issues = issues_for_export(issue_ids=[issue.pk])
    return b"".join(export_chunks(format_name, issues, base_url="https://example.org/"))


def test_the_csv_shows_each_articles_corrections(corrected, article):
    content = exported("csv", article.issue).decode("utf-8-sig")
    rows = {row["文章ID"]: row for row in csv.DictReader(io.StringIO(content))}
    assert rows[str(article.pk)]["勘误"] == NOTICE
    assert all(row["勘误"] == "" for key, row in rows.items() if key != str(article.pk))


def test_the_xlsx_has_a_sheet_of_corrections(corrected, article, chief):
    workbook = load_workbook(io.BytesIO(exported("xlsx", article.issue)))
    header, *rows = [list(row) for row in workbook["勘误"].iter_rows(values_only=True)]
    record = dict(zip(header, rows[0], strict=True))
    assert len(rows) == 1
    assert record["文章ID"] == article.pk and record["更正启事"] == NOTICE
    assert (record["错误文字"], record["正确文字"]) == ("十万人", "十二万人")
    assert record["原因"] == "据组织部统计数据更正。" and record["批准人"] == "chief"
    articles = workbook["文章"]
    header = [cell.value for cell in next(articles.iter_rows(max_row=1))]
    assert NOTICE in [row[header.index("勘误")] for row in articles.iter_rows(values_only=True)]


def test_the_accountability_report_lists_each_articles_corrections(corrected, article, chief):
    later = correction_apply(
        issue=article.issue, article=article, target=Target.TITLE, wrong_text="四十",
        right_text="四十一", reason="年数算错。", approver=chief,
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        report = correction_report(periodical=article.issue.periodical)
    assert len(queries) == 1
    [row] = report
    assert (row.article_id, row.title) == (article.pk, "党员之友创刊四十一周年")
    assert [line.id for line in row.corrections] == [later.pk, corrected.pk]  # newest first
    assert row.corrections[1].notice == NOTICE and row.corrections[1].approved_by == "chief"


def test_the_report_page_its_download_and_its_api_show_the_corrections(
    corrected, article, auditor_client, auditor_api
):
    url = reverse("accountability_report")
    slug = article.issue.periodical.slug
    page = auditor_client.get(url, {"periodical": slug})
    assert page.status_code == 200 and NOTICE in page.text
    download = auditor_client.get(url, {"periodical": slug, "download": "csv-corrections"})
    content = b"".join(download.streaming_content).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(content)))
    assert row["更正启事"] == NOTICE and row["原因"] == "据组织部统计数据更正。"
    answer = auditor_api.get("/api/v1/accountability/corrections/", {"periodical": slug})
    assert answer.status_code == 200
    [entry] = answer.json()["articles"]
    assert entry["article_id"] == article.pk and entry["corrections"][0]["notice"] == NOTICE


def test_the_json_export_lists_the_corrections_beside_the_documents(corrected, article):
    content = json.loads(exported("json", article.issue))
    [entry] = content["corrections"]
    assert entry["article"] == {"id": article.pk, "title": article.title}
    assert (entry["notice"], entry["approved_by"]) == (NOTICE, "chief")
    assert "十二万人" in content["issues"][0]["articles"][0]["body"]  # the corrected text


@pytest.mark.postgres
def test_postgresqls_copy_writes_the_notices_python_writes(corrected, article, chief):
    from tests.exports.test_copy import python_rows

    correction_apply(
        issue=article.issue, article=article, target=Target.TITLE, wrong_text="四十",
        right_text="四十一", reason="年数算错。", approver=chief,
    )  # fmt: skip
    issues = issues_for_export(issue_ids=[article.issue_id])
    copied = b"".join(export_chunks("csv", issues))
    both = "本文标题“四十”应为“四十一”，特此更正。；" + NOTICE  # one cell, newest first
    assert both.encode() in copied
    assert copied == python_rows(issues)
