"""`manage.py import_issue FILE_OR_DIR … --periodical SLUG`: print issues into draft issues."""

import argparse
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from imports.batch import ImportRow, Outcome, import_files, summary_table
from imports.sources import read_source, source_files
from periodical.models import Periodical


class Command(BaseCommand):
    help = (
        "Import whole print issues, each from its text (pdftotext output, UTF-8) or its print "
        "PDF, as draft issues: 目录, masthead, facts, articles, authors, editors and photo "
        "credits. Folders are searched for .txt and .pdf files. Each issue is imported in its "
        "own transaction; a file that fails is reported and the run goes on. A text imported "
        "before and unchanged since is skipped; a changed one updates its draft in place "
        "(articles found again keep their ids and notes); a published issue is skipped. Ends "
        "with a table of the issues, and exits 1 if any file failed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="+", type=Path, metavar="FILE_OR_DIR", help="issue texts, PDFs, folders"
        )
        parser.add_argument("--periodical", required=True, help="the periodical's slug")
        parser.add_argument("--dry-run", action="store_true", help="read and report, write nothing")
        parser.add_argument(
            "--force", action="store_true", help="import unchanged texts again as well"
        )
        parser.add_argument(
            "--index-after",
            action="store_true",
            help="PostgreSQL, for a back catalogue: build the search indexes once at the end, "
            "as many at once as there are cores, instead of article by article; searches are "
            "slow and other writes wait meanwhile",
        )
        parser.add_argument(
            "--report",
            type=Path,
            help="write the report to this file (one issue), or one report per issue into "
            "this folder (several issues, or an existing folder)",
        )
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help="show a progress bar (default: when standard error is a terminal)",
        )

    def handle(
        self, *args, paths, periodical, dry_run, force, index_after, report, progress, **options
    ):
        target = Periodical.objects.filter(slug=periodical).first()
        if target is None:
            raise CommandError(f"no periodical with the slug {periodical!r}")
        files = source_files(paths)
        if not files:
            raise CommandError("no .txt or .pdf file in " + ", ".join(str(path) for path in paths))
        report = Path(report) if report else None
        one_report = report is not None and len(files) == 1 and not report.is_dir()
        if report is not None and not one_report:
            try:
                report.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise CommandError(f"cannot make the folder {report}: {error.strerror}") from error
        stderr = getattr(self.stderr, "_out", sys.stderr)
        if progress is None:
            progress = stderr.isatty()
        with tqdm(total=len(files), unit=_("issue"), file=stderr, disable=not progress) as bar:

            def done(row: ImportRow) -> None:
                bar.set_postfix_str(Path(row.name).name, refresh=False)
                bar.update()
                if report is not None and row.report is not None:
                    self.write_report(row, report if one_report else report / _report_name(row))

            rows = import_files(
                files, periodical=target, read=read_source, dry_run=dry_run, force=force,
                index_after=index_after, progress=done,
            )  # fmt: skip
        if len(rows) == 1:
            self.single(rows[0], report)
            if report is None and options["verbosity"] > 1 and rows[0].report is not None:
                self.stdout.write(rows[0].report.as_text())
            return
        self.stdout.write(summary_table(rows))
        failed = [row for row in rows if row.failed]
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(rows)} files could not be imported (see the table)"
            )

    def single(self, row: ImportRow, report: Path | None) -> None:
        """One file: one line as before, and its failure as the command's error."""
        name = Path(row.name).name
        if row.failed:
            raise CommandError(f"{name}: {row.message}")
        self.stdout.write(
            f"{name}: {row.outcome_label} {row.label} ({row.articles} articles); "
            f"{row.report_count} report items" + (f" written to {report}" if report else "")
            + (f" ({row.message})" if row.message else "")
        )  # fmt: skip
        if row.outcome == Outcome.UPDATED:
            kinds = row.report_kinds
            self.stdout.write(
                f"articles: {row.articles - kinds['article_created']} kept, "
                f"{kinds['article_created']} new, {kinds['article_deleted']} deleted"
            )
            for item in row.report.items:
                if item.kind in ("article_created", "article_deleted"):
                    done = "new" if item.kind == "article_created" else "deleted"
                    self.stdout.write(f"    {done}: {item.text}")

    def write_report(self, row: ImportRow, path: Path) -> None:
        try:
            path.write_text(row.report.as_text(), encoding="utf-8")
        except OSError as error:
            raise CommandError(f"cannot write the report {path}: {error.strerror}") from error


def _report_name(row: ImportRow) -> str:
    """The report of one issue: named after its file (2025-03.txt → 2025-03.tsv)."""
    return Path(row.name).stem + ".tsv"
