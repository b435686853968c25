"""Importing a print issue from its text: parse, resolve people, write one draft issue.

`issue_import` is what both `manage.py import_issue` and the admin's upload page call. The
text is read into the typed issue document (imports/parsing.py) and written by the one loader
of documents (`documents.services.issue_document_load`).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.context import audit_reason
from core.effects import collecting
from documents.document import IssueDocument
from documents.reading import DocumentError
from documents.services import existing_issue, issue_article_matching, issue_document_load
from issues.models import Issue
from periodical.models import MastheadRole, Periodical

from .parsing import NotAnIssue, read_issue_text
from .people import known_contributors, resolve_people
from .report import ImportReport, Kind

# The rules of documents/matching.py, as the report names them.
RULE_NAMES = {
    "place and title": gettext_lazy("its place in the table of contents and its title"),
    "title and page": gettext_lazy("its title and start page"),
    "title": gettext_lazy("its title"),
    "place and page": gettext_lazy("its place in the table of contents and its start page"),
}


class ImportRefused(Exception):
    """The text cannot be imported; the message is one line an editor can act on."""


class IssuePublished(ImportRefused):
    """The text is of an issue already published, which an import never overwrites."""


@dataclass
class ImportResult:
    document: IssueDocument  # the issue as read
    report: ImportReport  # everything the import could not place, and what a re-import matched
    issue: Issue | None  # the draft written; None on a dry run
    created: bool  # False where an existing draft was updated (or would be, on a dry run)
    matched: list[str] = field(default_factory=list)  # titles of the draft's articles kept
    created_articles: list[str] = field(default_factory=list)  # new in the draft's update
    deleted_articles: list[str] = field(default_factory=list)  # gone from the text: deleted


def issue_import(
    *, text: str, periodical: Periodical, dry_run: bool = False, source_name: str = ""
) -> ImportResult:
    """Read `text` (pdftotext of a whole print issue) into a draft issue of `periodical`.

    Everything is written in one transaction. Re-importing an issue updates its draft in
    place: its articles are found again by their place in the 目录 and their title
    (documents/matching.py), so their ids and editors' notes are kept; the matching is in
    the report. An issue already published is refused. A dry run reads, resolves, matches
    and reports, and writes nothing. Raises ImportRefused for an empty or non-issue text,
    or one over settings.IMPORT_MAX_BYTES.
    """
    size = len(text.encode("utf-8"))
    if size > settings.IMPORT_MAX_BYTES:
        raise ImportRefused(
            _("The text is %(size)s; an import accepts at most %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(settings.IMPORT_MAX_BYTES)}
        )
    roles = MastheadRole.objects.filter(periodical=periodical).values_list("name", flat=True)
    # Known contributors and their variants are evidence that a printed word is a name (a pen
    # name, a rare surname), and then whom it names: read once for both.
    known = known_contributors()
    try:
        document, report = read_issue_text(
            text,
            periodical=periodical,
            known_roles=list(roles),
            known_names=known.keys(),
            name=source_name or "import",
        )
    except NotAnIssue as error:
        raise ImportRefused(str(error)) from error
    existing = existing_issue(periodical, document.issue)
    if existing is not None and existing.is_published:
        raise IssuePublished(
            _(
                "%(issue)s is already published; an import never overwrites a published "
                "issue. Withdraw it first if it must be re-imported."
            )
            % {"issue": existing}
        )
    resolution = resolve_people(document, report, known)
    result = ImportResult(document=document, report=report, issue=None, created=existing is None)
    if dry_run:
        if existing is not None:
            matching = issue_article_matching(issue=existing, document=document)
            result.matched = [part.title for part, _article in matching.matched]
            result.created_articles = [part.title for part in matching.new]
            result.deleted_articles = [article.title for article in matching.vanished]
            _report_matching(result, matching.loose)
        return result
    reason = _("import of the print text %(name)s") % {"name": source_name or _("(uploaded text)")}
    try:
        with collecting(), audit_reason(reason):
            loaded = issue_document_load(
                document=document, periodical=periodical, people=resolution.contributors
            )
    except (DocumentError, IntegrityError) as error:
        raise ImportRefused(
            _("The text was read but cannot be saved: %(error)s") % {"error": error}
        ) from error
    result.issue = loaded.issue
    if not loaded.created:
        result.matched = loaded.matched
        result.created_articles = loaded.created_articles
        result.deleted_articles = loaded.deleted_articles
        _report_matching(result, loaded.loose)
    return result


def _report_matching(result: ImportResult, loose: list[tuple[str, str]]) -> None:
    """What a re-import does to the draft's articles, as report items an editor reads."""
    for title in result.created_articles:
        result.report.add(
            Kind.ARTICLE_CREATED, _("A new article, not in the draft before."), text=title
        )
    for title in result.deleted_articles:
        result.report.add(
            Kind.ARTICLE_DELETED,
            _("An article of the draft no longer in the text: deleted, with its note."),
            text=title,
        )
    for title, rule in loose:
        result.report.add(
            Kind.ARTICLE_MATCHED,
            _("Found again in the draft by %(rule)s only: check that it is the same article.")
            % {"rule": RULE_NAMES.get(rule, rule)},
            text=title,
        )
