"""Corrections (勘误): the one way printed content changes after publication."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from audit.querysets import RecordedQuerySet
from audit.scope import ChangeScope
from issues.models import Issue, change_scopes_in_issues

from .targets import Target, place_of

APPROVE_PERMISSION = "corrections.approve_correction"


class CorrectionQuerySet(RecordedQuerySet):
    def newest_first(self):
        """The latest notice first: by the date it was published, then when it was applied."""
        return self.order_by("-published_on", "-applied_at", "-id")

    def published(self):
        """Corrections of published issues: what readers may see."""
        return self.filter(issue__status=Issue.Status.PUBLISHED)

    def for_listing(self):
        """With the issue, its periodical, the article and the approver, newest first."""
        return self.select_related("issue__periodical", "article", "approved_by").newest_first()


def corrections_prefetch(lookup: str = "corrections") -> Prefetch:
    """Prefetch an article's or an issue's corrections, newest first, with their article: what
    the `corrections` of the API shows (one query for every article or issue of a page)."""
    return Prefetch(
        lookup,
        queryset=Correction.objects.select_related("article").only(
            "id", "issue_id", "article_id", "article__title", "target", "wrong_text",
            "right_text", "notice", "published_on", "applied_at",
        ).newest_first(),
    )  # fmt: skip


class Correction(models.Model):
    """A published correction (勘误) of an issue or one of its articles: the place, the wrong
    and the right text, why, and the chief editor who approved it. Applied when it is made,
    and never changed afterwards."""

    issue = models.ForeignKey(
        "issues.Issue",
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("issue"),
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,  # the notice outlives an article deleted after a withdrawal
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("article"),
        help_text=_("Empty for a correction of the issue itself (cover, masthead)."),
    )
    target = models.CharField(
        _("what is corrected"),
        max_length=60,
        choices=Target.choices,
        help_text=_("The field, or the name or caption in a row, that held the wrong text."),
    )
    wrong_text = models.TextField(
        _("wrong text"), help_text=_("As printed; it must occur exactly once in that place.")
    )
    right_text = models.TextField(_("right text"), help_text=_("What it should have said."))
    reason = models.TextField(_("reason"), help_text=_("Why, and on whose report."))
    notice = models.TextField(
        _("notice"),
        help_text=_("The published text, e.g. 本文第2段“…”应为“…”，特此更正。"),
    )
    published_on = models.DateField(_("published on"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"))
    applied_at = models.DateTimeField(_("applied at"))
    change_records = models.ManyToManyField(
        "audit.ChangeRecord",
        blank=True,
        related_name="+",
        verbose_name=_("change records"),
        help_text=_("The changes of the content this correction made."),
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-published_on", "-applied_at", "-id"]
        permissions = [("approve_correction", _("Can approve and apply a correction"))]
        indexes = [models.Index(fields=["issue", "published_on"], name="correction_issue_date")]

    def __str__(self):
        return self.notice

    @property
    def place(self):
        return place_of(self.target)

    @property
    def audit_reason(self) -> str:
        """What the change records of its changes say they were made for: 勘误 #12：…"""
        return f"勘误 #{self.pk}：{self.notice}"

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        return change_scopes_in_issues([row.issue_id for row in rows])
