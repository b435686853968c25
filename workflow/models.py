"""Sign-offs: one row per step of 三审三校 and per 签发 or 撤回 of an issue."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Stage
from audit.querysets import RecordedQuerySet
from audit.scope import NO_SCOPE, ChangeScope
from issues.models import change_scopes_in_issues

# The stages of an issue that a sign-off records (an article's are articles.models.Stage).
ISSUE_SIGN = "issue_sign"
ISSUE_WITHDRAW = "issue_withdraw"
ISSUE_STEPS = [(ISSUE_SIGN, _("签发")), (ISSUE_WITHDRAW, _("撤回"))]
SIGN_OFF_STAGES = [*Stage.choices, *ISSUE_STEPS]


def stage_permission(stage: str) -> str:
    """The permission (app_label.codename) a person needs to sign an article at `stage`."""
    return f"workflow.sign_{stage}"


SIGN_ISSUE_PERMISSION = "workflow.sign_issue"
WITHDRAW_ISSUE_PERMISSION = "workflow.withdraw_issue"


class SignOffQuerySet(RecordedQuerySet):
    def in_order(self):
        """Oldest first: the history of an article or an issue as it happened."""
        return self.select_related("signed_by").order_by("signed_at", "id")


class SignOff(models.Model):
    """One signed step: who, when, at which stage, which decision, with what opinion.

    An article's sign-off moves it from `stage` to the next one (通过), back to `returned_to`
    (退回修改) or out of the workflow (不予刊用). An issue's records its 签发 (with the override
    reason when its articles or checklist were not ready) or its withdrawal (with the reason).
    """

    class Decision(models.TextChoices):
        APPROVED = "approved", _("通过")
        RETURNED = "returned", _("退回修改")
        REJECTED = "rejected", _("不予刊用")
        WITHDRAWN = "withdrawn", _("撤回")

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sign_offs",
        verbose_name=_("article"),
    )
    issue = models.ForeignKey(
        "issues.Issue",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sign_offs",
        verbose_name=_("issue"),
        help_text=_("签发或撤回的期次；稿件的签署此项为空。"),
    )
    stage = models.CharField(_("阶段"), max_length=20, choices=SIGN_OFF_STAGES)
    decision = models.CharField(
        _("决定"), max_length=20, choices=Decision.choices, default=Decision.APPROVED
    )
    returned_to = models.CharField(
        _("退回至"),
        max_length=20,
        choices=Stage.choices,
        blank=True,
        help_text=_("退回修改时，稿件回到的阶段。"),
    )
    opinion = models.TextField(
        _("意见"), blank=True, help_text=_("审稿意见、校对记录，或签发、撤回的理由。")
    )
    override_reason = models.TextField(
        _("强制签发理由"),
        blank=True,
        help_text=_("稿件未全部定稿或核对清单有问题时，主编仍签发的理由。"),
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sign_offs",
        verbose_name=_("签署人"),
    )
    signed_at = models.DateTimeField(_("签署时间"), auto_now_add=True)

    objects = SignOffQuerySet.as_manager()

    class Meta:
        verbose_name = _("签署记录")
        verbose_name_plural = _("签署记录")
        ordering = ["signed_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, issue__isnull=True)
                | Q(article__isnull=True, issue__isnull=False),
                name="sign_off_of_article_or_issue",
                violation_error_message=_("签署记录属于一篇稿件或一期，二者居一。"),
            ),
            models.CheckConstraint(
                condition=~Q(decision="returned") | ~Q(returned_to=""),
                name="sign_off_return_names_stage",
                violation_error_message=_("退回修改须写明退回到哪个阶段。"),
            ),
        ]
        indexes = [models.Index(fields=["article", "signed_at"])]
        permissions = [
            ("sign_received", _("可登记收稿（送初审）")),
            ("sign_first_review", _("可签署初审")),
            ("sign_second_review", _("可签署复审")),
            ("sign_final_review", _("可签署终审")),
            ("sign_proof_1", _("可签署一校")),
            ("sign_proof_2", _("可签署二校")),
            ("sign_proof_3", _("可签署三校")),
            ("sign_read_through", _("可签署通读")),
            ("sign_issue", _("可签发期次")),
            ("withdraw_issue", _("可撤回已签发或已出版的期次")),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} {self.get_decision_display()} {self.signed_by}"

    @classmethod
    def change_scopes(cls, rows, *, action=None) -> list[ChangeScope]:
        """An article's sign-off belongs to its issue; an issue's to the issue."""
        in_issues = change_scopes_in_issues([row.issue_id for row in rows])
        of_articles = Article.objects.change_scopes_of(
            row.article_id for row in rows if row.issue_id is None
        )
        return [
            scope if row.issue_id is not None else of_articles.get(row.article_id, NO_SCOPE)
            for row, scope in zip(rows, in_issues, strict=True)
        ]
