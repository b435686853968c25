"""Writes on issues: creating one with the periodical's current facts, publishing, the masthead.

签发 and 撤回 are workflow.services (they record a decision); publishing needs 签发 first.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import version_claim
from core.effects import ISSUE_CONTENT_CHANGED, collecting, defer
from core.errors import Conflict
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

    The status is not among them: 签发 and 撤回 are workflow.services, publishing
    issue_publish. A published issue is refused (issues.locks): corrections change it.
    """
    if "status" in fields or "published_at" in fields:
        raise ValueError("An issue's status changes by issue_publish() or the workflow.")
    ensure_editable(issue)
    version_claim(issue, expected_version=expected_version)
    for name, value in fields.items():
        setattr(issue, name, value)
    issue.full_clean()
    issue.save()
    return issue


@collecting
def issue_publish(
    *, issue: Issue, expected_version: int | None = None, now: datetime.datetime | None = None
) -> Issue:
    """Publish a signed-off issue (readers see it from now on) and note when; already
    published: no-op. Refused (Conflict) before 签发, and before its scheduled time."""
    now = now or timezone.now()
    version_claim(issue, expected_version=expected_version)
    issue.refresh_from_db(fields=["status", "published_at", "publish_at"])
    if issue.is_published:
        return issue
    if not issue.is_signed:
        raise Conflict(
            _("%(issue)s 尚未签发：须经主编签发后才能发布。") % {"issue": issue},
            code="not_signed",
        )
    if issue.publish_at is not None and issue.publish_at > now:
        raise Conflict(
            _("%(issue)s 定于 %(time)s 发布，时间未到；如要提前发布，请先清除定时发布时间。")
            % {
                "issue": issue,
                "time": timezone.localtime(issue.publish_at).strftime("%Y-%m-%d %H:%M"),
            },
            code="scheduled",
        )
    issue.publish()
    issue.published_at = now
    issue.save(update_fields=["status", "published_at", "version", "updated_at"])
    # What readers see changed: a new ETag and Last-Modified, and the CDN told (issues.signals).
    defer(ISSUE_CONTENT_CHANGED, [issue.pk])
    return issue


def issues_publish_due(*, now: datetime.datetime | None = None) -> list[Issue]:
    """Publish every signed-off issue whose scheduled time has come, each in its own
    transaction; returns those published. Running it again publishes nothing more."""
    now = now or timezone.now()
    published = []
    due = Issue.objects.filter(status=Issue.Status.SIGNED, publish_at__lte=now)
    for pk in due.order_by("publish_at", "pk").values_list("pk", flat=True):
        with collecting():
            issue = Issue.objects.select_for_update().select_related("periodical").get(pk=pk)
            if issue.is_signed and issue.publish_at is not None and issue.publish_at <= now:
                published.append(issue_publish(issue=issue, now=now))
    return published


@collecting
def masthead_copy_from_previous(*, issue: Issue) -> int:
    """Copy the masthead of the periodical's previous issue into `issue`, which must have none.

    Returns the number of entries copied. The previous issue keeps its own entries: changing
    this issue's masthead later never touches it.
    """
    ensure_editable(issue)
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
def issue_set_cover_image(*, issue: Issue, image, expected_version: int | None = None) -> Issue:
    """Put `image` (an uploaded file; None removes it) on the issue's cover, if the issue is
    still at `expected_version`; its renditions are made as it is saved (core/pictures.py).
    A published issue's cover is printed content: refused outside a correction."""
    ensure_editable(issue)
    version_claim(issue, expected_version=expected_version)
    issue.cover_image = image
    issue.full_clean()
    issue.save()
    return issue


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
