"""On PostgreSQL the CSV export's article rows are written by `COPY` (exports/copying.py), on
SQLite by Python (exports/tables.py). The two must agree byte for byte, whatever the rows hold:
formula-like cells, commas and quotes, missing affiliations, every kind of photo credit,
continued pages, supplements, combined and date-only issues, and the seed issue."""

import datetime

import pytest

from core.tabular import csv_chunks
from exports.services import export_chunks, issues_for_export
from exports.tables import ARTICLE_HEADER, article_rows
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    IssueFactory,
    PeriodicalFactory,
    PhotoCreditFactory,
    unrecorded,
)

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@unrecorded()
def awkward_issues():
    periodical = PeriodicalFactory(name="=HYPERLINK(刊)")
    combined = IssueFactory(periodical=periodical, year=2024, number=5, number_end=6)
    supplement = IssueFactory(
        periodical=periodical, year=2024, number=1, supplement=True, cumulative_number=300
    )
    dated = IssueFactory(
        periodical=periodical, year=2020, number=None, publication_date=datetime.date(2020, 1, 9)
    )
    IssueFactory(periodical=periodical, year=2019, number=2)  # no articles at all
    first = ArticleFactory(
        issue=combined,
        kicker="+导语",
        title='标题,含"引号"与逗号',
        subtitle="-破折号开头",
        start_page=4,
        end_page=5,
        continuation_pages="9",
        source_org="@某单位",
        reprinted_from="《人民日报》",
        responsible_editor_name="杨佩佩",
    )
    AuthorshipFactory(article=first, credited_name="张三", affiliation="新疆大学")
    AuthorshipFactory(article=first, credited_name="李四", affiliation="")
    PhotoCreditFactory(article=first, kind="taken", agency="新华社", credited_title="记者",
                       credited_name="燕雁")  # fmt: skip
    PhotoCreditFactory(article=first, kind="supplied", credited_name="交投公司")
    PhotoCreditFactory(article=first, kind="archive", credited_name="")
    PhotoCreditFactory(article=first, kind="taken", credited_name="", photographer=None)
    second = ArticleFactory(issue=combined, title="只有续页", start_page=None,
                            continuation_pages="11-12", toc_order=None)  # fmt: skip
    AuthorshipFactory(article=second, credited_name="王五", affiliation="")
    ArticleFactory(issue=supplement, title="同页", start_page=7, end_page=7, column=None)
    ArticleFactory(issue=dated, title="\t制表符开头", start_page=1, end_page=None)


def python_rows(issues) -> bytes:
    return b"".join(csv_chunks(ARTICLE_HEADER, article_rows(issues.iterator()), line_end="\n"))


def test_copy_writes_exactly_the_rows_python_writes(seed_issue):
    awkward_issues()
    issues = issues_for_export()
    copied = b"".join(export_chunks("csv", issues))
    assert copied.count(b"\n") > 20  # the seed issue's articles and the awkward ones
    assert copied == python_rows(issues)


def test_copy_reports_progress_for_every_issue(seed_issue):
    awkward_issues()
    issues = issues_for_export()
    seen = []
    b"".join(export_chunks("csv", issues, progress=seen.append))
    assert [issue.pk for issue in seen] == list(issues.values_list("pk", flat=True))
