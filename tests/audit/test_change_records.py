"""The record of changes: every way of changing the catalogue leaves who, when, before and after."""

import csv
import io
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article, Authorship
from audit.context import audit_context
from audit.models import ChangeRecord
from contributors.models import Contributor
from contributors.services import contributor_merge
from issues.models import Issue
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ContributorFactory,
    IssueFactory,
    withdraw_to_draft,
)

pytestmark = pytest.mark.django_db

UPDATE, CREATE, DELETE = (
    ChangeRecord.Action.UPDATE,
    ChangeRecord.Action.CREATE,
    ChangeRecord.Action.DELETE,
)


def records_of(obj):
    return ChangeRecord.objects.for_object(obj).order_by("id")


def changes(record) -> dict:
    return record.changes_dict


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("wangwei", password="x", is_staff=True, is_superuser=True)
    return user


def token_client(user) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_an_admin_change_records_the_user_and_the_values_before_and_after(
    client, editor, seed_issue
):
    withdraw_to_draft(seed_issue, user=editor)  # published content is locked: withdraw first
    article = seed_issue.articles.get(start_page=16)
    old_title = article.title
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["title"] = "改过的标题"
    for formset in page.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if isinstance(value, FieldFile):
                    continue  # a photo's image: with no file chosen a browser posts none
                if value is not None and value is not False:
                    data[inline_form.add_prefix(name)] = value
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.context and response.context["errors"]

    record = records_of(article).get(action=UPDATE)
    assert record.actor == editor
    assert record.source == ChangeRecord.Source.ADMIN
    assert record.issue_id == seed_issue.pk
    assert record.after_publication is False  # withdrawn to draft before the change
    assert changes(record) == {"title": [old_title, "改过的标题"]}

    history = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    text = history.text
    assert "wangwei" in text and old_title in text and "改过的标题" in text
    assert "标题" in text  # the field as editors name it
    # The withdrawal itself changed the published issue: its history says so.
    issue_history = client.get(reverse("admin:issues_issue_history", args=[seed_issue.pk]))
    assert "发布后修改" in issue_history.text


def test_an_api_change_with_a_token_records_the_token_user(editor, seed_issue):
    withdraw_to_draft(seed_issue, user=editor)  # published content is locked: withdraw first
    article = seed_issue.articles.get(start_page=16)
    response = token_client(editor).patch(
        f"/api/v1/articles/{article.pk}/", {"subtitle": "新的副标题"}, format="json"
    )
    assert response.status_code == 200, response.data
    record = records_of(article).get(action=UPDATE)
    assert record.actor == editor  # DRF authenticates the token after the middleware ran
    assert record.source == ChangeRecord.Source.API
    assert record.remote_addr == "127.0.0.1"
    assert changes(record)["subtitle"] == [article.subtitle, "新的副标题"]


def test_changes_to_a_draft_are_not_marked_after_publication_and_publishing_is_recorded(editor):
    draft = IssueFactory(status=Issue.Status.DRAFT)
    article = ArticleFactory(issue=draft, title="草稿文章")
    article.title = "草稿文章(改)"
    article.save()
    assert records_of(article).get(action=UPDATE).after_publication is False

    response = token_client(editor).post(
        f"/api/v1/issues/{draft.pk}/sign-off/",
        {"decision": "approved", "override_reason": "草稿文章由主编亲审"},
        format="json",
    )
    assert response.status_code == 200
    response = token_client(editor).post(f"/api/v1/issues/{draft.pk}/publish/")
    assert response.status_code == 200
    publishing = records_of(draft).filter(content_type__model="issue", action=UPDATE).last()
    assert changes(publishing)["status"] == ["signed", "published"]
    assert publishing.after_publication is False  # the issue was not published when it changed

    response = token_client(editor).post(
        f"/api/v1/issues/{draft.pk}/unpublish/", {"reason": "撤回"}, format="json"
    )
    withdrawal = records_of(draft).filter(content_type__model="issue", action=UPDATE).last()
    assert changes(withdrawal)["status"] == ["published", "draft"]
    assert withdrawal.after_publication is True


