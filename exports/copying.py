"""The article rows of the CSV export written by PostgreSQL itself, with `COPY … TO STDOUT`.

On PostgreSQL the CSV export runs at the speed of `COPY` (`benchmarks/export.py`): the database
joins, aggregates and writes the CSV text, and Python only passes the bytes on. The rows are
the ones `exports.tables.article_rows` builds in Python (the path SQLite takes), cell for cell:
the issue's cells are computed in Python by `issue_cells` and handed to the query as arrays,
so only the article's cells are written here in SQL, and a test on PostgreSQL compares the two
paths byte for byte (`tests/exports/test_copy.py`). A change to what a row shows is made in
both places; the test says where they differ.

Written by hand because no library turns Django's expressions into `COPY`: Django has no
`COPY` and psycopg only runs it.
"""

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from django.db import connection

from core.tabular import FORMULA_STARTS, spreadsheet_safe
from issues.models import Issue

from .tables import ISSUES_PER_CHUNK, issue_cells


def _safe(expression: str) -> str:
    """`spreadsheet_safe` in SQL: an apostrophe before a cell Excel would run as a formula;
    empty text as NULL, which COPY writes as nothing, as Python's csv writes ''."""
    starts = ", ".join("'" + start.replace("'", "''") + "'" for start in FORMULA_STARTS)
    return (
        f"NULLIF(CASE WHEN left({expression}, 1) IN ({starts}) "
        f"THEN '''' || {expression} ELSE {expression} END, '')"
    )


# Article.pages_as_printed: 11, 11-13, 4-5, 9.
_PAGES = """CASE WHEN a.start_page IS NULL THEN a.continuation_pages ELSE concat_ws(', ',
    a.start_page::text || CASE WHEN a.end_page IS NOT NULL AND a.end_page <> 0
        AND a.end_page <> a.start_page THEN '-' || a.end_page::text ELSE '' END,
    NULLIF(a.continuation_pages, '')) END"""

# PhotoCredit.credit_line_of: 新华社记者 燕雁/摄, …供图, 资料图; NULL for a credit without a name.
_CREDIT_LINE = """CASE WHEN pc.kind = 'archive' THEN '资料图' WHEN pc.credited_name = '' THEN NULL
    ELSE btrim(pc.agency || pc.credited_title || ' ' || pc.credited_name)
        || CASE WHEN pc.kind = 'supplied' THEN '供图' ELSE '/摄' END END"""

_AUTHORS = """(SELECT string_agg(au.credited_name, '、' ORDER BY au."order", au.id)
    FROM articles_authorship au WHERE au.article_id = a.id)"""

# Every author's affiliation, — for one without, when any has one.
_AFFILIATIONS = """(SELECT CASE WHEN bool_or(au.affiliation <> '') THEN string_agg(
        COALESCE(NULLIF(au.affiliation, ''), '—'), '；' ORDER BY au."order", au.id) END
    FROM articles_authorship au WHERE au.article_id = a.id)"""

_CREDITS = f"""(SELECT string_agg({_CREDIT_LINE}, '；' ORDER BY pc."order", pc.id)
    FROM articles_photocredit pc WHERE pc.article_id = a.id)"""

ISSUE_CELLS = 6  # issue_cells: 刊名, 年份, 期号, 总期号, 出版日期, 状态


def _statement() -> str:
    issue_cells_sql = ", ".join(f"ic.c{n}" for n in range(ISSUE_CELLS))
    unnest_columns = ", ".join("%s::text[]" for _ in range(ISSUE_CELLS))
    names = ", ".join(f"c{n}" for n in range(ISSUE_CELLS))
    article_cells = [
        "col.name",
        _PAGES,
        "a.kicker",
        "a.title",
        "a.subtitle",
        _AUTHORS,
        _AFFILIATIONS,
        "a.responsible_editor_name",
        "a.source_org",
        "a.reprinted_from",
        _CREDITS,
    ]
    cells = ",\n    ".join(_safe(cell) for cell in article_cells)
    return f"""COPY (
SELECT {issue_cells_sql},
    {cells},
    a.id
FROM articles_article a
JOIN unnest(%s::bigint[], {unnest_columns}) WITH ORDINALITY
    AS ic(issue_id, {names}, position) ON ic.issue_id = a.issue_id
LEFT JOIN periodical_column col ON col.id = a.column_id
ORDER BY ic.position, a.toc_order NULLS LAST, a.start_page NULLS LAST, a.id
) TO STDOUT WITH (FORMAT csv)"""


def _text_cell(value) -> str | None:
    if value is None or value == "":
        return None
    return str(spreadsheet_safe(value))


def copied_article_rows(
    issues: Iterable[Issue], progress: Callable[[Issue], None] | None = None
) -> Iterator[bytes]:
    """The CSV rows (LF line ends) of the articles of `issues`, as PostgreSQL writes them:
    `ISSUES_PER_CHUNK` issues per `COPY`; `progress(issue)` after each chunk's issues."""
    statement = _statement()
    issues = iter(issues)
    while chunk := list(islice(issues, ISSUES_PER_CHUNK)):
        columns = list(zip(*(issue_cells(issue) for issue in chunk), strict=True))
        params = [[issue.pk for issue in chunk]]
        params += [[_text_cell(value) for value in column] for column in columns]
        with connection.cursor() as cursor:
            with cursor.cursor.copy(statement, params) as copy:
                for block in copy:
                    yield bytes(block)
        if progress is not None:
            for issue in chunk:
                progress(issue)
