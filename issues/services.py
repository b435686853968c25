"""Writes on issues: creating one with the periodical's current facts, publishing, the masthead."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import version_claim
from core.effects import collecting
from periodical.models import Periodical

from .locks import ensure_editable
from .models import Issue, MastheadEntry


def issue_fill_facts_from_periodical(*, issue: Issue) -> None:
    """Give a new issue the periodical's facts in force today, where the issue gives none."""
    for name, value in issue.periodical.publication_facts().items():
        if getattr(issue, name) in (None, ""):
            setattr(issue, name, value)


@collecting
def issue_create(*, periodical: Periodical, **fields) -> Issue:
    """Create an issue (a draft unless `status` says otherwise, as a loaded document may); the
    masthead facts it prints start as the periodical's current ones."""
    issue = Issue(periodical=periodical, **fields)
    issue_fill_facts_from_periodical(issue=issue)
    if issue.is_published and issue.published_at is None:
        issue.published_at = timezone.now()
    issue.full_clean()
    issue.save()
    return issue


@collecting
def issue_update(*, issue: Issue, expected_version: int | None = None, **fields) -> Issue:
    """Change an issue's own fields, if it is still at `expected_version` (None: any).

    The status is not among them: publish and withdraw are issue_publish/issue_unpublish.
    """
    if "status" in fields or "published_at" in fields:
        raise ValueError("An issue's status changes by issue_publish() or issue_unpublish().")
    version_claim(issue, expected_version=expected_version)
    for name, value in fields.items():
        setattr(issue, name, value)
    issue.full_clean()
    issue.save()
    return issue


@collecting
def issue_publish(*, issue: Issue, expected_version: int | None = None) -> Issue:
    """Publish the issue (readers see it from now on) and note when; already published: no-op."""
    version_claim(issue, expected_version=expected_version)
    issue.refresh_from_db(fields=["status", "published_at"])
    if not issue.is_published:
        issue.status = Issue.Status.PUBLISHED
        issue.published_at = timezone.now()
        issue.save(update_fields=["status", "published_at", "version", "updated_at"])
    return issue


@collecting
def issue_unpublish(*, issue: Issue, expected_version: int | None = None) -> Issue:
    """Withdraw the issue to draft (readers no longer see it); already a draft: no-op."""
    version_claim(issue, expected_version=expected_version)
    issue.refresh_from_db(fields=["status", "published_at"])
    if issue.is_published:
        issue.status = Issue.Status.DRAFT
        issue.save(update_fields=["status", "version", "updated_at"])
    return issue


@collecting
def masthead_copy_from_previous(*, issue: Issue) -> int:
    """Copy the masthead of the periodical's previous issue into `issue`, which must have none.

    Returns the number of entries copied. The previous issue keeps its own entries: changing
    this issue's masthead later never touches it.
    """
    if issue.masthead_entries.exists():
        raise ValidationError(
            _("%(issue)s already has a masthead; clear it before copying.") % {"issue": issue}
        )
    previous = Issue.objects.preceding(issue).filter(masthead_entries__isnull=False).first()
    if previous is None:
        raise ValidationError(
            _("%(issue)s has no earlier issue with a masthead.") % {"issue": issue}
        )
    entries = [
        MastheadEntry(
            issue=issue,
            role_id=entry.role_id,
            contributor_id=entry.contributor_id,
            credited_name=entry.credited_name,
            note=entry.note,
            order=entry.order,
        )
        for entry in previous.masthead_entries.all()
    ]
    for entry in entries:
        entry.save()
    return len(entries)


@collecting
def masthead_entry_update(*, entry: MastheadEntry, **fields) -> MastheadEntry:
    """Change one masthead entry (the name it prints, say). Like a row edited on the issue's
    page, it is a change of the issue: the issue's version goes up. Printed content: refused
    on a published issue outside a correction (issues.locks)."""
    ensure_editable(entry.issue)
    version_claim(entry.issue)
    for name, value in fields.items():
        setattr(entry, name, value)
    entry.full_clean()
    entry.save()
    return entry
