"""ISSN, CN number and barcode rules, with no database."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import ean13_check_digit, issn_check_digit, validate_cn, validate_issn
from periodical.models import Periodical
from tests.chinese import is_chinese


@pytest.mark.parametrize("issn", ["2096-7462", "0317-8471", "2434-561X", "0000-0000"])
def test_valid_issn_passes(issn):
    validate_issn(issn)


@pytest.mark.parametrize(
    ("issn", "code"),
    [
        ("2096-7463", "issn_check_digit"),
        ("2434-5610", "issn_check_digit"),
        ("20967462", "issn_format"),
        ("2096-746", "issn_format"),
        ("2096-746x", "issn_format"),
    ],
)
def test_bad_issn_is_refused_with_a_chinese_message(issn, code):
    with pytest.raises(ValidationError) as caught:
        validate_issn(issn)
    assert caught.value.code == code
    assert is_chinese(caught.value.messages[0])


def test_issn_check_digit_ten_is_written_x():
    assert issn_check_digit("2434561") == "X"


@pytest.mark.parametrize("cn", ["65-1309/D", "11-1399/G4", "31-1068/TP", "44-1001/Z"])
def test_valid_cn_passes(cn):
    validate_cn(cn)


@pytest.mark.parametrize(
    ("cn", "code"),
    [
        ("99-1309/D", "cn_region"),
        ("71-1309/D", "cn_region"),
        ("65-130/D", "cn_format"),
        ("65-1309", "cn_format"),
        ("65-1309/d", "cn_format"),
        ("CN 65-1309/D", "cn_format"),
    ],
)
def test_bad_cn_is_refused_with_a_chinese_message(cn, code):
    with pytest.raises(ValidationError) as caught:
        validate_cn(cn)
    assert caught.value.code == code
    assert is_chinese(caught.value.messages[0])


def test_periodical_full_clean_reports_issn_and_cn_on_their_fields():
    periodical = Periodical(slug="x", name="测试", issn="2096-7463", cn="99-1309/D")
    with pytest.raises(ValidationError) as caught:
        periodical.full_clean(validate_unique=False, validate_constraints=False)
    assert set(caught.value.message_dict) == {"issn", "cn"}


def test_ean13_check_digit_of_the_printed_barcode():
    assert ean13_check_digit("977209674625") == "4"
