"""Writes of the editorial workflow: signing an article's step, signing off and withdrawing an
issue. Each writes a SignOff row (a change record too) and moves the state machine of the
article's stage or the issue's status (django-fsm-2 transitions on the models) in one
transaction. The admin, the API and the commands call these and nothing else.
"""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from articles.models import REVIEW_STAGES, Article, Stage
from core.api import LISTS_TAG
from core.concurrency import version_claim
from core.effects import CDN_PURGE, ISSUE_CONTENT_CHANGED, collecting, defer
from core.errors import Conflict
from issues.locks import ensure_editable
from issues.models import Issue

from .models import (
    ISSUE_SIGN,
    ISSUE_WITHDRAW,
    SIGN_ISSUE_PERMISSION,
    WITHDRAW_ISSUE_PERMISSION,
    SignOff,
    stage_permission,
)

# What else must hold before an issue is signed off: functions (issue) -> list of problems,
# one line each, registered by the apps above (accountability: the checklist's blocking items).
_sign_checks: list[Callable[[Issue], list[str]]] = []


def register_sign_check(check: Callable[[Issue], list[str]]) -> None:
    """Make `check(issue)` part of what 签发 requires (registering twice is harmless)."""
    if check not in _sign_checks:
        _sign_checks.append(check)


def stage_label(stage: str) -> str:
    return str(Stage(stage).label) if stage in Stage.values else stage


def can_sign_stage(user, stage: str) -> bool:
    """Whether `user` holds the permission to sign an article waiting at `stage`."""
    return bool(user and user.is_active and user.has_perm(stage_permission(stage)))


@collecting
def article_sign_off(
    *,
    article: Article,
    user,
    decision: str,
    stage: str | None = None,
    opinion: str = "",
    returned_to: str = "",
    expected_version: int | None = None,
) -> SignOff:
    """Sign the step the article waits at: 通过 moves it to the next stage, 退回修改 back to
    `returned_to` (an earlier stage), 不予刊用 out of the workflow.

    `stage`, when given, is the step the signer means to sign: if the article is elsewhere the
    sign-off is refused (Conflict), so nobody signs a step they have not seen. The signer needs
    the stage's permission; the three reviews (初审, 复审, 终审) are by three different people.
    """
    ensure_editable(article.issue)
    version_claim(article, expected_version=expected_version)
    article.refresh_from_db(fields=["stage"])
    current = article.stage
    if stage is not None and stage != current:
        raise Conflict(
            _("稿件当前处于“%(current)s”阶段，不能签署“%(stage)s”：各阶段须依次签署，不能跳过。")
            % {"current": stage_label(current), "stage": stage_label(stage)},
            code="wrong_stage",
        )
    if current not in article.stage_sequence():
        raise Conflict(
            _("稿件已是“%(stage)s”，没有待签署的步骤。") % {"stage": stage_label(current)},
            code="no_step",
        )
    if not can_sign_stage(user, current):
        raise PermissionDenied(_("您没有签署“%(stage)s”的权限。") % {"stage": stage_label(current)})
    if decision == SignOff.Decision.APPROVED and current in REVIEW_STAGES:
        _ensure_third_reviewer(article, user, current)
    if decision in (SignOff.Decision.RETURNED, SignOff.Decision.REJECTED) and not opinion.strip():
        raise ValidationError({"opinion": _("退回修改或不予刊用，须写明意见。")})
    if decision == SignOff.Decision.APPROVED:
        article.advance()
        returned_to = ""
    elif decision == SignOff.Decision.RETURNED:
        earlier = article.earlier_stages()
        if returned_to not in earlier:
            raise ValidationError(
                {
                    "returned_to": _("只能退回到本阶段之前的阶段：%(stages)s。")
                    % {"stages": "、".join(stage_label(s) for s in earlier) or "—"}
                }
            )
        article.send_back(to=returned_to)
    elif decision == SignOff.Decision.REJECTED:
        article.reject()
        returned_to = ""
    else:
        raise ValidationError({"decision": _("决定须为通过、退回修改或不予刊用。")})
    article.save(update_fields=["stage", "version", "updated_at"])
    sign_off = SignOff(
        article=article,
        stage=current,
        decision=decision,
        returned_to=returned_to,
        opinion=opinion.strip(),
        signed_by=user,
    )
    sign_off.full_clean()
    sign_off.save()
    return sign_off


