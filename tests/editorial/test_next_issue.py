"""新建下一期: the next issue proposed, created with the facts, masthead and column plan."""

import datetime

import pytest
from django.urls import reverse

from issues.models import Issue
from issues.services import issue_create_next, issue_next_numbers
from periodical.models import Periodical
from tests.factories import IssueFactory, PeriodicalFactory

pytestmark = pytest.mark.django_db


def test_after_2025_3_comes_2025_4_numbered_345(seed_issue):
    proposal = issue_next_numbers(previous=seed_issue)
    assert (proposal["year"], proposal["number"], proposal["cumulative_number"]) == (2025, 4, 345)
    assert proposal["publication_date"] == datetime.date(2025, 4, 28)


def test_after_a_combined_issue_comes_the_number_after_its_last():
    previous = IssueFactory(number=5, number_end=6, cumulative_number=100)
    proposal = issue_next_numbers(previous=previous)
    assert (proposal["number"], proposal["cumulative_number"]) == (7, 101)


def test_after_the_years_last_number_comes_number_1_of_the_next_year():
    previous = IssueFactory(year=2025, number=11, number_end=12, cumulative_number=353)
    proposal = issue_next_numbers(previous=previous)
    assert (proposal["year"], proposal["number"], proposal["cumulative_number"]) == (2026, 1, 354)
    assert proposal["publication_date"] == datetime.date(2026, 1, 28)


def test_without_a_frequency_the_previous_years_last_number_ends_the_year():
    periodical = PeriodicalFactory(frequency="")
    IssueFactory(periodical=periodical, year=2024, number=6)
    previous = IssueFactory(periodical=periodical, year=2025, number=6)
    proposal = issue_next_numbers(previous=previous)
    assert (proposal["year"], proposal["number"]) == (2026, 1)
    assert proposal["publication_date"] is None


def test_next_issue_copies_facts_masthead_and_column_plan(seed_issue):
    Periodical.objects.filter(pk=seed_issue.periodical_id).update(price="8.00")
    seed_issue.periodical.refresh_from_db()
    issue = issue_create_next(previous=seed_issue)
    assert issue.status == Issue.Status.DRAFT
    assert str(issue.price) == "8.00"  # today's facts, not the previous issue's
    previous_masthead = list(
        seed_issue.masthead_entries.values_list("role_id", "contributor_id", "credited_name")
    )
    assert (
        list(issue.masthead_entries.values_list("role_id", "contributor_id", "credited_name"))
        == previous_masthead
    )
    assert issue.column_plan() == seed_issue.column_plan()
    assert not issue.articles.exists()


def test_next_issue_button_proposes_and_opens_the_new_workspace(editor_client, seed_issue):
    url = reverse("admin:issues_issue_next", args=[seed_issue.pk])
    form = editor_client.get(url).content.decode()
    assert 'value="345"' in form and 'value="4"' in form
    response = editor_client.post(
        url,
        {
            "year": 2025,
            "number": 4,
            "cumulative_number": 345,
            "publication_date": "",
            "copy_masthead": "on",
        },
    )
    issue = Issue.objects.get(periodical=seed_issue.periodical, year=2025, number=4)
    assert response.url == reverse("admin:issues_issue_workspace", args=[issue.pk])
    page = editor_client.get(response.url).content.decode()
    assert "卷首语</h3>" in page and "田进宝" in page


def test_duplicate_number_is_a_form_error(editor_client, seed_issue):
    url = reverse("admin:issues_issue_next", args=[seed_issue.pk])
    response = editor_client.post(url, {"year": 2025, "number": 3, "cumulative_number": 999})
    assert response.status_code == 200
    assert "《党员之友》已有2025年第3期。" in response.content.decode()
    assert not Issue.objects.filter(cumulative_number=999).exists()


def test_masthead_copy_button(editor_client, seed_issue):
    issue = Issue.objects.create(periodical=seed_issue.periodical, year=2025, number=9)
    url = reverse("admin:issues_issue_copy_masthead", args=[issue.pk])
    editor_client.post(url)
    assert issue.masthead_entries.count() == seed_issue.masthead_entries.count()
    response = editor_client.post(url, follow=True)  # twice: refused, nothing doubled
    assert "已有版权页" in response.content.decode()
    assert issue.masthead_entries.count() == seed_issue.masthead_entries.count()


def test_add_form_of_a_periodical_proposes_the_numbers_after_its_latest_issue(
    editor_client, seed_issue
):
    url = reverse("admin:issues_issue_add") + f"?periodical={seed_issue.periodical_id}"
    form = editor_client.get(url).context["adminform"].form
    assert (form.initial["year"], form.initial["number"]) == (2025, 4)
    assert form.initial["cumulative_number"] == 345
    assert form.initial["sponsor"] == seed_issue.periodical.sponsor  # the facts, before saving


def test_issue_form_has_the_workspace_next_issue_and_masthead_buttons(editor_client, seed_issue):
    page = editor_client.get(reverse("admin:issues_issue_change", args=[seed_issue.pk]))
    page = page.content.decode()
    assert reverse("admin:issues_issue_workspace", args=[seed_issue.pk]) in page
    assert reverse("admin:issues_issue_next", args=[seed_issue.pk]) in page
