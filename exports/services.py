"""Issue metadata exports: which issues, and each format written issue by issue.

Every format reads the catalogue a few issues at a time, with a fixed number of queries per
issue or per chunk of issues (see `exports/reading.py`), so memory stays flat however many
issues an export holds. The API,
the admin actions and the command all call `export_chunks`.
"""

import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header

from core.tabular import XLSX_CONTENT_TYPE, csv_chunks, write_xlsx
from issues.models import Issue
from periodical.models import Periodical

from .copying import copied_article_rows
from .documents import json_chunks
from .dublin_core import oai_dc_chunks
from .tables import ARTICLE_HEADER, article_rows, xlsx_sheets

# How many issues a database cursor fetches at a time.
ISSUE_CHUNK_SIZE = 200


def issues_for_export(
    *,
    periodical: Periodical | None = None,
    year: int | None = None,
    number: int | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    issue_ids: Iterable[int] | None = None,
    include_drafts: bool = True,
) -> QuerySet[Issue]:
    """The issues an export holds, in print order (periodical by periodical)."""
    issues = Issue.objects.select_related("periodical").in_period(
        periodical=periodical, year=year, date_from=date_from, date_to=date_to
    )
    if number is not None:
        issues = issues.filter(number=number)
    if issue_ids is not None:
        issues = issues.filter(pk__in=list(issue_ids))
    if not include_drafts:
        issues = issues.published()
    in_print_order = issues.in_print_order()
    return in_print_order.order_by("periodical__slug", *in_print_order.query.order_by)


@dataclass(frozen=True)
class ExportFormat:
    """One export format: how it is named, served and written."""

    name: str
    extension: str
    content_type: str
    write: Callable[..., Iterator[bytes]]


Progress = Callable[[Issue], None]


def _each_issue(issues: QuerySet[Issue], progress: Progress | None) -> Iterator[Issue]:
    for issue in issues.iterator(chunk_size=ISSUE_CHUNK_SIZE):
        yield issue
        if progress is not None:
            progress(issue)


def _csv(issues, *, progress=None, **context) -> Iterator[bytes]:
    # LF line ends, as PostgreSQL's COPY writes them (Excel reads either).
    each_issue = issues.iterator(chunk_size=ISSUE_CHUNK_SIZE)
    if connection.vendor == "postgresql":
        yield from csv_chunks(ARTICLE_HEADER, [], line_end="\n")
        yield from copied_article_rows(each_issue, progress)
    else:
        yield from csv_chunks(ARTICLE_HEADER, article_rows(each_issue, progress), line_end="\n")


def _xlsx(issues, *, progress=None, **context) -> Iterator[bytes]:
    # openpyxl writes a zip file, which needs to seek: into a temporary file, then streamed.
    with tempfile.TemporaryFile() as workbook:
        write_xlsx(xlsx_sheets(issues, progress), workbook)
        workbook.seek(0)
        while chunk := workbook.read(64 * 1024):
            yield chunk


def _json(issues, *, progress=None, **context) -> Iterator[bytes]:
    return json_chunks(_each_issue(issues, progress))


def _xml(issues, *, progress=None, base_url="", **context) -> Iterator[bytes]:
    return oai_dc_chunks(_each_issue(issues, progress), base_url=base_url)


FORMATS = {
    "csv": ExportFormat("csv", "csv", "text/csv; charset=utf-8", _csv),
    "xlsx": ExportFormat(
        "xlsx",
        "xlsx",
        XLSX_CONTENT_TYPE,
        _xlsx,
    ),
    "json": ExportFormat("json", "json", "application/json", _json),
    "xml": ExportFormat("xml", "xml", "text/xml; charset=utf-8", _xml),
}


def export_chunks(
    format_name: str,
    issues: QuerySet[Issue],
    *,
    progress: Progress | None = None,
    base_url: str = "",
) -> Iterator[bytes]:
    """The export of `issues` in `format_name`, as bytes to write or stream in order.

    `progress` is called after each issue; `base_url` (https://host) makes the XML's API links
    absolute.
    """
    return FORMATS[format_name].write(issues, progress=progress, base_url=base_url)


def export_filename(format_name: str, *, periodical: Periodical | None, stem: str = "") -> str:
    """A file name for the download: dangyuan-zhiyou-2025-issues.csv."""
    parts = [periodical.slug if periodical else "issues", stem, "issues"]
    return "-".join(part for part in parts if part) + "." + FORMATS[format_name].extension


def export_response(
    format_name: str, issues: QuerySet[Issue], *, filename: str, base_url: str
) -> StreamingHttpResponse:
    """The export as a streamed download, never kept by a cache (it may hold drafts)."""
    response = StreamingHttpResponse(
        export_chunks(format_name, issues, base_url=base_url),
        content_type=FORMATS[format_name].content_type,
    )
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
