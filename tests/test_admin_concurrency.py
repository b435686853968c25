"""Two editors on the same admin page: the second save is refused with who changed what."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from articles.models import Article, Authorship
from contributors.models import Contributor
from issues.models import Issue
from tests.admin_pages import opened_form
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ColumnFactory,
    ContributorFactory,
    IssueFactory,
)

pytestmark = pytest.mark.django_db


def editor(username: str, full_name: str = "") -> Client:
    user = get_user_model().objects.create_user(
        username, password="x", is_staff=True, is_superuser=True, first_name=full_name
    )
    client = Client()
    client.force_login(user)
    return client


def draft_article(**fields) -> Article:
    """An article of an issue in 编排: a published issue's pages are read-only."""
    return ArticleFactory(issue=IssueFactory(status=Issue.Status.DRAFT), **fields)


def article_change_url(article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def test_the_second_of_two_article_forms_is_refused_naming_the_first_editor():
    article = draft_article(title="原标题", subtitle="")
    AuthorshipFactory(article=article, credited_name="甲作者", order=1)
    first, second = editor("zhang", "张编辑"), editor("li", "李编辑")
    url = article_change_url(article)
    form_a, form_b = opened_form(first, url), opened_form(second, url)

    saved = first.post(url, {**form_a, "title": "张改的标题"})
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors

    form_b.update({"subtitle": "李的副题", "authorships-0-credited_name": "李改的名字"})
    refused = second.post(url, form_b)
    assert refused.status_code == 200
    errors = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "自您读取后已被修改" in errors
    assert "张编辑" in errors and "标题" in errors and "北京时间" in errors
    article.refresh_from_db()
    assert (article.title, article.subtitle) == ("张改的标题", "")
    assert list(article.authorships.values_list("credited_name", flat=True)) == ["甲作者"]


def test_a_form_opened_after_the_save_saves():
    article = draft_article(title="原标题")
    client = editor("zhang")
    url = article_change_url(article)
    assert client.post(url, {**opened_form(client, url), "title": "一"}).status_code == 302
    assert client.post(url, {**opened_form(client, url), "title": "二"}).status_code == 302
    article.refresh_from_db()
    assert article.title == "二" and article.version == 3


def test_a_stale_issue_form_cannot_withdraw_an_issue_published_meanwhile():
    issue = IssueFactory(status=Issue.Status.SIGNED)
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    stale_page = editor("li")
    stale_form = opened_form(stale_page, url)
    assert "status" not in stale_form  # read-only on the page: never posted

    publisher = editor("zhang", "张编辑")
    page_version = opened_form(publisher, url)["page_version"]
    publisher.post(
        reverse("admin:issues_issue_publish", args=[issue.pk]), {"page_version": page_version}
    )

    refused = stale_page.post(url, {**stale_form, "status": "draft", "cover_caption": "新说明"})
    assert refused.status_code == 403  # published meanwhile: its page is read-only now
    issue.refresh_from_db()
    assert issue.is_published and issue.cover_caption == ""


def test_publishing_with_the_page_button_sets_published_at_and_refuses_a_stale_page():
    issue = IssueFactory(status=Issue.Status.SIGNED)
    client = editor("zhang")
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    page = client.get(url)
    assert (
        "发布" in page.text and reverse("admin:issues_issue_publish", args=[issue.pk]) in page.text
    )
    opened_version = page.context["adminform"].form["page_version"].value()

    client.post(
        reverse("admin:issues_issue_publish", args=[issue.pk]), {"page_version": opened_version}
    )
    issue.refresh_from_db()
    assert issue.is_published and issue.published_at is not None

    # The same page, still open, offers no way back without reloading.
    response = client.post(
        reverse("admin:issues_issue_unpublish", args=[issue.pk]),
        {"page_version": opened_version, "reason": "发错了"},
        follow=True,
    )
    assert any("自您读取后已被修改" in str(m) for m in response.context["messages"])
    issue.refresh_from_db()
    assert issue.is_published


def test_the_status_buttons_need_a_post_and_the_change_permission(seed_issue):
    client = editor("zhang")
    url = reverse("admin:issues_issue_unpublish", args=[seed_issue.pk])
    assert client.get(url).status_code == 405
    viewer = get_user_model().objects.create_user("viewer", password="x", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_issue"))
    other = Client()
    other.force_login(viewer)
    assert other.post(url).status_code == 403
    seed_issue.refresh_from_db()
    assert seed_issue.is_published


def test_csrf_is_required_for_the_status_buttons():
    issue = IssueFactory(status=Issue.Status.DRAFT)
    user = get_user_model().objects.create_user(
        "csrf", password="x", is_staff=True, is_superuser=True
    )
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(reverse("admin:issues_issue_publish", args=[issue.pk])).status_code == 403
    issue.refresh_from_db()
    assert not issue.is_published


def test_the_race_between_check_and_save_is_caught_by_the_compare_and_set(monkeypatch):
    """A save that commits after this form's check but before its own: the service refuses it
    and the page shows the form error, nothing saved."""
    from core.admin_versions import VersionedForm

    article = draft_article(title="原标题")
    client = editor("li")
    url = article_change_url(article)
    form = opened_form(client, url)
    # Another editor's save commits after this form's check has read the version.
    Article.objects.filter(pk=article.pk).update(title="别人的标题", version=2)
    original_clean = VersionedForm.clean
    checks = []

    def clean_that_read_before_the_other_save(self):
        checks.append(self)
        if len(checks) == 1:
            return super(VersionedForm, self).clean()  # the check saw version 1: passed
        return original_clean(self)

    monkeypatch.setattr(VersionedForm, "clean", clean_that_read_before_the_other_save)
    response = client.post(url, {**form, "title": "我的标题"})
    assert response.status_code == 200
    assert "自您读取后已被修改" in " ".join(response.context["adminform"].form.non_field_errors())
    article.refresh_from_db()
    assert article.title == "别人的标题" and len(checks) == 2


def test_renaming_a_contributor_in_the_admin_is_guarded_too():
    contributor = ContributorFactory(name="王五")
    url = reverse("admin:contributors_contributor_change", args=[contributor.pk])
    first, second = editor("zhang", "张编辑"), editor("li")
    form_a, form_b = opened_form(first, url), opened_form(second, url)
    assert first.post(url, {**form_a, "name": "王伍"}).status_code == 302
    assert second.post(url, {**form_b, "name": "王午"}).status_code == 200
    assert Contributor.objects.get(pk=contributor.pk).name == "王伍"


def test_inline_rows_of_a_refused_article_form_are_not_saved():
    article = draft_article()
    client = editor("zhang")
    url = article_change_url(article)
    form = opened_form(client, url)
    Article.objects.filter(pk=article.pk).update(version=5)  # changed elsewhere meanwhile
    contributor = ContributorFactory()
    form.update(
        {
            "authorships-TOTAL_FORMS": "1",
            "authorships-0-contributor": contributor.pk,
            "authorships-0-order": "1",
            "authorships-0-role": "author",
        }
    )
    assert client.post(url, form).status_code == 200
    assert not Authorship.objects.filter(article=article).exists()


def test_an_article_edited_in_its_row_on_the_issue_page_goes_through_the_article_service():
    issue = IssueFactory(status=Issue.Status.DRAFT)
    article = ArticleFactory(issue=issue, title="旧标题")
    client = editor("zhang")
    url = reverse("admin:issues_issue_change", args=[issue.pk])
    form = opened_form(client, url)
    assert form["articles-0-id"] == article.pk
    response = client.post(url, {**form, "articles-0-title": "丝路明珠绽放新活力"})
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    issue.refresh_from_db()
    assert (article.title, article.version, issue.version) == ("丝路明珠绽放新活力", 2, 2)
    assert article in Article.objects.search("丝路明珠绽放新活力")  # what search reads is current


def test_columns_edited_on_the_periodical_page_raise_their_versions():
    column = ColumnFactory(name="旧栏目")
    client = editor("zhang")
    url = reverse("admin:periodical_periodical_change", args=[column.periodical_id])
    form = opened_form(client, url)
    assert client.post(url, {**form, "columns-0-name": "新栏目"}).status_code == 302
    column.refresh_from_db()
    assert (column.name, column.version, column.periodical.version) == ("新栏目", 2, 2)
