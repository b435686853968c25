"""Keep `Issue.content_changed_at` true: any change to what an issue's pages show touches it.

The API answers conditional GETs (ETag, Last-Modified) from that one timestamp instead of
rendering the 目录 to compare it. The receivers here cover what this app and the floors below
it own (masthead, highlights, periodical facts, masthead roles, the names of people in a
masthead); `articles/signals.py` covers articles, their credits and columns. Receivers only
`defer()` the effect: inside `core.effects.collecting()` (services, the admin and API's write
requests, imports) the issue row is updated once per transaction, whatever the number of rows
saved. A bulk `QuerySet.update()` sends no signal: writes go through services.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from contributors.models import Contributor, ContributorNameVariant
from core.api import LISTS_TAG
from core.effects import CDN_PURGE, ISSUE_CONTENT_CHANGED, defer
from periodical.models import MastheadRole, Periodical

from .models import Highlight, Issue, MastheadEntry


def touch_issues(ids: set, *, using: str) -> None:
    """The ISSUE_CONTENT_CHANGED effect: mark the issues `ids` as changed now, in one UPDATE."""
    Issue.objects.using(using).filter(pk__in=ids).update(content_changed_at=timezone.now())


def purge_published_issues(ids: set, *, using: str) -> None:
    """The ISSUE_CONTENT_CHANGED effect's second half: ask the CDN to drop what it holds of the
    issues `ids` that readers see or saw (published, or withdrawn since), and the lists."""
    shown = Issue.objects.using(using).filter(
        Q(status=Issue.Status.PUBLISHED) | Q(published_at__isnull=False), pk__in=ids
    )
    tags = [f"issue-{pk}" for pk in shown.values_list("pk", flat=True)]
    if tags:
        defer(CDN_PURGE, [*tags, LISTS_TAG], using=using)


@receiver([post_save, post_delete], sender=MastheadEntry)
@receiver([post_save, post_delete], sender=Highlight)
def issue_row_changed(sender, instance, using, **kwargs):
    defer(ISSUE_CONTENT_CHANGED, [instance.issue_id], using=using)


@receiver(post_save, sender=Contributor)
def masthead_person_renamed(sender, instance, created, using, update_fields, **kwargs):
    # A save that names its fields and not the name (a note) changes nothing printed.
    if not created and (update_fields is None or "name" in update_fields):
        _defer_masthead_of(instance.pk, using)


@receiver([post_save, post_delete], sender=ContributorNameVariant)
def masthead_person_variant_changed(sender, instance, using, **kwargs):
    _defer_masthead_of(instance.contributor_id, using)


def _defer_masthead_of(contributor_id, using) -> None:
    entries = MastheadEntry.objects.using(using).filter(contributor_id=contributor_id)
    defer(ISSUE_CONTENT_CHANGED, entries.values_list("issue_id", flat=True), using=using)


@receiver(post_save, sender=MastheadRole)
def masthead_role_renamed(sender, instance, created, using, **kwargs):
    if not created:
        entries = MastheadEntry.objects.using(using).filter(role_id=instance.pk)
        defer(ISSUE_CONTENT_CHANGED, entries.values_list("issue_id", flat=True), using=using)


@receiver(post_save, sender=Periodical)
def periodical_facts_changed(sender, instance, created, using, **kwargs):
    if not created:
        issues = Issue.objects.using(using).filter(periodical_id=instance.pk)
        defer(ISSUE_CONTENT_CHANGED, issues.values_list("pk", flat=True), using=using)
