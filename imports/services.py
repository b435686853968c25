"""Importing a print issue from its text: parse, resolve people, write one draft issue.

`issue_import` is what both `manage.py import_issue` and the admin's upload page call.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from audit.context import audit_reason
from core.effects import collecting
from issues.models import Issue
from periodical.models import MastheadRole, Periodical

from .parsing import NotAnIssue, parse_issue
from .people import resolve_people
from .report import ImportReport
from .writing import ImportLoader


class ImportRefused(Exception):
    """The text cannot be imported; the message is one line an editor can act on."""


@dataclass
class ImportResult:
    document: dict  # the issue as read, in the seed-document format (fixtures/README.md)
    report: ImportReport  # everything the import could not place
    issue: Issue | None  # the draft written; None on a dry run
    created: bool  # False where an existing draft was updated (or would be, on a dry run)


def issue_import(
    *, text: str, periodical: Periodical, dry_run: bool = False, source_name: str = ""
) -> ImportResult:
    """Read `text` (pdftotext of a whole print issue) into a draft issue of `periodical`.

    Everything is written in one transaction. Re-importing an issue updates its draft;
    an issue already published is refused. A dry run reads, resolves and reports, and
    writes nothing. Raises ImportRefused for an empty or non-issue text.
    """
    roles = MastheadRole.objects.filter(periodical=periodical).values_list("name", flat=True)
    try:
        document, report = parse_issue(text, periodical=periodical, known_roles=list(roles))
    except NotAnIssue as error:
        raise ImportRefused(str(error)) from error
    data = document["issue"]
    existing = (
        Issue.objects.filter(
            periodical=periodical, year=data["year"], number=data["number"], supplement=False
        )
        .order_by("pk")
        .first()
    )
    if existing is not None and existing.is_published:
        raise ImportRefused(
            _(
                "%(issue)s is already published; an import never overwrites a published "
                "issue. Withdraw it first if it must be re-imported."
            )
            % {"issue": existing}
        )
    resolution = resolve_people(document, report)
    if dry_run:
        return ImportResult(document=document, report=report, issue=None, created=existing is None)
    reason = _("import of the print text %(name)s") % {"name": source_name or _("(uploaded text)")}
    try:
        with collecting(), audit_reason(reason):
            loader = ImportLoader(
                document, periodical=periodical, resolution=resolution, draft=existing
            )
            issue = loader.write()
    except (ValidationError, IntegrityError) as error:
        raise ImportRefused(
            _("The text was read but cannot be saved: %(error)s")
            % {"error": "; ".join(getattr(error, "messages", [str(error)]))}
        ) from error
    return ImportResult(document=document, report=report, issue=issue, created=existing is None)
