"""The admin as an editor uses it: every page renders, actions do what they say."""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from articles.models import Article
from contributors.models import Contributor
from issues.models import Issue
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ContributorFactory,
    IssueFactory,
    MastheadEntryFactory,
    PhotoCreditFactory,
)

pytestmark = pytest.mark.django_db


# The management forms of the issue page's four inlines, with no rows.
EMPTY_INLINES = {
    f"{prefix}-{key}": 0
    for prefix in ("masthead_entries", "planned_columns", "articles", "highlights", "photo_credits")
    for key in ("TOTAL_FORMS", "INITIAL_FORMS")
}


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_user(
        "editor", password="x", is_staff=True, is_superuser=True
    )
    client.force_login(user)
    return client


SYSTEM_WRITTEN = {
    "audit.ChangeRecord",
    "audit.CdnPurge",
    "axes.AccessAttempt",
    "axes.AccessLog",
    "axes.AccessFailureLog",
}


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.mark.parametrize("model", registered_models(), ids=lambda m: m._meta.label)
def test_every_admin_page_of_every_model_renders(editor_client, model, seed_issue):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert editor_client.get(changelist).status_code == 200
    assert editor_client.get(changelist, {"q": "区域"}).status_code == 200
    add = editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    # The record of changes and the login records are written by the system only.
    assert add.status_code == (403 if model._meta.label in SYSTEM_WRITTEN else 200)
    obj = model.objects.first()
    if obj is None:  # auth's groups: none exist in the seed data
        return
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert editor_client.get(change).status_code == 200


def test_admin_speaks_chinese(editor_client):
    response = editor_client.get(reverse("admin:issues_issue_changelist"))
    assert "期次" in response.text or "期刊" in response.text
    assert "Select issue to change" not in response.text


def test_issue_page_shows_the_whole_issue_and_its_printed_toc(editor_client, seed_issue):
    response = editor_client.get(reverse("admin:issues_issue_change", args=[seed_issue.pk]))
    text = response.text
    for expected in (
        "田进宝",
        "丝路明珠绽放新活力",
        "9772096746254",
        "本期看点",
        "统筹区域协调发展",
    ):
        assert expected in text
    preview = editor_client.get(reverse("admin:issues_issue_toc", args=[seed_issue.pk])).text
    assert preview.index("卷首语") < preview.index("要闻要论") < preview.index("随笔感悟")
    assert "南阳阳等" in preview
    assert "赵登文/摄" in preview


def test_article_list_filters_by_responsible_editor(editor_client, seed_issue):
    editor = Contributor.objects.get(name="杨佩佩")
    response = editor_client.get(
        reverse("admin:articles_article_changelist"), {"responsible_editor__id__exact": editor.pk}
    )
    assert response.status_code == 200
    expected = Article.objects.filter(responsible_editor=editor).count()
    assert expected == 4  # lines 45, 466, 945 and 1482 of the seed text
    assert response.context["cl"].result_count == expected


def test_the_publish_action_publishes_signed_issues_only(editor_client):
    draft = IssueFactory(status=Issue.Status.DRAFT)
    signed = IssueFactory(status=Issue.Status.SIGNED, periodical=draft.periodical)
    url = reverse("admin:issues_issue_changelist")
    response = editor_client.post(
        url, {"action": "publish", "_selected_action": [draft.pk, signed.pk]}, follow=True
    )
    draft.refresh_from_db()
    signed.refresh_from_db()
    assert signed.is_published and signed.published_at is not None
    assert draft.status == Issue.Status.DRAFT  # not signed off: refused, and said why
    assert any("尚未签发" in str(m) for m in response.context["messages"])
    # Withdrawing needs a reason: there is no list action for it, only the page's form.
    assert "unpublish" not in editor_client.get(url).text


def test_copy_masthead_action_copies_the_previous_issue(editor_client):
    previous = IssueFactory(year=2025, number=2)  # published: copying from it reads only
    entries = [
        MastheadEntryFactory(issue=previous, order=i, note="执行主编" if i == 0 else "")
        for i in range(3)
    ]
    current = IssueFactory(
        periodical=previous.periodical, year=2025, number=3, status=Issue.Status.DRAFT
    )
    editor_client.post(
        reverse("admin:issues_issue_changelist"),
        {"action": "copy_masthead", "_selected_action": [current.pk]},
    )
    copied = list(current.masthead_entries.order_by("order"))
    assert [(e.role_id, e.contributor_id, e.credited_name, e.note) for e in copied] == [
        (e.role_id, e.contributor_id, e.credited_name, e.note) for e in entries
    ]
    assert previous.masthead_entries.count() == 3