def test_deleting_in_the_admin_records_every_deleted_row_with_its_values(client, editor):
    article = ArticleFactory(title="将被删除", issue__status=Issue.Status.DRAFT)  # a draft's
    authorship = AuthorshipFactory(article=article, credited_name="张三")
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [article.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    deleted = ChangeRecord.objects.filter(action=DELETE, issue_id=article.issue_id)
    assert {record.content_type.model for record in deleted} == {"article", "authorship"}
    article_record = deleted.get(content_type__model="article")
    assert article_record.actor == editor
    assert changes(article_record)["title"] == ["将被删除", None]
    assert changes(deleted.get(object_id=authorship.pk))["credited_name"] == ["张三", None]


def test_bulk_updates_and_creates_are_recorded_row_by_row():
    issue = IssueFactory(status=Issue.Status.DRAFT)
    first, second = ArticleFactory(issue=issue, title="甲"), ArticleFactory(issue=issue, title="乙")
    ChangeRecord.objects.all().delete()

    with audit_context(reason="批量改栏目"):
        Article.objects.filter(issue=issue).update(source_org="新华社供稿")
    records = ChangeRecord.objects.filter(action=UPDATE).order_by("object_id")
    assert [record.object_id for record in records] == [first.pk, second.pk]
    assert all(changes(record) == {"source_org": ["", "新华社供稿"]} for record in records)
    assert all(record.reason == "批量改栏目" for record in records)

    first.title, second.title = "甲(改)", "乙(改)"
    Article.objects.bulk_update([first, second], ["title"])
    assert ChangeRecord.objects.filter(action=UPDATE, changes__has_key="title").count() == 2

    contributor = ContributorFactory()
    created = Authorship.objects.bulk_create(
        [Authorship(article=first, contributor=contributor, credited_name="批量作者")]
    )
    record = ChangeRecord.objects.get(action=CREATE, object_id=created[0].pk)
    assert record.issue_id == issue.pk
    assert changes(record)["credited_name"] == [None, "批量作者"]


def test_publishing_in_bulk_is_recorded_as_a_change_to_a_draft():
    draft = IssueFactory(status=Issue.Status.DRAFT)
    Issue.objects.filter(pk=draft.pk).update(status=Issue.Status.PUBLISHED)
    record = records_of(draft).get(action=UPDATE)
    assert changes(record)["status"] == ["draft", "published"]
    assert record.after_publication is False


def test_writes_to_derived_fields_leave_no_record():
    article = ArticleFactory()
    before = ChangeRecord.objects.count()
    Article.objects.filter(pk=article.pk).update(search_title="x")
    Issue.objects.filter(pk=article.issue_id).update(note="")  # nothing changes
    assert ChangeRecord.objects.count() == before


def test_a_merge_records_each_moved_credit_and_the_deletion_with_its_reason():
    wang, wrong = ContributorFactory(name="王玮"), ContributorFactory(name="王伟")
    authorship = AuthorshipFactory(contributor=wrong)
    wrong_id = wrong.pk
    contributor_merge(source=wrong, target=wang)
    moved = records_of(authorship).get(action=UPDATE)
    assert changes(moved)["contributor"] == ["王伟", "王玮"]
    assert "王伟" in moved.reason and "王玮" in moved.reason
    deletion = ChangeRecord.objects.get(
        content_type__model="contributor", object_id=wrong_id, action=DELETE
    )
    assert deletion.reason == moved.reason
    assert not Contributor.objects.filter(pk=wrong_id).exists()


def test_a_command_run_from_manage_py_is_recorded_as_that_command(tmp_path):
    """Through the real manage.py, on a throw-away SQLite database."""
    database = tmp_path / "commands.sqlite3"
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    seed = Path(settings.SEED_DATA_DIR) / "newspaper-provincial-2020-01-09.yaml"
    base = Path(settings.BASE_DIR)

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=base, env=environment,
            capture_output=True, text=True, check=True,
        )  # fmt: skip

    manage("migrate", "--noinput", "-v0")
    manage("load_seed_data", str(seed))
    # Read straight from the file: a third manage.py (a shell) would only add its start-up.
    with closing(sqlite3.connect(database)) as connection:
        table = ChangeRecord._meta.db_table
        (count,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
        sources = str(set(connection.execute(f"SELECT source, reason FROM {table}")))
    assert int(count) > 5
    assert "('command', 'manage.py load_seed_data " in sources
    assert "(system user " in sources


def test_the_issue_history_page_lists_the_changes_inside_the_issue(client, editor, seed_issue):
    article = seed_issue.articles.get(start_page=16)
    article.subtitle = "历史页副标题"
    article.save()
    client.force_login(editor)
    response = client.get(reverse("admin:issues_issue_history", args=[seed_issue.pk]))
    assert response.status_code == 200
    assert "历史页副标题" in response.text


def test_change_records_cannot_be_added_changed_or_deleted_in_the_admin(client, editor):
    ArticleFactory()
    record = ChangeRecord.objects.first()
    client.force_login(editor)  # a superuser
    change_url = reverse("admin:audit_changerecord_change", args=[record.pk])
    assert client.get(change_url).status_code == 200
    assert client.post(change_url, {"reason": "改"}).status_code == 403
    assert client.get(reverse("admin:audit_changerecord_add")).status_code == 403
    delete_url = reverse("admin:audit_changerecord_delete", args=[record.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    assert ChangeRecord.objects.filter(pk=record.pk, reason="").exists()


class TestChangesApi:
    def test_auditors_list_changes_by_issue_user_and_period(self, auditor, editor, seed_issue):
        withdraw_to_draft(seed_issue, user=editor)  # published content is locked
        article = seed_issue.articles.get(start_page=16)
        token_client(editor).patch(
            f"/api/v1/articles/{article.pk}/", {"subtitle": "接口改"}, format="json"
        )
        other = ArticleFactory()
        api = token_client(auditor)

        by_issue = api.get("/api/v1/changes/", {"issue": seed_issue.pk, "user": "wangwei"})
        assert by_issue.status_code == 200
        [found] = by_issue.data["results"]
        assert found["user"] == "wangwei"
        assert found["action"] == "update"
        assert found["model"] == "articles.article"
        assert found["object_id"] == article.pk
        assert found["issue_label"] == "2025年第3期"
        assert found["after_publication"] is False  # withdrawn to draft first
        label = str(Article._meta.get_field("subtitle").verbose_name)
        assert found["changes"] == [
            {"field": "subtitle", "label": label, "before": article.subtitle, "after": "接口改"}
        ]
        assert other.pk not in {row["object_id"] for row in by_issue.data["results"]}

        today = found["timestamp"][:10]
        in_period = api.get("/api/v1/changes/", {"date_after": today, "date_before": today})
        assert in_period.data["count"] >= 2
        before_period = api.get("/api/v1/changes/", {"date_before": "2000-01-01"})
        assert before_period.data["count"] == 0

    def test_filters_that_make_no_sense_get_a_400_per_parameter(self, auditor):
        api = token_client(auditor)
        response = api.get(
            "/api/v1/changes/",
            {"date_after": "昨天", "model": "auth.user", "action": "rename", "issue": "三"},
        )
        assert response.status_code == 400
        assert {"date", "model", "action", "issue"} <= set(response.data) | {
            key.split("_")[0] for key in response.data
        }

    def test_only_those_with_the_view_permission_read_the_record(self, editor, api_anonymous):
        assert api_anonymous.get("/api/v1/changes/").status_code in (401, 403)
        clerk = User.objects.create_user("clerk", password="x", is_staff=True)
        clerk.user_permissions.set(Permission.objects.filter(codename="change_article"))
        assert token_client(clerk).get("/api/v1/changes/").status_code == 403
        assert token_client(editor).get("/api/v1/changes/").status_code == 200  # superuser

    def test_the_csv_export_opens_in_excel_with_chinese(self, auditor, seed_issue):
        article = seed_issue.articles.get(start_page=16)
        article.title = "导出标题"
        article.save()
        response = token_client(auditor).get("/api/v1/changes/export/", {"issue": seed_issue.pk})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        body = b"".join(response.streaming_content)
        assert body.startswith("\ufeff".encode())
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows[0][:4] == ["时间", "用户", "途径", "操作"]
        assert any("导出标题" in cell for row in rows[1:] for cell in row)
        assert all(row[8] == "2025年第3期" for row in rows[1:])


@pytest.fixture
def api_anonymous() -> APIClient:
    return APIClient()


def test_an_articles_history_shows_its_authors_changes_too(client, editor):
    article = ArticleFactory(title="有作者的文章")
    authorship = AuthorshipFactory(article=article, credited_name="李四")
    authorship.affiliation = "新疆大学"
    authorship.save()
    elsewhere = AuthorshipFactory(credited_name="别处的作者")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert "新疆大学" in response.text and "李四" in response.text
    assert elsewhere.credited_name not in response.text


def test_a_change_late_in_a_long_body_is_shown_even_where_lists_shorten_it():
    from audit.display import changes_summary

    article = ArticleFactory(body="长" * 500 + "甲")
    article.body = "长" * 500 + "乙"
    article.save()
    record = records_of(article).get(action=UPDATE)
    label = str(Article._meta.get_field("body").verbose_name)
    assert changes_summary(record).startswith(f"{label}: 长长")


def test_the_records_of_a_deleted_issue_outlive_it(client, editor, auditor_api):
    issue = IssueFactory(status=Issue.Status.DRAFT)
    ArticleFactory(issue=issue, title="随期删除的文章")
    issue_id = issue.pk
    issue.delete()
    client.force_login(editor)
    listing = client.get(reverse("admin:audit_changerecord_changelist"), {"q": "随期删除"})
    assert f"#{issue_id}" in listing.text and "已删除" in listing.text
    records = auditor_api.get("/api/v1/changes/", {"issue": issue_id}).data["results"]
    assert {row["action"] for row in records} == {"create", "delete"}
    assert all(row["issue"] == issue_id and row["issue_label"] is None for row in records)
