"""Precision and recall of the importer on an issue text, against its hand-checked records."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.document import PeriodicalPart
from documents.reading import DocumentError, read_file
from imports.measure import FIELDS, score
from imports.parsing import NotAnIssue, read_issue_text
from periodical.models import Periodical


class Command(BaseCommand):
    help = (
        "Read an issue text as import_issue does (writing nothing) and print precision and "
        "recall per field against the expected records (a seed document, fixtures/README.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("text", type=Path, help="the issue's text (pdftotext output)")
        parser.add_argument("expected", type=Path, help="the expected records (seed YAML)")
        parser.add_argument("--diff", action="store_true", help="list what is missing or extra")

    def handle(self, *args, text: Path, expected: Path, diff: bool, **options):
        try:
            printed = text.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read: {str(error).splitlines()[0]}") from error
        try:
            [(_name, wanted), *_others] = read_file(expected)
        except DocumentError as error:
            raise CommandError(str(error)) from error
        periodical = self._periodical(wanted.periodical)
        started = time.perf_counter()
        try:
            document, report = read_issue_text(printed, periodical=periodical, name=text.name)
        except NotAnIssue as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{text.name}: read in {elapsed * 1000:.0f} ms, {len(report)} report items"
        )
        self.stdout.write(
            f"{'field':<52} {'expected':>8} {'read':>6} {'right':>6} {'precision':>9} {'recall':>7}"
        )
        for result in score(wanted, document):
            self.stdout.write(
                f"{FIELDS[result.field]:<52} {result.expected:>8} {result.read:>6} "
                f"{result.right:>6} {result.precision:>9.1%} {result.recall:>7.1%}"
            )
            if diff:
                for record in result.missing:
                    self.stdout.write(f"    missing {record}")
                for record in result.extra:
                    self.stdout.write(f"    extra   {record}")

    def _periodical(self, data: PeriodicalPart) -> Periodical:
        """The periodical as the database has it; as the expected file gives it otherwise."""
        known = Periodical.objects.filter(slug=data.slug).first()
        if known is not None:
            return known
        return Periodical(
            slug=data.slug,
            name=data.name,
            kind=data.kind,
            frequency=data.frequency,
            issn=data.issn,
            cn=data.cn,
        )