def test_copy_masthead_refuses_an_issue_that_has_one(editor_client):
    previous = MastheadEntryFactory().issue
    current = IssueFactory(
        periodical=previous.periodical,
        year=previous.year,
        number=previous.number + 1,
        status=Issue.Status.DRAFT,
    )
    MastheadEntryFactory(issue=current)
    response = editor_client.post(
        reverse("admin:issues_issue_changelist"),
        {"action": "copy_masthead", "_selected_action": [current.pk]},
        follow=True,
    )
    assert current.masthead_entries.count() == 1
    assert any("版权页" in str(m) or "已有" in str(m) for m in response.context["messages"])


def test_merge_action_asks_which_to_keep_then_moves_every_credit(editor_client):
    kept = ContributorFactory(name="夏珑祯")
    misprint = ContributorFactory(name="夏琰祯")
    article = ArticleFactory(responsible_editor=misprint, responsible_editor_name="夏琰祯")
    authorship = AuthorshipFactory(contributor=misprint, credited_name="夏琰祯")
    photo = PhotoCreditFactory(photographer=misprint, credited_name="夏琰祯")
    masthead = MastheadEntryFactory(contributor=misprint, credited_name="夏琰祯")
    url = reverse("admin:contributors_contributor_changelist")
    selected = {"action": "merge_contributors", "_selected_action": [kept.pk, misprint.pk]}

    confirm = editor_client.post(url, selected)
    assert confirm.status_code == 200 and "夏琰祯" in confirm.text
    assert Contributor.objects.filter(pk=misprint.pk).exists()

    editor_client.post(url, {**selected, "post": "yes", "merge_target": kept.pk})
    assert not Contributor.objects.filter(pk=misprint.pk).exists()
    for obj, field in (
        (article, "responsible_editor"),
        (authorship, "contributor"),
        (photo, "photographer"),
        (masthead, "contributor"),
    ):
        obj.refresh_from_db()
        assert getattr(obj, f"{field}_id") == kept.pk
    assert (article.responsible_editor_name, authorship.credited_name) == ("夏琰祯", "夏琰祯")
    assert list(kept.name_variants.values_list("name", flat=True)) == ["夏琰祯"]


def test_adding_an_issue_in_the_admin_takes_the_periodical_facts(editor_client, seed_issue):
    periodical = seed_issue.periodical
    url = reverse("admin:issues_issue_add")
    form = editor_client.get(url, {"periodical": periodical.pk})
    assert "新疆乌鲁木齐市天山区中湾街388号" in form.text
    data = {
        "periodical": periodical.pk, "year": 2025, "number": 4, "cumulative_number": 345,
        "status": "draft",
        **EMPTY_INLINES,
    }  # fmt: skip
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    created = Issue.objects.get(periodical=periodical, year=2025, number=4)
    assert created.supervisor == periodical.supervisor and created.publication_day == 28


def test_duplicate_issue_in_the_admin_is_a_form_error(editor_client, seed_issue):
    data = {
        "periodical": seed_issue.periodical.pk, "year": 2025, "number": 3, "status": "draft",
        **EMPTY_INLINES,
    }  # fmt: skip
    response = editor_client.post(reverse("admin:issues_issue_add"), data)
    assert response.status_code == 200
    assert "2025年第3期" in str(response.context["adminform"].form.errors)
    assert Issue.objects.filter(periodical=seed_issue.periodical).count() == 1


def test_admin_is_chinese_even_for_an_english_browser(editor_client):
    response = editor_client.get(
        reverse("admin:issues_issue_changelist"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    )
    assert response.headers["Content-Language"] == "zh-hans"
    assert "期刊编辑部" in response.text


def test_english_when_the_user_chooses_it(editor_client):
    editor_client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    response = editor_client.get(reverse("admin:issues_issue_changelist"))
    assert "Periodical editorial office" in response.text


def test_toc_preview_is_forbidden_to_staff_without_view_permission(client, seed_issue):
    user = get_user_model().objects.create_user("intern", password="x", is_staff=True)
    client.force_login(user)
    response = client.get(reverse("admin:issues_issue_toc", args=[seed_issue.pk]))
    assert response.status_code == 403
