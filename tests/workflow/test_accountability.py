"""The workflow in the accountability pages: the checklist holds back 签发 and flags missing
reviews; the report says who signed each stage of each article, and when."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accountability.reports import issue_checklist
from articles.models import Article
from core.errors import Conflict
from issues.models import Issue
from tests.factories import (
    ArticleFactory,
    ContributorFactory,
    IssueFactory,
    chief_editor,
    user_in_group,
)
from workflow.roles import OFFICE_HEAD_GROUP, RESPONSIBLE_EDITOR_GROUP
from workflow.services import article_sign_off, issue_sign

pytestmark = pytest.mark.django_db

Stage = Article.Stage


def complete_article(issue, **fields) -> Article:
    """An article the checklist has nothing against: editor, author source, text, page."""
    return ArticleFactory(
        issue=issue,
        responsible_editor=ContributorFactory(),
        source_org="本刊编辑部供稿",
        body="正文",
        start_page=fields.pop("start_page", 1),
        **fields,
    )


def test_a_blocking_checklist_item_holds_back_signing_unless_overridden():
    issue = IssueFactory(status=Issue.Status.DRAFT)
    complete_article(issue, stage=Stage.READY, start_page=1)
    unedited = complete_article(issue, stage=Stage.READY, start_page=3, title="无责编稿件")
    Article.objects.filter(pk=unedited.pk).update(responsible_editor=None)
    chief = chief_editor()
    with pytest.raises(Conflict, match="核对清单"):
        issue_sign(issue=issue, user=chief)
    Article.objects.filter(pk=unedited.pk).update(responsible_editor=ContributorFactory())
    issue_sign(issue=issue, user=chief)  # clear now: no override needed
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SIGNED


def test_the_checklist_flags_missing_reviews_and_says_no_record_for_imported_articles(
    seed_issue,
):
    checks = {check.code: check for check in issue_checklist(seed_issue).checks}
    unrecorded = checks["no_review_record"]
    assert len(unrecorded.items) == seed_issue.articles.count()
    assert {item.detail for item in unrecorded.items} == {"无审稿记录"}
    assert unrecorded.passed and not unrecorded.blocking  # not an error
    assert checks["reviews_missing"].passed

    issue = IssueFactory(status=Issue.Status.DRAFT)
    article = complete_article(issue, stage=Stage.FIRST_REVIEW)
    article_sign_off(
        article=article, user=user_in_group("zebian", RESPONSIBLE_EDITOR_GROUP), decision="approved"
    )
    issue_sign(issue=issue, user=chief_editor(), override_reason="复审终审由主编当面审定")
    checks = {check.code: check for check in issue_checklist(issue).checks}
    [item] = checks["reviews_missing"].items
    assert item.article_id == article.pk and item.detail == "缺少：复审、终审"
    assert not checks["reviews_missing"].passed


def test_the_report_shows_who_signed_each_stage_and_when():
    issue = IssueFactory(status=Issue.Status.DRAFT, year=2031)
    article = complete_article(issue, stage=Stage.FIRST_REVIEW, title="问责稿件")
    responsible = user_in_group("zebian", RESPONSIBLE_EDITOR_GROUP, first_name="杨佩佩")
    head = user_in_group("zhuren", OFFICE_HEAD_GROUP, first_name="夏珑祯")
    article_sign_off(
        article=Article.objects.get(pk=article.pk), user=responsible, decision="approved"
    )
    article_sign_off(article=Article.objects.get(pk=article.pk), user=head, decision="approved")
    auditor = APIClient()
    auditor.force_authenticate(chief_editor())

    data = auditor.get("/api/v1/accountability/sign-offs/", {"year": 2031}).json()
    [row] = [a for a in data["articles"] if a["article_id"] == article.pk]
    assert [(s["label"], s["signer"]) for s in row["signatures"]] == [
        ("初审", "杨佩佩"),
        ("复审", "夏珑祯"),
    ]
    assert all(s["signed_at"] for s in row["signatures"]) and row["detail"] == ""

    client = Client()  # the admin page and its CSV download
    client.force_login(chief_editor())
    response = client.get(
        reverse("accountability_report"), {"year": 2031, "download": "csv-sign-offs"}
    )
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    text = text.decode("utf-8-sig")
    [line] = [line for line in text.splitlines() if "问责稿件" in line]
    assert "杨佩佩 " in line and "夏珑祯 " in line
    page = client.get(reverse("accountability_report"), {"year": 2031}).content.decode()
    assert "初审：杨佩佩" in page
