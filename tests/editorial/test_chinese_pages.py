"""What editors and front-end developers read is Chinese: the API's titles and 404s, the admin
index in working order, the change records in Beijing time and in words."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.display import display_value, local_time
from issues.models import Issue

pytestmark = pytest.mark.django_db


def test_api_404_names_no_model_in_english():
    api = APIClient()
    for url in ("/api/v1/issues/999999/", "/api/v1/periodicals/dangyuan-zhiyou/issues/1999/1/"):
        response = api.get(url)
        assert response.status_code == 404
        assert response.json()["detail"] == "未找到该期次。"
    assert api.get("/api/v1/articles/999999/").json()["detail"] == "未找到该文章。"


def test_browsable_api_titles_are_chinese():
    api = APIClient()
    pages = {
        "/api/v1/": "接口目录",
        "/api/v1/issues/": "期次列表",
        "/api/v1/periodicals/dangyuan-zhiyou/issues/2025/3/": "期次",
        "/api/v1/periodicals/dangyuan-zhiyou/issues/2025/3/toc/": "印刷版目录",
    }
    for url, title in pages.items():
        page = api.get(url, HTTP_ACCEPT="text/html").content.decode()
        assert f"<h1>{title}</h1>" in page, url
        assert "Api Root" not in page and "Issue By Number" not in page
        assert "Django REST framework" not in page


def test_api_docs_title_and_description_are_chinese():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    assert schema["info"]["title"] == "期刊编辑数据接口"
    assert (
        "目录" in schema["info"]["description"] and "Anonymous" not in schema["info"]["description"]
    )


def test_admin_index_puts_issues_and_articles_first(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    order = [page.index(f'class="app-{label} module') for label in ("issues", "articles", "audit")]
    assert order == sorted(order)
    # The accountability box is inside the app list, before the recent actions.
    assert page.index("app-accountability") < page.index('id="recent-actions-module"')
    assert 'href="/api/docs/"' in page  # 查看站点


def test_recorded_times_are_shown_in_beijing_time():
    field = Issue._meta.get_field("published_at")
    assert display_value(field, "2026-11-29 11:12:13.982327") == "2026-11-29 19:12:13"
    utc = datetime.datetime(2025, 3, 27, 16, 30, tzinfo=datetime.UTC)
    assert local_time(utc) == "2025-03-28 00:30:00"


def test_change_records_list_says_yes_or_no_in_words(admin_client):
    from issues.services import issue_update
    from tests.factories import IssueFactory

    issue_update(issue=IssueFactory(status=Issue.Status.DRAFT), note="核对")
    page = admin_client.get(reverse("admin:audit_changerecord_changelist")).content.decode()
    cell = page[page.index('class="field-after_publication_text"') :][:80]
    assert ">是<" in cell or ">否<" in cell
    assert "icon-no.svg" not in page and "icon-yes.svg" not in page
