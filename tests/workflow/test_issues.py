"""签发, publishing and withdrawal of an issue; the publication lock; scheduled publishing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article
from articles.services import article_update
from core.errors import Conflict
from issues.locks import PublicationLocked
from issues.models import Issue
from issues.services import issue_publish, issue_update
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    chief_editor,
    sign_off_issue,
    user_in_group,
    withdraw_to_draft,
)
from workflow.models import SignOff
from workflow.roles import OFFICE_HEAD_GROUP
from workflow.services import issue_sign, issue_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    issue = IssueFactory(status=Issue.Status.DRAFT)
    ArticleFactory(issue=issue, title="已定稿", stage=Article.Stage.READY)
    return issue


def test_an_issue_cannot_be_signed_while_an_article_is_not_ready(draft):
    ArticleFactory(issue=draft, title="还在二校", stage=Article.Stage.PROOF_2)
    chief = chief_editor()
    with pytest.raises(Conflict, match="《还在二校》尚未定稿"):
        issue_sign(issue=draft, user=chief)
    draft.refresh_from_db()
    assert draft.status == Issue.Status.DRAFT
    # With a recorded override it goes, and the reason is kept.
    issue_sign(issue=draft, user=chief, override_reason="时间紧，二校稿主编已亲自核过")
    draft.refresh_from_db()
    assert draft.status == Issue.Status.SIGNED
    assert SignOff.objects.get(issue=draft).override_reason == "时间紧，二校稿主编已亲自核过"


def test_signing_needs_the_chiefs_permission(draft):
    with pytest.raises(PermissionDenied):
        issue_sign(issue=draft, user=user_in_group("zhuren", OFFICE_HEAD_GROUP))
    draft.refresh_from_db()
    assert draft.status == Issue.Status.DRAFT


def test_an_issue_cannot_be_published_before_it_is_signed(draft):
    with pytest.raises(Conflict, match="尚未签发"):
        issue_publish(issue=draft)
    sign_off_issue(draft)
    issue_publish(issue=draft)
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None


def test_withdrawing_needs_a_reason_and_is_recorded(seed_issue):
    chief = chief_editor()
    with pytest.raises(ValidationError) as no_reason:
        issue_withdraw(issue=seed_issue, user=chief, reason="  ")
    assert "reason" in no_reason.value.error_dict
    with pytest.raises(PermissionDenied):
        issue_withdraw(
            issue=seed_issue, user=user_in_group("zhuren", OFFICE_HEAD_GROUP), reason="x"
        )
    seed_issue.refresh_from_db()
    assert seed_issue.is_published
    issue_withdraw(issue=seed_issue, user=chief, reason="卷首语有错字，撤回重印")
    seed_issue.refresh_from_db()
    assert seed_issue.status == Issue.Status.DRAFT
    record = SignOff.objects.get(issue=seed_issue)
    assert (record.decision, record.opinion, record.signed_by) == (
        SignOff.Decision.WITHDRAWN,
        "卷首语有错字，撤回重印",
        chief,
    )
    # Editable again.
    article = seed_issue.articles.first()
    article_update(article=article, note="撤回后可改")


def test_a_published_issue_refuses_changes_to_its_content(seed_issue):
    article = seed_issue.articles.first()
    with pytest.raises(PublicationLocked, match="已出版"):
        article_update(article=article, title="悄悄改")
    with pytest.raises(PublicationLocked):
        issue_update(issue=seed_issue, cover_caption="悄悄改")
    article.refresh_from_db()
    assert article.title != "悄悄改"


def test_publish_due_publishes_exactly_the_due_issues_once(draft, capsys):
    now = timezone.now()
    due = sign_off_issue(draft)
    Issue.objects.filter(pk=due.pk).update(publish_at=now - datetime.timedelta(minutes=1))
    later = sign_off_issue(IssueFactory(status=Issue.Status.DRAFT, periodical=draft.periodical))
    Issue.objects.filter(pk=later.pk).update(publish_at=now + datetime.timedelta(days=1))
    unscheduled = sign_off_issue(
        IssueFactory(status=Issue.Status.DRAFT, periodical=draft.periodical)
    )
    not_signed = IssueFactory(
        status=Issue.Status.DRAFT,
        periodical=draft.periodical,
        publish_at=now - datetime.timedelta(hours=1),
    )

    call_command("publish_due")
    first = capsys.readouterr().out
    call_command("publish_due")
    second = capsys.readouterr().out

    assert f"published {due.pk} " in first and first.count("published ") == 1
    assert second.strip() == "nothing due"
    statuses = dict(Issue.objects.filter(periodical=draft.periodical).values_list("pk", "status"))
    assert statuses == {
        due.pk: Issue.Status.PUBLISHED,
        later.pk: Issue.Status.SIGNED,
        unscheduled.pk: Issue.Status.SIGNED,
        not_signed.pk: Issue.Status.DRAFT,
    }
    # Published once: the time it was published is not moved by the second run.
    published_at = Issue.objects.get(pk=due.pk).published_at
    call_command("publish_due")
    assert Issue.objects.get(pk=due.pk).published_at == published_at


def test_a_scheduled_issue_cannot_be_published_by_hand_before_its_time(draft):
    sign_off_issue(draft)
    Issue.objects.filter(pk=draft.pk).update(
        publish_at=timezone.now() + datetime.timedelta(hours=2)
    )
    with pytest.raises(Conflict, match="时间未到"):
        issue_publish(issue=draft)


def test_withdrawn_seed_issue_helper_leaves_a_draft(seed_issue):
    assert withdraw_to_draft(seed_issue).status == Issue.Status.DRAFT
