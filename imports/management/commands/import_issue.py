"""`manage.py import_issue PATH --periodical SLUG`: a print issue's text into a draft issue."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.validators import unstorable_text
from imports.services import ImportRefused, issue_import
from periodical.models import Periodical


class Command(BaseCommand):
    help = (
        "Import the text of a whole print issue (pdftotext output) as a draft issue: 目录, "
        "masthead, facts, articles, authors, editors and photo credits. Re-importing updates "
        "the draft in place (articles found again by their place in the 目录 and their title keep "
        "their ids and notes); a published issue is refused. What cannot be placed is reported."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the issue's text, UTF-8")
        parser.add_argument("--periodical", required=True, help="the periodical's slug")
        parser.add_argument("--dry-run", action="store_true", help="read and report, write nothing")
        parser.add_argument("--report", type=Path, help="write the report to this file")

    def handle(
        self, *args, path: Path, periodical: str, dry_run: bool, report: Path | None, **options
    ):
        path, report = Path(path), (Path(report) if report else None)
        target = Periodical.objects.filter(slug=periodical).first()
        if target is None:
            raise CommandError(f"no periodical with the slug {periodical!r}")
        try:
            size = path.stat().st_size
            if size > settings.IMPORT_MAX_BYTES:  # before reading it all into memory
                raise CommandError(
                    f"{path.name} is {size} bytes; an import accepts at most "
                    f"{settings.IMPORT_MAX_BYTES} (IMPORT_MAX_BYTES)"
                )
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path.name} is not UTF-8 text (byte {error.start})") from error
        if problem := unstorable_text(text):  # the rule of the admin's upload, before any write
            line = next(n for n, line in enumerate(text.splitlines(), 1) if unstorable_text(line))
            raise CommandError(f"{path.name}, line {line}: {problem}")
        try:
            result = issue_import(
                text=text, periodical=target, dry_run=dry_run, source_name=path.name
            )
        except ImportRefused as error:
            raise CommandError(f"{path.name}: {error}") from error
        if report is not None:
            try:
                report.write_text(result.report.as_text(), encoding="utf-8")
            except OSError as error:
                raise CommandError(f"cannot write the report {report}: {error.strerror}") from error
        data = result.document.issue
        articles = len(result.document.articles)
        if dry_run:
            action = "would create" if result.created else "would update the draft of"
        else:
            action = "created" if result.created else "updated the draft of"
        self.stdout.write(
            f"{path.name}: {action} {target} {data.year}·{data.number} "
            f"({articles} articles); {len(result.report)} report items"
            + (f" written to {report}" if report else "")
        )
        if not result.created:
            self.stdout.write(
                f"articles: {len(result.matched)} kept, {len(result.created_articles)} new, "
                f"{len(result.deleted_articles)} deleted"
            )
            for title in result.created_articles:
                self.stdout.write(f"    new: {title}")
            for title in result.deleted_articles:
                self.stdout.write(f"    deleted: {title}")
        if report is None and options["verbosity"] > 1:
            self.stdout.write(result.report.as_text())
