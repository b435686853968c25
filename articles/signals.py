"""What a change to an article, its credits, a column or a credited person makes stale.

Two effects (core/effects.py): the issue that prints the article has changed (its ETag,
`Issue.content_changed_at`), and the article's search text, which holds its authors' names,
must be recomputed. Receivers only `defer()`: inside a collecting block (services, the admin
and API's write requests, imports) each issue is touched and each article re-indexed once per
transaction. The lower apps (contributors, periodical) know nothing of articles; their
changes are listened to here.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from contributors.models import Contributor, ContributorNameVariant
from core.effects import ARTICLE_SEARCH_STALE, ISSUE_CONTENT_CHANGED, defer
from periodical.models import Column

from .models import Article, Authorship, PhotoCredit
from .search import article_refresh_search

# The articles whose issue shows something new (ids of articles); resolved to their issues in
# one query per transaction, where the row (an authorship) does not carry its issue.
ARTICLE_CONTENT_CHANGED = "article content changed"


def refresh_search(ids: set, *, using: str) -> None:
    """The ARTICLE_SEARCH_STALE effect: recompute the search text of the articles `ids`."""
    article_refresh_search(article_ids=ids)


def touch_issues_of_articles(ids: set, *, using: str) -> None:
    """The ARTICLE_CONTENT_CHANGED effect: the issues printing the articles `ids` changed."""
    articles = Article.objects.using(using).filter(pk__in=ids)
    defer(ISSUE_CONTENT_CHANGED, articles.values_list("issue_id", flat=True), using=using)


@receiver([post_save, post_delete], sender=Article)
def article_changed(sender, instance, using, **kwargs):
    defer(ISSUE_CONTENT_CHANGED, [instance.issue_id], using=using)
    if kwargs.get("signal") is post_save:
        defer(ARTICLE_SEARCH_STALE, [instance.pk], using=using)


@receiver([post_save, post_delete], sender=Authorship)
def authorship_changed(sender, instance, using, **kwargs):
    defer(ARTICLE_CONTENT_CHANGED, [instance.article_id], using=using)
    defer(ARTICLE_SEARCH_STALE, [instance.article_id], using=using)


@receiver([post_save, post_delete], sender=PhotoCredit)
def photo_credit_changed(sender, instance, using, **kwargs):
    if instance.issue_id:
        defer(ISSUE_CONTENT_CHANGED, [instance.issue_id], using=using)
    else:
        defer(ARTICLE_CONTENT_CHANGED, [instance.article_id], using=using)


@receiver(post_save, sender=Column)
def column_renamed(sender, instance, created, using, **kwargs):
    if not created:
        articles = Article.objects.using(using).filter(column_id=instance.pk)
        defer(ISSUE_CONTENT_CHANGED, articles.values_list("issue_id", flat=True), using=using)


@receiver(post_save, sender=Contributor)
def credited_person_renamed(sender, instance, created, using, update_fields, **kwargs):
    # A save that names its fields and not the name (a note) changes nothing printed.
    if not created and (update_fields is None or "name" in update_fields):
        _defer_credits_of(instance.pk, using)


@receiver([post_save, post_delete], sender=ContributorNameVariant)
def credited_person_variant_changed(sender, instance, using, **kwargs):
    _defer_credits_of(instance.contributor_id, using)


def _defer_credits_of(contributor_id, using) -> None:
    """The person's bylines, 责任编辑 marks and photo credits show their name: their issues are
    stale, and so is the search text of the articles they wrote (it holds authors' names)."""
    authored = Authorship.objects.using(using).filter(contributor_id=contributor_id)
    authored_ids = set(authored.values_list("article_id", flat=True))
    defer(ARTICLE_SEARCH_STALE, authored_ids, using=using)
    defer(ARTICLE_CONTENT_CHANGED, authored_ids, using=using)
    edited = Article.objects.using(using).filter(responsible_editor_id=contributor_id)
    defer(ISSUE_CONTENT_CHANGED, edited.values_list("issue_id", flat=True), using=using)
    photos = PhotoCredit.objects.using(using).filter(photographer_id=contributor_id)
    for issue_id, article_issue_id in photos.values_list("issue_id", "article__issue_id"):
        defer(ISSUE_CONTENT_CHANGED, [issue_id, article_issue_id], using=using)
