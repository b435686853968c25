"""The issue workspace: the issue as its printed 目录, edited in place, reordered, fast."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from issues.models import Issue
from tests.factories import ColumnFactory

from .conftest import build_issue

pytestmark = pytest.mark.django_db


def workspace_url(issue):
    return reverse("admin:issues_issue_workspace", args=[issue.pk])


def queries_of(client, url) -> int:
    client.get(url)  # the session and the permissions once, as a browser's second page
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_workspace_shows_the_seed_issue_as_printed(editor_client, seed_issue):
    page = editor_client.get(workspace_url(seed_issue)).content.decode()
    columns = ["卷首语", "要闻要论", "工作交流", "援疆天地", "一线传真", "理论研究", "随笔感悟"]
    positions = [page.index(f"{name}</h3>") for name in columns]
    assert positions == sorted(positions)
    # An entry with its page, title, byline and 责任编辑, as the print gives them.
    entry = page[page.index("促进区域协调发展 更好建设美丽新疆") - 400 :][:1200]
    assert ">01<" in entry and "辛组研" in entry and "杨佩佩" in entry
    assert "本期看点" in page and "(以上看点详见相关栏目)" in page
    assert "田进宝" in page  # the masthead beside


def test_each_entry_shows_its_workflow_stage(editor_client):
    issue = build_issue(2)
    first, second = issue.articles.order_by("toc_order")
    Article.objects.filter(pk=second.pk).update(stage=Article.Stage.SECOND_REVIEW)
    page = editor_client.get(workspace_url(issue)).content.decode()
    entry = page[page.index(f'id="entry-{first.pk}"') :]
    entry = entry[: entry.index("</li>")]
    assert f">{Article.Stage(first.stage).label}<" in entry
    entry = page[page.index(f'id="entry-{second.pk}"') :]
    assert ">复审<" in entry[: entry.index("</li>")]


def test_list_of_issues_opens_the_workspace(editor_client, seed_issue):
    page = editor_client.get(reverse("admin:issues_issue_changelist")).content.decode()
    assert workspace_url(seed_issue) in page
    form = editor_client.get(workspace_url(seed_issue)).content.decode()
    assert reverse("admin:issues_issue_change", args=[seed_issue.pk]) in form


def test_workspace_queries_do_not_grow_with_the_articles(editor_client):
    small, large = build_issue(10), build_issue(60)
    small_count = queries_of(editor_client, workspace_url(small))
    large_count = queries_of(editor_client, workspace_url(large))
    assert small_count == large_count
    assert large_count <= 25


def test_issue_change_form_queries_do_not_grow_with_the_rows(editor_client):
    small, large = build_issue(10), build_issue(60)
    url = "admin:issues_issue_change"
    small_count = queries_of(editor_client, reverse(url, args=[small.pk]))
    large_count = queries_of(editor_client, reverse(url, args=[large.pk]))
    assert small_count == large_count
    assert large_count <= 25


def test_change_form_still_shows_each_rows_chosen_people(editor_client):
    issue = build_issue(3)
    page = editor_client.get(reverse("admin:issues_issue_change", args=[issue.pk])).content
    for article in issue.articles.select_related("responsible_editor"):
        editor = article.responsible_editor
        assert f'<option value="{editor.pk}" selected>{editor.name}</option>' in page.decode()


def test_entry_is_edited_in_place(editor_client):
    issue = build_issue(3)
    article = issue.articles.order_by("toc_order").first()
    url = reverse("admin:issues_issue_workspace_entry", args=[issue.pk, article.pk])
    response = editor_client.post(
        url,
        {
            "page_version": article.version,
            "column": article.column_id,
            "toc_order": 1,
            "start_page": 4,
            "end_page": 5,
            "title": "新的标题",
            "subtitle": "——不是这样",
            "responsible_editor": article.responsible_editor_id,
        },
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#entry-{article.pk}")
    article.refresh_from_db()
    assert (article.title, article.start_page, article.end_page) == ("新的标题", 4, 5)
    assert article.version == 2


def test_entry_form_page_shows_the_entry(editor_client):
    issue = build_issue(2)
    article = issue.articles.select_related("responsible_editor").first()
    url = reverse("admin:issues_issue_workspace_entry", args=[issue.pk, article.pk])
    page = editor_client.get(url).content.decode()
    assert f'value="{article.title}"' in page
    editor = article.responsible_editor
    assert f'<option value="{editor.pk}" selected>{editor.name}</option>' in page
    assert f'<option value="{article.column_id}" selected>' in page


def test_entry_with_end_page_before_start_page_is_refused(editor_client):
    issue = build_issue(2)
    article = issue.articles.first()
    url = reverse("admin:issues_issue_workspace_entry", args=[issue.pk, article.pk])
    data = {"page_version": article.version, "title": article.title, "start_page": 9}
    response = editor_client.post(url, {**data, "end_page": 7}, follow=True)
    assert "结束页不能早于起始页" in response.content.decode()
    article.refresh_from_db()
    assert article.start_page != 9


def test_stale_entry_form_is_refused(editor_client):
    issue = build_issue(2)
    article = issue.articles.first()
    url = reverse("admin:issues_issue_workspace_entry", args=[issue.pk, article.pk])
    Article.objects.filter(pk=article.pk).update(version=5)
    response = editor_client.post(
        url, {"page_version": 1, "title": "过时的修改", "column": article.column_id}, follow=True
    )
    assert "过时的修改" not in Article.objects.get(pk=article.pk).title
    assert "自您读取后已被修改" in response.content.decode()


def test_article_is_added_at_the_end_of_its_column(editor_client):
    issue = build_issue(6, columns=2)
    first_column = issue.articles.order_by("toc_order")[0].column
    url = reverse("admin:issues_issue_workspace_add", args=[issue.pk])
    response = editor_client.post(
        url, {"column": first_column.pk, "title": "新加的文章", "start_page": 8}
    )
    assert response.status_code == 302
    order = list(issue.articles.order_by("toc_order").values_list("title", "column_id"))
    titles = [title for title, _ in order]
    # The three articles of the first column, then the new one, then the second column.
    assert titles.index("新加的文章") == 3
    assert order[3][1] == first_column.pk


def post_order(client, issue, sections, version):
    return client.post(
        reverse("admin:issues_issue_workspace_order", args=[issue.pk]),
        json.dumps({"version": version, "sections": sections}),
        content_type="application/json",
    )


def test_drag_and_drop_order_is_saved(editor_client):
    issue = build_issue(4, columns=2)
    articles = list(issue.articles.order_by("toc_order"))
    a, b, c, d = articles
    one, two = a.column_id, c.column_id
    # Column two first; d moved to column one, before b.
    sections = [{"column": two, "articles": [c]}, {"column": one, "articles": [a, d, b]}]
    sections = [{**s, "articles": [x.pk for x in s["articles"]]} for s in sections]
    response = post_order(editor_client, issue, sections, issue.version)
    assert response.status_code == 200
    assert response.json()["version"] == issue.version + 1
    order = list(issue.articles.order_by("toc_order").values_list("pk", "column_id"))
    assert order == [(c.pk, two), (a.pk, one), (d.pk, one), (b.pk, one)]
    assert issue.column_plan() == [two, one]
    page = editor_client.get(workspace_url(issue)).content.decode()
    assert page.index(f'data-column="{two}"') < page.index(f'data-column="{one}"')


def test_order_from_a_stale_page_is_refused(editor_client):
    issue = build_issue(2, columns=1)
    a, b = issue.articles.order_by("toc_order")
    sections = [{"column": a.column_id, "articles": [b.pk, a.pk]}]
    response = post_order(editor_client, issue, sections, issue.version + 7)
    assert response.status_code == 412
    assert list(issue.articles.order_by("toc_order").values_list("pk", flat=True)) == [a.pk, b.pk]


def test_order_of_a_published_issue_is_refused(editor_client):
    issue = build_issue(2, columns=1, status=Issue.Status.PUBLISHED)
    a, b = issue.articles.order_by("toc_order")
    sections = [{"column": a.column_id, "articles": [b.pk, a.pk]}]
    response = post_order(editor_client, issue, sections, issue.version)
    # A published issue's page is read-only (issues.locks): the write is refused outright.
    assert response.status_code in (403, 409)
    assert list(issue.articles.order_by("toc_order").values_list("pk", flat=True)) == [a.pk, b.pk]
    page = editor_client.get(workspace_url(issue)).content.decode()
    assert "ws-edit-link" not in page and "data-order-url" not in page


def test_order_with_a_column_of_another_periodical_is_refused(editor_client):
    issue = build_issue(2, columns=1)
    stranger = ColumnFactory()
    pks = list(issue.articles.values_list("pk", flat=True))
    sections = [{"column": stranger.pk, "articles": pks}]
    response = post_order(editor_client, issue, sections, issue.version)
    assert response.status_code == 400
    assert Issue.objects.get(pk=issue.pk).version == issue.version
