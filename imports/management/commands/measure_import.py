"""Precision and recall of the importer on an issue text, against its hand-checked records."""

import time
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from imports.measure import FIELDS, score
from imports.parsing import NotAnIssue, parse_issue
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
            wanted = yaml.safe_load(expected.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise CommandError(f"cannot read: {str(error).splitlines()[0]}") from error
        if not isinstance(wanted, dict) or "issue" not in wanted:
            raise CommandError(f"{expected.name}: not a seed document")
        periodical = self._periodical(wanted["periodical"])
        started = time.perf_counter()
        try:
            document, report = parse_issue(printed, periodical=periodical)
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

    def _periodical(self, data: dict) -> Periodical:
        """The periodical as the database has it; as the expected file gives it otherwise."""
        known = Periodical.objects.filter(slug=data.get("slug")).first()
        if known is not None:
            return known
        fields = {
            key: data.get(key) or "" for key in ("slug", "name", "kind", "frequency", "issn", "cn")
        }
        return Periodical(**fields)
