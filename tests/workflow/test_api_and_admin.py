"""The workflow through the API and the admin: sign-off actions, staff-only fields, the lock
answered with 409 in Chinese, a scheduled issue invisible before its time, the inbox."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Article
from issues.models import Issue
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    chief_editor,
    sign_off_issue,
    user_in_group,
)
from workflow.roles import EDITOR_GROUP, RESPONSIBLE_EDITOR_GROUP

pytestmark = pytest.mark.django_db


def client_of(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def draft():
    return IssueFactory(status=Issue.Status.DRAFT)


def test_an_article_is_signed_through_the_api_with_if_match(draft):
    article = ArticleFactory(issue=draft, title="来稿")
    editor = client_of(user_in_group("bianji", EDITOR_GROUP))
    url = f"/api/v1/articles/{article.pk}/"
    read = editor.get(url)
    assert read.json()["stage"] == "received" and read.json()["sign_offs"] == []
    body = {"stage": "received", "decision": "approved", "opinion": "登记"}
    signed = editor.post(url + "sign-off/", body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert signed.status_code == 200, signed.content
    assert signed.json()["stage"] == "first_review"
    assert signed.json()["sign_offs"][0]["signed_by"]["username"] == "bianji"
    assert signed["ETag"] == editor.get(url)["ETag"]
    # The old ETag is stale now: 412, nothing signed.
    again = editor.post(url + "sign-off/", body, format="json", HTTP_IF_MATCH=read["ETag"])
    assert again.status_code == 412
    # The editor may not sign 初审: 403 with why; skipping to 复审: 409.
    first = {"stage": "first_review", "decision": "approved"}
    assert editor.post(url + "sign-off/", first, format="json").status_code == 403
    skip = {"stage": "second_review", "decision": "approved"}
    chief = client_of(chief_editor())
    refused = chief.post(url + "sign-off/", skip, format="json")
    assert refused.status_code == 409 and "不能跳过" in refused.json()["detail"]
    bad = chief.post(
        url + "sign-off/", {"stage": "first_review", "decision": "maybe"}, format="json"
    )
    assert bad.status_code == 400 and "decision" in bad.json()
    assert Article.objects.get(pk=article.pk).stage == "first_review"


def test_anonymous_clients_see_no_stage_nor_sign_offs(seed_issue):
    article = seed_issue.articles.first()
    anonymous = APIClient().get(f"/api/v1/articles/{article.pk}/").json()
    assert "stage" not in anonymous and "sign_offs" not in anonymous
    assert "sign_offs" not in APIClient().get(f"/api/v1/issues/{seed_issue.pk}/").json()
    staff = client_of(chief_editor()).get(f"/api/v1/articles/{article.pk}/").json()
    assert staff["stage"] == "ready" and staff["workflow_origin"] == "imported"
    assert client_of(chief_editor()).post(
        f"/api/v1/articles/{article.pk}/sign-off/", {}, format="json"
    ).status_code in (400, 409)
    assert APIClient().post(f"/api/v1/articles/{article.pk}/sign-off/", {}).status_code == 401


def test_an_edit_of_a_published_issue_is_refused_by_the_api_with_409(seed_issue):
    chief = client_of(chief_editor())
    article = seed_issue.articles.first()
    response = chief.patch(f"/api/v1/articles/{article.pk}/", {"title": "改"}, format="json")
    assert response.status_code == 409 and "勘误" in response.json()["detail"]
    response = chief.patch(f"/api/v1/issues/{seed_issue.pk}/", {"note": "改"}, format="json")
    assert response.status_code == 409 and "已出版" in response.json()["detail"]


def test_an_issue_is_signed_published_and_withdrawn_through_the_api(draft):
    ArticleFactory(issue=draft, stage=Article.Stage.PROOF_3)
    chief = client_of(chief_editor())
    url = f"/api/v1/issues/{draft.pk}/"
    assert chief.post(url + "publish/").status_code == 409  # not signed
    blocked = chief.post(url + "sign-off/", {"decision": "approved"}, format="json")
    assert blocked.status_code == 409 and "尚未定稿" in blocked.json()["detail"]
    signed = chief.post(
        url + "sign-off/", {"decision": "approved", "override_reason": "三校稿已核"}, format="json"
    )
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    assert signed.json()["sign_offs"][0]["override_reason"] == "三校稿已核"
    assert chief.post(url + "publish/").json()["status"] == "published"
    no_reason = chief.post(url + "unpublish/", {}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    withdrawn = chief.post(url + "unpublish/", {"reason": "版权页有误"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "draft"


def test_the_api_hides_a_scheduled_issue_before_its_time(draft):
    ArticleFactory(issue=draft, stage=Article.Stage.READY, title="定时稿件")
    sign_off_issue(draft)
    Issue.objects.filter(pk=draft.pk).update(
        publish_at=timezone.now() + datetime.timedelta(hours=3)
    )
    anonymous = APIClient()
    assert anonymous.get(f"/api/v1/issues/{draft.pk}/").status_code == 404
    listed = anonymous.get("/api/v1/issues/", {"page_size": 100}).json()["results"]
    assert draft.pk not in [issue["id"] for issue in listed]
    articles = anonymous.get("/api/v1/articles/", {"issue": draft.pk}).json()["results"]
    assert articles == []
    Issue.objects.filter(pk=draft.pk).update(
        publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    from issues.services import issues_publish_due

    issues_publish_due()
    assert anonymous.get(f"/api/v1/issues/{draft.pk}/").status_code == 200


def test_the_inbox_lists_what_each_user_may_sign(draft):
    received = ArticleFactory(issue=draft, title="新来稿")
    first = ArticleFactory(issue=draft, title="待初审", stage=Article.Stage.FIRST_REVIEW)
    ready_issue = IssueFactory(status=Issue.Status.DRAFT, periodical=draft.periodical)
    ArticleFactory(issue=ready_issue, stage=Article.Stage.READY)
    editor = client_of(user_in_group("bianji", EDITOR_GROUP))
    responsible = client_of(user_in_group("zebian", RESPONSIBLE_EDITOR_GROUP))
    chief = client_of(chief_editor())

    def inbox(client):
        data = client.get("/api/v1/inbox/").json()
        return [a["id"] for a in data["articles"]], [i["issue"]["id"] for i in data["issues"]]

    assert inbox(editor) == ([received.pk], [])
    assert inbox(responsible) == ([received.pk, first.pk], [])
    articles, issues = inbox(chief)
    assert set(articles) == {received.pk, first.pk} and issues == [ready_issue.pk]
    assert APIClient().get("/api/v1/inbox/").status_code == 401


def test_the_admin_index_opens_with_the_inbox(client, draft):
    ArticleFactory(issue=draft, title="首页待办稿件")
    client.force_login(user_in_group("bianji", EDITOR_GROUP))
    page = client.get("/admin/").content.decode()
    assert "待我处理" in page and "首页待办稿件" in page


def test_the_admin_shows_a_published_issue_read_only_and_refuses_a_save(client, seed_issue):
    client.force_login(chief_editor())
    page = client.get(f"/admin/issues/issue/{seed_issue.pk}/change/").content.decode()
    assert "已出版，修改请走勘误" in page
    assert 'name="_save"' not in page
    article = seed_issue.articles.first()
    article_page = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "已出版，修改请走勘误" in article_page and 'name="_save"' not in article_page
    posted = client.post(f"/admin/articles/article/{article.pk}/change/", {"title": "改"})
    assert posted.status_code == 403
    assert Article.objects.get(pk=article.pk).title == article.title


def test_the_admin_signs_an_article_and_withdraws_an_issue_with_a_reason(client, seed_issue, draft):
    chief = chief_editor()
    client.force_login(chief)
    article = ArticleFactory(issue=draft, title="后台签署")
    client.post(
        f"/admin/articles/article/{article.pk}/sign-off/",
        {"stage": "received", "decision": "approved", "opinion": "登记", "page_version": 1},
    )
    assert Article.objects.get(pk=article.pk).stage == "first_review"
    url = f"/admin/issues/issue/{seed_issue.pk}/unpublish/"
    client.post(url, {"page_version": seed_issue.version, "reason": ""})
    assert Issue.objects.get(pk=seed_issue.pk).is_published  # no reason: refused
    client.post(url, {"page_version": seed_issue.version, "reason": "重排目录"})
    assert Issue.objects.get(pk=seed_issue.pk).status == Issue.Status.DRAFT


def test_the_admin_signs_an_issue_with_an_override_when_something_blocks_it(client, draft):
    ArticleFactory(issue=draft, title="还在三校", stage=Article.Stage.PROOF_3)
    client.force_login(chief_editor())
    page = client.get(f"/admin/issues/issue/{draft.pk}/change/").content.decode()
    assert "《还在三校》尚未定稿" in page and 'name="override_reason"' in page
    url = f"/admin/issues/issue/{draft.pk}/sign/"
    refused = client.post(url, {"page_version": draft.version}, follow=True)
    assert any("强制签发理由" in str(m) for m in refused.context["messages"])
    assert Issue.objects.get(pk=draft.pk).status == Issue.Status.DRAFT
    client.post(url, {"page_version": draft.version, "override_reason": "三校稿主编已核"})
    assert Issue.objects.get(pk=draft.pk).status == Issue.Status.SIGNED
    page = client.get(f"/admin/issues/issue/{draft.pk}/change/").content.decode()
    assert "三校稿主编已核" in page and "publish-button" in page


def test_the_admin_adds_no_photo_nor_article_to_a_published_issue(client, seed_issue):
    client.force_login(chief_editor())
    photos = seed_issue.photo_credits.count()
    response = client.post(
        "/admin/articles/photocredit/add/",
        {"issue": seed_issue.pk, "caption": "补一张", "kind": "archive", "order": 1},
    )
    assert response.status_code == 200 and "已出版" in response.content.decode()
    assert seed_issue.photo_credits.count() == photos
    articles = seed_issue.articles.count()
    response = client.post(
        "/admin/articles/article/add/",
        {
            "issue": seed_issue.pk,
            "title": "补一篇",
            **{
                f"{p}-{k}": 0
                for p in ("authorships", "photo_credits")
                for k in ("TOTAL_FORMS", "INITIAL_FORMS")
            },
        },
    )
    assert response.status_code == 200 and "已出版" in response.content.decode()
    assert seed_issue.articles.count() == articles
