"""The API: `corrections` on articles and issues, the list, and making one (If-Match, 4xx)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from corrections.models import Correction
from corrections.services import correction_apply
from corrections.targets import Target
from issues.models import Issue
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


def url(issue) -> str:
    return f"/api/v1/issues/{issue.pk}/corrections/"


def body(article, **fields) -> dict:
    return {
        "article": article.pk,
        "target": Target.BODY.value,
        "wrong_text": "十万人",
        "right_text": "十二万人",
        "reason": "据组织部统计数据更正。",
        **fields,
    }


def test_the_chief_corrects_an_article_and_readers_see_it(article, chief_api, api):
    made = chief_api.post(url(article.issue), body(article), format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["notice"] == "本文第2段“十万人”应为“十二万人”，特此更正。"
    assert made.json()["approved_by"] == "chief" and made.json()["article"]["id"] == article.pk

    shown = api.get(f"/api/v1/articles/{article.pk}/").json()
    assert "十二万人" in shown["body"]
    assert [c["notice"] for c in shown["corrections"]] == [made.json()["notice"]]
    assert set(shown["corrections"][0]) == {
        "id", "article", "target", "place", "wrong_text", "right_text", "notice", "published_on",
    }  # fmt: skip
    issue = api.get(f"/api/v1/issues/{article.issue_id}/").json()
    assert [c["id"] for c in issue["corrections"]] == [made.json()["id"]]
    listed = api.get(f"/api/v1/corrections/?article={article.pk}").json()["results"]
    assert [c["id"] for c in listed] == [made.json()["id"]]
    assert "reason" not in listed[0] and "approved_by" not in listed[0]  # internal


def test_corrections_are_listed_newest_first(article, chief, api):
    first = correction_apply(
        issue=article.issue, article=article, target=Target.TITLE, wrong_text="四十",
        right_text="四十一", reason="年数算错。", approver=chief,
    )  # fmt: skip
    second = correction_apply(
        issue=article.issue, article=article, target=Target.BODY, wrong_text="十万人",
        right_text="十二万人", reason="数据更正。", approver=chief,
    )  # fmt: skip
    newest_first = [second.pk, first.pk]
    assert [c["id"] for c in api.get(f"/api/v1/articles/{article.pk}/").json()["corrections"]] == (
        newest_first
    )
    issue_url = f"/api/v1/issues/{article.issue_id}/"
    assert [c["id"] for c in api.get(issue_url).json()["corrections"]] == newest_first
    listed = api.get(f"/api/v1/corrections/?issue={article.issue_id}").json()["results"]
    assert [c["id"] for c in listed] == newest_first


def test_anonymous_clients_see_no_corrections_of_a_withdrawn_issue(article, chief, api, chief_api):
    correction_apply(
        issue=article.issue, article=article, target=Target.TITLE, wrong_text="四十",
        right_text="四十一", reason="年数算错。", approver=chief,
    )  # fmt: skip
    Issue.objects.filter(pk=article.issue_id).update(status=Issue.Status.DRAFT)
    assert api.get("/api/v1/corrections/").json()["count"] == 0
    assert chief_api.get("/api/v1/corrections/").json()["count"] == 1  # may see drafts


def test_the_etag_changes_and_if_match_is_honoured(article, chief_api, api):
    issue_url = f"/api/v1/issues/{article.issue_id}/"
    article_url = f"/api/v1/articles/{article.pk}/"
    issue_etag, article_etag = api.get(issue_url)["ETag"], api.get(article_url)["ETag"]
    made = chief_api.post(
        url(article.issue), body(article), format="json", HTTP_IF_MATCH=issue_etag
    )
    assert made.status_code == 201
    assert api.get(issue_url)["ETag"] != issue_etag
    assert api.get(article_url)["ETag"] != article_etag
    assert api.get(article_url, HTTP_IF_NONE_MATCH=article_etag).status_code == 200
    stale = chief_api.post(
        url(article.issue),
        body(article, wrong_text="第三段", right_text="第3段"),
        format="json",
        HTTP_IF_MATCH=issue_etag,
    )
    assert stale.status_code == 412
    assert Correction.objects.count() == 1


def test_wrong_text_that_does_not_occur_is_a_400_naming_the_field(article, chief_api):
    refused = chief_api.post(url(article.issue), body(article, wrong_text="九万人"), format="json")
    assert refused.status_code == 400
    assert refused.json()["fields"] == {"wrong_text": ["“九万人”未出现在正文中。"]}
    article.refresh_from_db()
    assert "十万人" in article.body and not Correction.objects.exists()


def test_request_fields_are_checked(article, chief_api):
    refused = chief_api.post(url(article.issue), {"target": "article.nothing"}, format="json")
    assert refused.status_code == 400
    assert {"target", "wrong_text", "right_text", "reason"} <= set(refused.json()["fields"])


def test_without_the_permission_it_is_a_403(article, editor_api, api):
    refused = editor_api.post(url(article.issue), body(article), format="json")
    assert refused.status_code == 403
    assert "主编" in refused.json()["detail"]
    assert api.post(url(article.issue), body(article), format="json").status_code == 401
    assert not Correction.objects.exists()


def test_a_draft_is_a_409(chief_api):
    article = ArticleFactory(issue=IssueFactory(status="draft"), body="十万人")
    refused = chief_api.post(url(article.issue), body(article), format="json")
    assert refused.status_code == 409 and "草稿" in refused.json()["detail"]


def test_query_counts_do_not_grow_with_corrections(article, chief, api):
    def count(path):
        with CaptureQueriesContext(connection) as queries:
            assert api.get(path).status_code == 200
        return len(queries)

    paths = [
        f"/api/v1/articles/{article.pk}/",
        f"/api/v1/issues/{article.issue_id}/",
        "/api/v1/corrections/",
        f"/api/v1/issues/{article.issue_id}/toc/",
    ]
    correction_apply(
        issue=article.issue, article=article, target=Target.TITLE, wrong_text="四十",
        right_text="四十一", reason="年数算错。", approver=chief,
    )  # fmt: skip
    # Once read, and changed again: the pages are then read as after any change (the 目录
    # built by the lean path, core/fastpath.py, which has learnt its headers the first time).
    [count(path) for path in paths]
    correction_apply(
        issue=article.issue, article=article, target=Target.BODY, wrong_text="开头",
        right_text="开端", reason="用词统一。", approver=chief,
    )  # fmt: skip
    before = [count(path) for path in paths]
    for wrong, right in [("第一段", "第1段"), ("第二段", "第2段"), ("第三段", "第3段")]:
        correction_apply(
            issue=article.issue, article=article, target=Target.BODY, wrong_text=wrong,
            right_text=right, reason="体例统一。", approver=chief,
        )  # fmt: skip
    assert [count(path) for path in paths] == before


def test_the_toc_entry_carries_the_articles_corrections(article, chief, api):
    correction_apply(
        issue=article.issue, article=article, target=Target.TITLE, wrong_text="四十",
        right_text="四十一", reason="年数算错。", approver=chief,
    )  # fmt: skip
    toc = api.get(f"/api/v1/issues/{article.issue_id}/toc/").json()
    entries = {entry["article"]: entry for s in toc["sections"] for entry in s["entries"]}
    assert [c["notice"] for c in entries[article.pk]["corrections"]] == [
        "本文标题“四十”应为“四十一”，特此更正。"
    ]
