"""Issue rules: numbering, combined issues, facts kept per issue, constraints in the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from issues.models import Issue
from issues.services import issue_create
from tests.chinese import is_chinese
from tests.factories import IssueFactory, PeriodicalFactory

pytestmark = pytest.mark.django_db


def test_duplicate_issue_number_is_a_chinese_form_error_and_nothing_is_saved():
    """The service every write path calls refuses it before the database would."""
    existing = IssueFactory(year=2025, number=3)
    with pytest.raises(ValidationError) as caught:
        issue_create(periodical=existing.periodical, year=2025, number=3)
    assert is_chinese(" ".join(caught.value.messages))
    assert "2025年第3期" in " ".join(caught.value.message_dict["number"])
    assert Issue.objects.filter(periodical=existing.periodical).count() == 1


def test_database_refuses_a_duplicate_issue_number_too():
    existing = IssueFactory(year=2025, number=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(periodical=existing.periodical, year=2025, number=3)


def test_duplicate_cumulative_number_is_refused():
    existing = IssueFactory(year=2025, number=3, cumulative_number=344)
    duplicate = Issue(periodical=existing.periodical, year=2025, number=4, cumulative_number=344)
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "总第344期" in " ".join(caught.value.message_dict["cumulative_number"])


def test_same_number_in_another_year_or_as_supplement_is_allowed():
    existing = IssueFactory(year=2025, number=3)
    Issue(periodical=existing.periodical, year=2024, number=3).full_clean()
    Issue(periodical=existing.periodical, year=2025, number=3, supplement=True).full_clean()


def test_combined_issue_takes_both_numbers():
    combined = IssueFactory(year=2025, number=1, number_end=2)
    assert combined.label == "2025年第1-2期"
    clash = Issue(periodical=combined.periodical, year=2025, number=2)
    with pytest.raises(ValidationError) as caught:
        clash.full_clean()
    assert "number" in caught.value.message_dict
    Issue(periodical=combined.periodical, year=2025, number=3).full_clean()


def test_combined_issue_numbers_must_ascend_in_the_database():
    periodical = PeriodicalFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(periodical=periodical, year=2025, number=2, number_end=1)


def test_publication_day_outside_the_month_is_refused():
    periodical = PeriodicalFactory()
    issue = Issue(periodical=periodical, year=2025, number=1, publication_day=32)
    with pytest.raises(ValidationError) as caught:
        issue.full_clean()
    assert "publication_day" in caught.value.message_dict


def test_new_issue_keeps_the_facts_of_its_day_when_the_periodical_changes():
    periodical = PeriodicalFactory(price="6.00", address="旧地址", publication_day=28)
    old = issue_create(periodical=periodical, year=2025, number=3)
    periodical.price = "8.00"
    periodical.address = "新地址"
    periodical.save()
    new = issue_create(periodical=periodical, year=2025, number=4)
    old.refresh_from_db()
    assert (str(old.price), old.address, old.publication_day) == ("6.00", "旧地址", 28)
    assert (str(new.price), new.address) == ("8.00", "新地址")


def test_barcode_is_derived_not_typed():
    periodical = PeriodicalFactory(issn="0317-8471")
    issue = IssueFactory(periodical=periodical, year=2025, number=3)
    assert issue.barcode == {"ean13": "9770317847254", "addon": "03"}
    assert IssueFactory(periodical=periodical, year=2025, number=None).barcode is None


def test_newspaper_edition_is_labelled_by_its_date():
    import datetime

    issue = IssueFactory(number=None, publication_date=datetime.date(2020, 1, 9))
    assert issue.label == "2020年1月9日"
