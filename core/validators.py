"""Validators for the identifiers printed on a periodical: ISSN, CN number, EAN-13 barcode."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ISSN_PATTERN = re.compile(r"^(\d{4})-(\d{3})([\dX])$")
CN_PATTERN = re.compile(r"^(\d{2})-(\d{4})/([A-Z]{1,2}\d?)$")

# Region codes of the CN number: the provincial-level divisions of the mainland.
CN_REGION_CODES = frozenset(
    {
        "11", "12", "13", "14", "15",
        "21", "22", "23",
        "31", "32", "33", "34", "35", "36", "37",
        "41", "42", "43", "44", "45", "46",
        "50", "51", "52", "53", "54",
        "61", "62", "63", "64", "65",
    }
)  # fmt: skip


def issn_check_digit(first_seven_digits: str) -> str:
    """The ISSN check character: mod 11 over weights 8..2, 10 written as X."""
    total = sum(
        int(digit) * weight
        for digit, weight in zip(first_seven_digits, range(8, 1, -1), strict=True)
    )
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def validate_issn(value: str) -> None:
    match = ISSN_PATTERN.match(value or "")
    if not match:
        raise ValidationError(
            _("ISSN must be written as NNNN-NNNC, e.g. 2096-7462."), code="issn_format"
        )
    digits = match.group(1) + match.group(2)
    expected = issn_check_digit(digits)
    if match.group(3) != expected:
        raise ValidationError(
            _("ISSN check digit is wrong: %(issn)s should end in %(expected)s."),
            code="issn_check_digit",
            params={"issn": value, "expected": expected},
        )


def validate_cn(value: str) -> None:
    match = CN_PATTERN.match(value or "")
    if not match:
        raise ValidationError(
            _("CN number must be written as NN-NNNN/X, e.g. 65-1309/D."), code="cn_format"
        )
    if match.group(1) not in CN_REGION_CODES:
        raise ValidationError(
            _("CN region code %(code)s is not a provincial-level region code."),
            code="cn_region",
            params={"code": match.group(1)},
        )


def ean13_check_digit(first_twelve_digits: str) -> str:
    """The EAN-13 check digit: weights 1 and 3 alternating from the left."""
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first_twelve_digits))
    return str((10 - total % 10) % 10)


def validate_page_list(value: str) -> None:
    """Continuation pages as printed by 下转/上接: "9", "9, 12-13"."""
    if value and not re.fullmatch(r"\d+(-\d+)?(\s*,\s*\d+(-\d+)?)*", value.strip()):
        raise ValidationError(
            _("Write pages as numbers and ranges separated by commas, e.g. 9, 12-13."),
            code="page_list",
        )