def _ensure_third_reviewer(article: Article, user, stage: str) -> None:
    """三审 by three people: who passed another review of this article cannot pass this one."""
    other = (
        SignOff.objects.filter(
            article=article,
            signed_by=user,
            decision=SignOff.Decision.APPROVED,
            stage__in=[s for s in REVIEW_STAGES if s != stage],
        )
        .order_by("signed_at")
        .first()
    )
    if other is not None:
        raise PermissionDenied(
            _("三审须由三人分别签署：您已签署过本稿的“%(other)s”，不能再签署“%(stage)s”。")
            % {"other": stage_label(other.stage), "stage": stage_label(stage)}
        )


def issue_sign_blockers(issue: Issue) -> list[str]:
    """Why the issue is not ready for 签发: articles not yet 定稿, then the registered checks
    (the checklist's blocking items). Empty when it is ready."""
    problems = []
    waiting = issue.articles.exclude(stage=Stage.READY).in_toc_order()
    for article in waiting.only("pk", "issue_id", "title", "continuation_pages", "stage"):
        problems.append(
            _("《%(title)s》尚未定稿（%(stage)s）")
            % {"title": article, "stage": article.get_stage_display()}
        )
    for check in _sign_checks:
        problems.extend(check(issue))
    return problems


@collecting
def issue_sign(
    *,
    issue: Issue,
    user,
    opinion: str = "",
    override_reason: str = "",
    publish_at=None,
    expected_version: int | None = None,
) -> SignOff:
    """签发: the editor-in-chief releases the issue for print. Every article must be 定稿 and
    the checklist clear, or the signer records why the issue goes anyway (`override_reason`).
    `publish_at` schedules the publication (manage.py publish_due); without it the issue is
    published by the 发布 action."""
    if not (user and user.is_active and user.has_perm(SIGN_ISSUE_PERMISSION)):
        raise PermissionDenied(_("只有持有签发权限的人（主编）可以签发。"))
    version_claim(issue, expected_version=expected_version)
    issue.refresh_from_db(fields=["status"])
    if issue.status != Issue.Status.DRAFT:
        raise Conflict(
            _("%(issue)s 已是“%(status)s”，不能再签发。")
            % {"issue": issue, "status": issue.get_status_display()},
            code="not_draft",
        )
    problems = issue_sign_blockers(issue)
    if problems and not override_reason.strip():
        raise Conflict(
            _("%(issue)s 尚不能签发：%(problems)s。如仍要签发，须写明强制签发理由。")
            % {"issue": issue, "problems": "；".join(problems)},
            code="not_ready",
        )
    issue.sign()
    fields = ["status", "version", "updated_at"]
    if publish_at is not None:
        issue.publish_at = publish_at
        fields.append("publish_at")
    issue.save(update_fields=fields)
    sign_off = SignOff(
        issue=issue,
        stage=ISSUE_SIGN,
        decision=SignOff.Decision.APPROVED,
        opinion=opinion.strip(),
        override_reason=override_reason.strip() if problems else "",
        signed_by=user,
    )
    sign_off.full_clean()
    sign_off.save()
    return sign_off


@collecting
def issue_withdraw(
    *, issue: Issue, user, reason: str, expected_version: int | None = None
) -> SignOff:
    """撤回: a signed or published issue back to 编排 (editable again), by a recorded decision
    with its reason, by someone holding the withdrawal permission."""
    if not (user and user.is_active and user.has_perm(WITHDRAW_ISSUE_PERMISSION)):
        raise PermissionDenied(_("只有持有撤回权限的人（主编）可以撤回期次。"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("撤回须写明理由。")})
    version_claim(issue, expected_version=expected_version)
    issue.refresh_from_db(fields=["status"])
    if issue.status == Issue.Status.DRAFT:
        raise Conflict(_("%(issue)s 尚在编排，无需撤回。") % {"issue": issue}, code="draft")
    was_published = issue.status == Issue.Status.PUBLISHED
    issue.withdraw()
    issue.save(update_fields=["status", "version", "updated_at"])
    defer(ISSUE_CONTENT_CHANGED, [issue.pk])  # a new ETag when it is published again
    if was_published:  # readers saw it: the CDN drops its copies (audit/cdn.py)
        defer(CDN_PURGE, [f"issue-{issue.pk}", LISTS_TAG])
    sign_off = SignOff(
        issue=issue,
        stage=ISSUE_WITHDRAW,
        decision=SignOff.Decision.WITHDRAWN,
        opinion=reason.strip(),
        signed_by=user,
    )
    sign_off.full_clean()
    sign_off.save()
    return sign_off
