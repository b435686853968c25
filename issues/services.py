"""Writes on issues: creating one with the periodical's current facts, publishing, the masthead."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.effects import collecting
from periodical.models import Periodical

from .models import Issue, MastheadEntry


def issue_fill_facts_from_periodical(*, issue: Issue) -> None:
    """Give a new issue the periodical's facts in force today, where the issue gives none."""
    for name, value in issue.periodical.publication_facts().items():
        if getattr(issue, name) in (None, ""):
            setattr(issue, name, value)


@collecting
def issue_create(*, periodical: Periodical, **fields) -> Issue:
    """Create an issue; the masthead facts it prints start as the periodical's current ones."""
    issue = Issue(periodical=periodical, **fields)
    issue_fill_facts_from_periodical(issue=issue)
    issue.full_clean()
    issue.save()
    return issue


@collecting
def issue_publish(*, issue: Issue) -> Issue:
    if not issue.is_published:
        issue.status = Issue.Status.PUBLISHED
        issue.published_at = timezone.now()
        issue.save(update_fields=["status", "published_at", "updated_at"])
    return issue


@collecting
def issue_unpublish(*, issue: Issue) -> Issue:
    if issue.is_published:
        issue.status = Issue.Status.DRAFT
        issue.save(update_fields=["status", "updated_at"])
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
