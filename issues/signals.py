"""Keep `Issue.content_changed_at` true: any change to what an issue's pages show touches it.

The API answers conditional GETs (ETag, Last-Modified) from that one timestamp instead of
rendering the 目录 to compare it. These receivers only invalidate, as signals should; they
write nothing else. A bulk `QuerySet.update()` sends no signal: writes go through services.
"""

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from articles.models import Article, Authorship, PhotoCredit
from contributors.models import Contributor, ContributorNameVariant
from periodical.models import Column, MastheadRole, Periodical

from .models import Highlight, Issue, MastheadEntry


def touch_issues(issues) -> None:
    """Mark `issues` (a queryset of issues) as changed now."""
    Issue.objects.filter(pk__in=issues.values("pk")).update(content_changed_at=timezone.now())


def issues_showing_contributor(contributor_id):
    """Every issue that prints the contributor: byline, 责任编辑, photo credit or masthead."""
    return Issue.objects.filter(
        Q(pk__in=Article.objects.filter(authorships__contributor_id=contributor_id).values("issue"))
        | Q(pk__in=Article.objects.filter(responsible_editor_id=contributor_id).values("issue"))
        | Q(
            pk__in=PhotoCredit.objects.filter(
                article__isnull=False, photographer_id=contributor_id
            ).values("article__issue")
        )
        | Q(photo_credits__photographer_id=contributor_id)
        | Q(masthead_entries__contributor_id=contributor_id)
    )


@receiver([post_save, post_delete], sender=Article)
@receiver([post_save, post_delete], sender=MastheadEntry)
@receiver([post_save, post_delete], sender=Highlight)
def touch_issue_of_row(sender, instance, **kwargs):
    touch_issues(Issue.objects.filter(pk=instance.issue_id))


@receiver([post_save, post_delete], sender=Authorship)
def touch_issue_of_authorship(sender, instance, **kwargs):
    touch_issues(Issue.objects.filter(articles__pk=instance.article_id))


@receiver([post_save, post_delete], sender=PhotoCredit)
def touch_issue_of_photo(sender, instance, **kwargs):
    if instance.issue_id:
        touch_issues(Issue.objects.filter(pk=instance.issue_id))
    else:
        touch_issues(Issue.objects.filter(articles__pk=instance.article_id))


@receiver(post_save, sender=Contributor)
def touch_issues_of_contributor(sender, instance, created, **kwargs):
    if not created:
        touch_issues(issues_showing_contributor(instance.pk))


@receiver([post_save, post_delete], sender=ContributorNameVariant)
def touch_issues_of_name_variant(sender, instance, **kwargs):
    touch_issues(issues_showing_contributor(instance.contributor_id))


@receiver(post_save, sender=Column)
def touch_issues_of_column(sender, instance, created, **kwargs):
    if not created:
        touch_issues(Issue.objects.filter(articles__column_id=instance.pk))


@receiver(post_save, sender=MastheadRole)
def touch_issues_of_role(sender, instance, created, **kwargs):
    if not created:
        touch_issues(Issue.objects.filter(masthead_entries__role_id=instance.pk))


@receiver(post_save, sender=Periodical)
def touch_issues_of_periodical(sender, instance, created, **kwargs):
    if not created:
        touch_issues(Issue.objects.filter(periodical_id=instance.pk))
