"""Importing many print issues in one run: the back catalogue, or several files uploaded at once.

`import_source` imports one file in its own transaction and says what became of it as one row
of the summary the command prints and the admin shows: issue, articles, report items by kind,
seconds. A file that cannot be read or imported is a row with its one-line reason, never the
end of the run. A text imported before and unchanged since (the same digest, and no other
text imported into its issue after it) is skipped; a changed text updates its draft in place
(documents/matching.py keeps the articles' ids); an issue already published is skipped.
"""

import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.search import search_indexes_built_after
from issues.models import Issue
from periodical.models import Periodical

from .models import IssueImport
from .report import ImportReport, Kind
from .services import ImportRefused, IssuePublished, issue_import
from .sources import UnreadableSource, text_digest


class Outcome:
    """What became of one file; the labels are what the summary prints."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    PUBLISHED = "published"
    READ = "read"  # a dry run
    FAILED = "failed"

    LABELS = {
        CREATED: gettext_lazy("imported as a new draft"),
        UPDATED: gettext_lazy("draft updated in place"),
        UNCHANGED: gettext_lazy("skipped: unchanged since its import"),
        PUBLISHED: gettext_lazy("skipped: published"),
        READ: gettext_lazy("read (dry run)"),
        FAILED: gettext_lazy("import failed"),
    }


@dataclass
class ImportRow:
    """One row of a batch's summary."""

    name: str  # the file's name as given
    outcome: str = Outcome.FAILED
    issue: Issue | None = None
    label: str = ""  # the issue as the print names it, where the text was read
    articles: int = 0
    report_kinds: Counter = field(default_factory=Counter)  # kind → items
    seconds: float = 0.0
    message: str = ""  # why it failed or was skipped: one line
    report: ImportReport | None = None
    record: IssueImport | None = None

    @property
    def failed(self) -> bool:
        return self.outcome == Outcome.FAILED

    @property
    def outcome_label(self) -> str:
        return str(Outcome.LABELS[self.outcome])

    @property
    def report_count(self) -> int:
        return sum(self.report_kinds.values())

    def report_summary(self) -> list[tuple[str, int]]:
        """(label, count) of the report's items by kind, most first."""
        return [
            (str(Kind.LABELS.get(kind, kind)), count)
            for kind, count in self.report_kinds.most_common()
        ]


def import_source(
    *,
    name: str,
    read: Callable[[], str],
    periodical: Periodical,
    user=None,
    dry_run: bool = False,
    force: bool = False,
) -> ImportRow:
    """Read one file with `read` (which raises UnreadableSource) and import it in its own
    transaction, recorded as an IssueImport. Never raises for a bad file: the row says why."""
    row = ImportRow(name=name)
    started = time.perf_counter()
    try:
        text = read()
        if not (dry_run or force) and (
            previous := IssueImport.unchanged_since(periodical=periodical, digest=text_digest(text))
        ):
            _skipped_as_unchanged(row, previous)
        elif dry_run:
            _read_only(row, text, periodical)
        else:
            _imported(row, text, periodical, user)
    except UnreadableSource as error:
        row.message = str(error)
    except IssuePublished as error:
        row.outcome, row.message = Outcome.PUBLISHED, str(error)
    except ImportRefused as error:
        row.message = str(error)
    row.seconds = time.perf_counter() - started
    return row


def import_files(
    paths: Iterable[Path],
    *,
    periodical: Periodical,
    read: Callable[[Path], str],
    dry_run: bool = False,
    force: bool = False,
    index_after: bool = False,
    progress: Callable[[ImportRow], None] = lambda row: None,
) -> list[ImportRow]:
    """`import_source` for each file in turn; `progress` is told of each row as it is done.
    `index_after`: the search's indexes are built once at the end, by the bulk path that
    `rebuild_search_index --parallel` takes, not article by article (a back catalogue)."""
    rows = []
    with search_indexes_built_after() if index_after and not dry_run else nullcontext():
        for path in paths:
            row = import_source(
                name=str(path),
                read=lambda path=path: read(path),
                periodical=periodical,
                dry_run=dry_run,
                force=force,
            )
            rows.append(row)
            progress(row)
    return rows


def _imported(row: ImportRow, text: str, periodical: Periodical, user) -> None:
    record, result = IssueImport.record_import(
        periodical=periodical, file_name=Path(row.name).name, text=text, user=user
    )
    row.outcome = Outcome.CREATED if result.created else Outcome.UPDATED
    row.record, row.issue, row.report = record, result.issue, result.report
    row.label = result.issue.label
    row.articles = len(result.document.articles)
    row.report_kinds = Counter(item.kind for item in result.report.items)


def _read_only(row: ImportRow, text: str, periodical: Periodical) -> None:
    result = issue_import(text=text, periodical=periodical, dry_run=True, source_name=row.name)
    data = result.document.issue
    row.outcome, row.report = Outcome.READ, result.report
    row.label = Issue(
        year=data.year,
        number=data.number,
        number_end=data.number_end,
        supplement=data.supplement,
        publication_date=data.publication_date,
    ).label
    row.articles = len(result.document.articles)
    row.report_kinds = Counter(item.kind for item in result.report.items)


def _skipped_as_unchanged(row: ImportRow, previous: IssueImport) -> None:
    row.outcome, row.record, row.issue = Outcome.UNCHANGED, previous, previous.issue
    row.label = previous.issue.label
    row.articles = previous.issue.articles.count()
    row.report = ImportReport.from_json(previous.report)
    row.report_kinds = Counter(item["kind"] for item in previous.report or [])
    row.message = _("the same text as the import of %(date)s") % {
        "date": previous.imported_at.strftime("%Y-%m-%d %H:%M") if previous.imported_at else "—"
    }


def summary_table(rows: list[ImportRow]) -> str:
    """The rows as a plain-text table for a terminal, Chinese characters counted two wide."""
    header = [_("file"), _("issue"), _("outcome"), _("articles"), _("report items"), _("time")]
    lines = [
        [
            Path(row.name).name,
            row.label or "—",
            row.outcome_label + (f"：{row.message}" if row.failed else ""),
            str(row.articles) if not row.failed else "—",
            "，".join(f"{label} {count}" for label, count in row.report_summary()) or "—",
            f"{row.seconds:.2f} s",
        ]
        for row in rows
    ]
    total_seconds = sum(row.seconds for row in rows)
    lines.append(
        [
            _("total"),
            str(sum(1 for row in rows if row.issue is not None or row.outcome == Outcome.READ)),
            "",
            str(sum(row.articles for row in rows)),
            str(sum(row.report_count for row in rows)),
            f"{total_seconds:.2f} s",
        ]
    )
    widths = [max(_width(line[i]) for line in [header, *lines]) for i in range(len(header))]
    # The last two columns are figures: right-aligned; the report column goes last as it is
    # the widest, so that a wrapped line does not shift the others.
    order = (0, 1, 2, 3, 5, 4)

    def render(line: list[str]) -> str:
        cells = []
        for i in order:
            pad = " " * (widths[i] - _width(line[i]))
            cells.append(pad + line[i] if i in (3, 5) else line[i] + pad)
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * widths[i] for i in order)
    return "\n".join([render(header), rule, *map(render, lines[:-1]), rule, render(lines[-1])])


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
