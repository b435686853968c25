"""Which periodical and issue a change belongs to, and whether that issue was published."""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class ChangeScope:
    periodical_id: int | None = None
    issue_id: int | None = None
    after_publication: bool = False


CREATE = 0  # django-auditlog's LogEntry.Action.CREATE


def change_scope(instance, *, action=None) -> ChangeScope:
    """The scope of a change to `instance`, read before an update is written.

    An update is recorded before it is saved, so the issue's status read here is the one the
    change was made against: publishing a draft is not a change after publication,
    withdrawing a published issue is.
    """
    Issue = apps.get_model("issues", "Issue")
    Article = apps.get_model("articles", "Article")
    label = instance._meta.label
    if label == "issues.Issue":
        stored = Issue.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
        status = stored if stored is not None else instance.status
        return ChangeScope(
            periodical_id=instance.periodical_id,
            issue_id=instance.pk,
            after_publication=action != CREATE and status == Issue.Status.PUBLISHED,
        )
    if label in ("periodical.Periodical",):
        return ChangeScope(periodical_id=instance.pk)
    if label in ("periodical.Column", "periodical.MastheadRole"):
        return ChangeScope(periodical_id=instance.periodical_id)
    issue_id = getattr(instance, "issue_id", None)
    if issue_id is None and getattr(instance, "article_id", None) is not None:
        articles = Article.objects.filter(pk=instance.article_id)
        issue_id = articles.values_list("issue_id", flat=True).first()
    if issue_id is None:
        return ChangeScope()
    periodical_id, status = Issue.objects.filter(pk=issue_id).values_list(
        "periodical_id", "status"
    ).first() or (None, None)
    return ChangeScope(
        periodical_id=periodical_id,
        issue_id=issue_id,
        after_publication=status == Issue.Status.PUBLISHED,
    )
