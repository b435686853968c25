"""export_issues: a periodical's issues as CSV, XLSX, JSON or Dublin Core XML, to a file."""

import argparse
import datetime
import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from exports.services import FORMATS, export_chunks, issues_for_export
from periodical.models import Periodical


class Command(BaseCommand):
    help = _(
        "Export the issues of a periodical (all, one year, or a range of publication dates) "
        "as CSV, XLSX, JSON or Dublin Core XML."
    )

    def add_arguments(self, parser):
        parser.add_argument("--periodical", required=True, help=_("The periodical's slug."))
        parser.add_argument("--year", help=_("Only the issues of this year."))
        parser.add_argument(
            "--from", dest="date_from", help=_("Only issues published on or after this date.")
        )
        parser.add_argument(
            "--to", dest="date_to", help=_("Only issues published on or before this date.")
        )
        parser.add_argument(
            "--format", required=True, help=_("csv, xlsx, json or xml (Dublin Core).")
        )
        parser.add_argument(
            "--output", required=True, help=_("The file to write; - for standard output.")
        )
        parser.add_argument(
            "--progress",
            action=argparse.BooleanOptionalAction,
            default=None,
            help=_("Show a progress bar (default: when standard error is a terminal)."),
        )
        parser.add_argument(
            "--base-url", default="", help=_("Site address for the API links in the XML.")
        )

    def handle(self, *args, **options):
        format_name = options["format"]
        if format_name not in FORMATS:
            raise CommandError(
                _("Unknown format %(format)s: choose one of %(choices)s.")
                % {"format": format_name, "choices": ", ".join(FORMATS)}
            )
        periodical = Periodical.objects.filter(slug=options["periodical"]).first()
        if periodical is None:
            raise CommandError(
                _("There is no periodical %(slug)s.") % {"slug": options["periodical"]}
            )
        issues = issues_for_export(periodical=periodical, **self.period(options))
        output = options["output"]
        target = None if output == "-" else self.checked_target(Path(output))
        progress = options["progress"]
        stderr = getattr(self.stderr, "_out", sys.stderr)
        if progress is None:
            progress = stderr.isatty()
        with tqdm(total=issues.count(), unit=_("issue"), file=stderr, disable=not progress) as bar:
            chunks = export_chunks(
                format_name,
                issues,
                progress=lambda issue: bar.update(),
                base_url=options["base_url"],
            )
            if target is None:
                self.write_to_stdout(chunks)
            else:
                self.write_to_file(chunks, target)

    def period(self, options) -> dict:
        year, date_from, date_to = options["year"], options["date_from"], options["date_to"]
        if year is not None and (date_from or date_to):
            raise CommandError(_("Give either --year or --from/--to, not both."))
        period = {}
        if year is not None:
            if not year.isdigit():
                raise CommandError(_("The year %(year)s is not a year.") % {"year": year})
            period["year"] = int(year)
        for key, option, value in (
            ("date_from", "--from", date_from),
            ("date_to", "--to", date_to),
        ):
            if value is None:
                continue
            try:
                period[key] = datetime.date.fromisoformat(value)
            except ValueError:
                raise CommandError(
                    _("%(option)s %(value)s is not a date such as 2025-03-28.")
                    % {"option": option, "value": value}
                ) from None
        if period.get("date_from") and period.get("date_to"):
            if period["date_from"] > period["date_to"]:
                raise CommandError(_("--from comes after --to."))
        return period

    def checked_target(self, path: Path) -> Path:
        directory = path.parent.resolve()
        if not directory.is_dir() or not os.access(directory, os.W_OK) or path.is_dir():
            raise CommandError(_("Cannot write %(path)s.") % {"path": path})
        return path

    def write_to_stdout(self, chunks) -> None:
        stream = getattr(getattr(self.stdout, "_out", sys.stdout), "buffer", sys.stdout.buffer)
        try:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
        except BrokenPipeError:
            # The reader stopped early (| head): not an error of the export.
            sys.stderr.close()

    def write_to_file(self, chunks, target: Path) -> None:
        """Into a temporary file beside `target`, renamed when complete: a failed export
        leaves no half-written file."""
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".part"
        )
        try:
            with os.fdopen(handle, "wb") as output:
                for chunk in chunks:
                    output.write(chunk)
            # mkstemp makes the file private; give it the permissions of any new file.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
