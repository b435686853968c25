"""The auditor role: reads everything, drafts and history included; changes nothing."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from articles.models import Article
from audit.models import ChangeRecord
from audit.roles import AUDITED_APPS, AUDITOR_GROUP
from issues.models import Issue
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_article(db) -> Article:
    return ArticleFactory(issue=IssueFactory(status=Issue.Status.DRAFT), title="未发布的文章")


def test_the_migration_creates_the_group_with_view_permissions_only():
    permissions = Group.objects.get(name=AUDITOR_GROUP).permissions.all()
    assert permissions.exists()
    assert {permission.codename.split("_")[0] for permission in permissions} == {"view"}
    apps = {permission.content_type.app_label for permission in permissions}
    assert apps == set(AUDITED_APPS)
    assert permissions.filter(codename="view_changerecord").exists()


class TestAdmin:
    def test_an_auditor_sees_drafts_and_history_read_only(self, auditor_client, draft_article):
        change_url = reverse("admin:articles_article_change", args=[draft_article.pk])
        page = auditor_client.get(change_url)
        assert page.status_code == 200
        assert "未发布的文章" in page.text
        assert 'name="_save"' not in page.text  # no save button: the form is read-only
        history = reverse("admin:articles_article_history", args=[draft_article.pk])
        assert auditor_client.get(history).status_code == 200
        changes = reverse("admin:audit_changerecord_changelist")
        assert auditor_client.get(changes).status_code == 200

    def test_an_auditors_change_is_refused_and_changes_nothing(self, auditor_client, draft_article):
        change_url = reverse("admin:articles_article_change", args=[draft_article.pk])
        response = auditor_client.post(change_url, {"title": "审计员改的"})
        assert response.status_code == 403
        add = auditor_client.post(reverse("admin:articles_article_add"), {"title": "新"})
        assert add.status_code == 403
        delete_url = reverse("admin:articles_article_delete", args=[draft_article.pk])
        assert auditor_client.post(delete_url, {"post": "yes"}).status_code == 403
        draft_article.refresh_from_db()
        assert draft_article.title == "未发布的文章"
        assert Article.objects.filter(title="新").count() == 0

    def test_an_auditor_cannot_publish_through_the_issue_actions(
        self, auditor, auditor_client, draft_article
    ):
        issue = draft_article.issue
        changelist = reverse("admin:issues_issue_changelist")
        page = auditor_client.get(changelist)
        assert 'value="publish"' not in page.text
        auditor_client.post(changelist, {"action": "publish", "_selected_action": [issue.pk]})
        issue.refresh_from_db()
        assert issue.status == Issue.Status.DRAFT
        assert ChangeRecord.objects.filter(issue_id=issue.pk).exists()  # its creation
        assert not ChangeRecord.objects.filter(issue_id=issue.pk, actor=auditor).exists()


class TestApi:
    def test_an_auditor_reads_drafts_and_the_record(self, auditor_api, draft_article):
        assert auditor_api.get(f"/api/v1/articles/{draft_article.pk}/").status_code == 200
        issue = draft_article.issue
        assert auditor_api.get(f"/api/v1/issues/{issue.pk}/toc/").status_code == 200
        records = auditor_api.get("/api/v1/changes/", {"issue": issue.pk})
        assert records.status_code == 200
        assert records.data["count"] >= 2  # the issue and the article were created

    def test_an_auditors_writes_are_refused(self, auditor_api, draft_article):
        issue = draft_article.issue
        article_url = f"/api/v1/articles/{draft_article.pk}/"
        attempts = [
            auditor_api.patch(article_url, {"title": "审计员改的"}, format="json"),
            auditor_api.delete(article_url),
            auditor_api.post(
                "/api/v1/articles/",
                {"issue": issue.pk, "title": "审计员加的"},
                format="json",
            ),
            auditor_api.patch(f"/api/v1/issues/{issue.pk}/", {"note": "改"}, format="json"),
            auditor_api.post(f"/api/v1/issues/{issue.pk}/publish/"),
            auditor_api.patch(
                f"/api/v1/periodicals/{issue.periodical.slug}/", {"name": "改"}, format="json"
            ),
        ]
        assert [response.status_code for response in attempts] == [403] * len(attempts)
        draft_article.refresh_from_db()
        issue.refresh_from_db()
        assert draft_article.title == "未发布的文章"
        assert issue.status == Issue.Status.DRAFT and issue.note == ""
        assert not Article.objects.filter(title="审计员加的").exists()
