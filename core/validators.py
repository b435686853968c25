"""Validators for the identifiers printed on a periodical (ISSN, CN number, EAN-13 barcode), and
the rule for what text either database can store."""

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


# A NUL character is never part of a text people wrote, and PostgreSQL refuses it (DataError);
# a lone surrogate (a JSON "\ud800") is not Unicode, and neither database can encode it.
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def unstorable_text(text: str):
    """Why `text` cannot be stored as text (a NUL character, a lone surrogate), or None.

    The one rule for every way in: the API's parsers and middleware, the admin's upload and
    the commands that read files.
    """
    if "\x00" in text:
        return _("This text holds a NUL character (\\x00): binary data, not text.")
    if LONE_SURROGATE.search(text):
        return _("This text holds a lone surrogate: it is not valid Unicode.")
    return None


def printable(text: str) -> str:
    """`text` with its NULs and lone surrogates escaped, safe to echo in an error."""
    text = text.replace("\x00", "\\x00")
    return LONE_SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


def unstorable_place(data) -> tuple[str, str] | None:
    """A string (or key) in parsed data (JSON, YAML) that cannot be stored, as its place
    (`issues[0].articles[3].title`) and the reason; None if every one can."""
    stack = [(data, "")]
    while stack:  # a loop, not recursion: the data may nest as deep as its parser allowed
        value, place = stack.pop()
        if isinstance(value, str):
            if problem := unstorable_text(value):
                return place or "(the document)", problem
        elif isinstance(value, dict):
            for key, item in reversed(value.items()):
                where = f"{place}.{key}" if place else str(key)
                if isinstance(key, str) and (problem := unstorable_text(key)):
                    return printable(where), problem
                stack.append((item, where))
        elif isinstance(value, list):
            stack.extend((item, f"{place}[{n}]") for n, item in reversed(list(enumerate(value))))
    return None
