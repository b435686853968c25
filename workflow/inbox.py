"""待我处理: the articles waiting at a stage the user may sign, and the issues waiting for 签发.

One read model for the admin index and `GET /api/v1/inbox/`, in two queries.
"""

from dataclasses import dataclass

from django.db.models import Count, DateTimeField, Exists, Max, OuterRef, Q
from django.db.models.functions import Coalesce

from articles.models import REVIEW_STAGES, SIGNED_STAGES, Article, Stage
from issues.models import Issue

from .models import SIGN_ISSUE_PERMISSION, SignOff
from .services import can_sign_stage

INBOX_LIMIT = 100  # each list; the oldest first, so what waits longest is never cut


@dataclass(frozen=True)
class Inbox:
    articles: list[Article]
    issues: list[Issue]

    @property
    def empty(self) -> bool:
        return not self.articles and not self.issues


def inbox_for(user) -> Inbox:
    """What waits for `user`: articles of issues in 编排 at a stage they may sign (not a review
    they may not sign because they passed another review of it), oldest first; and, for those
    who may 签发, the issues in 编排 whose articles are all 定稿."""
    if not (user and user.is_authenticated and user.is_active and user.is_staff):
        return Inbox(articles=[], issues=[])
    stages = [stage for stage in SIGNED_STAGES if can_sign_stage(user, stage)]
    articles = []
    if stages:
        reviewed_elsewhere = SignOff.objects.filter(
            article=OuterRef("pk"),
            signed_by=user,
            decision=SignOff.Decision.APPROVED,
            stage__in=REVIEW_STAGES,
        ).exclude(stage=OuterRef("stage"))
        articles = list(
            Article.objects.filter(stage__in=stages, issue__status=Issue.Status.DRAFT)
            .exclude(Q(stage__in=REVIEW_STAGES) & Exists(reviewed_elsewhere))
            .without_texts()
            .select_related("issue__periodical")
            .annotate(
                waiting_since=Coalesce(
                    Max("sign_offs__signed_at"), "created_at", output_field=DateTimeField()
                )
            )
            .order_by("waiting_since", "pk")[:INBOX_LIMIT]
        )
    issues = []
    if user.has_perm(SIGN_ISSUE_PERMISSION):
        issues = list(
            Issue.objects.filter(status=Issue.Status.DRAFT)
            .select_related("periodical")
            .annotate(
                article_count=Count("articles"),
                not_ready_count=Count("articles", filter=~Q(articles__stage=Stage.READY)),
            )
            .filter(article_count__gt=0, not_ready_count=0)
            .order_by("updated_at", "pk")[:INBOX_LIMIT]
        )
    return Inbox(articles=articles, issues=issues)
