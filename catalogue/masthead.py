"""The masthead (版权页) of an issue as printed: the periodical's facts, roles, cover, barcode.

A read model like `catalogue.toc`: the API and any other page show the same masthead.
"""

from dataclasses import dataclass, field

from rest_framework import serializers

from articles.models import PhotoCredit
from articles.read_models import credit_line, photographer
from core.read_models import CompiledRows, read_together
from issues.models import Issue, MastheadEntry
from issues.read_models import PAGE_VALUES, page_cover_picture, page_issue
from periodical.models import Periodical

from .toc import COVER_CREDITS


@dataclass
class MastheadRoleLine:
    """One printed line of the masthead: a role and the people in it (编辑部主任 杨佩佩)."""

    role: str
    people: list[MastheadEntry] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def note(self) -> str:
        return "、".join(self.notes)


@dataclass(frozen=True)
class Masthead:
    issue: Issue
    roles: list[MastheadRoleLine]
    cover_credit: PhotoCredit | None


def build_masthead(issue: Issue) -> Masthead:
    """The masthead of `issue`, its roles in printed order.

    The roles, people and facts are the issue's own copy, so an old issue keeps the masthead
    it printed whatever changes later.
    """
    roles: list[MastheadRoleLine] = []
    entries = issue.masthead_entries.select_related("role").order_by("order", "id")
    for entry in entries:
        if not roles or roles[-1].role != entry.role.name:
            roles.append(MastheadRoleLine(role=entry.role.name))
        roles[-1].people.append(entry)
        if entry.note and entry.note not in roles[-1].notes:
            roles[-1].notes.append(entry.note)
    cover_credit = issue.photo_credits.filter(on_cover=True).order_by("order", "id").first()
    return Masthead(issue=issue, roles=roles, cover_credit=cover_credit)


# The periodical's columns and the issue's own facts the masthead prints.
MASTHEAD_VALUES = (
    *PAGE_VALUES,
    "periodical__name_pinyin",
    "periodical__issn",
    "periodical__cn",
    *Periodical.FACT_FIELDS,  # the issue keeps its own copy of each, under the same name
)
FACT_NAMES = ("supervisor", "sponsor", "publisher", "address", "phone", "postcode", "email")
# DRF's representation of the price (a string with two decimals), from the schema's own field.
PRICE = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)


MASTHEAD_ISSUE = CompiledRows(
    Issue, lambda pk: Issue.objects.filter(pk=pk).values(*MASTHEAD_VALUES)
)
MASTHEAD_ENTRIES = CompiledRows(
    MastheadEntry,
    lambda issue_id: (
        MastheadEntry.objects.filter(issue_id=issue_id)
        .order_by("order", "id")
        .values("role__name", "contributor_id", "credited_name", "note")
    ),
)


# The masthead's queries, each by the issue's id and independent of the others: sent together.
MASTHEAD_QUERIES = (MASTHEAD_ISSUE, MASTHEAD_ENTRIES, COVER_CREDITS)


def masthead_data(issue_id: int, *, request, rows: list | None = None) -> dict:
    """MastheadSerializer's representation of the masthead of the issue `issue_id`, read as
    plain rows in three compiled queries sent together (read_together), with no model
    instance: what the API's JSON answers. tests/api/test_read_models.py holds it equal to
    the serializer's. `rows`: those queries' rows where they were read already, in the order
    of MASTHEAD_QUERIES."""
    [issue], entries, credits = rows or read_together(
        *((query, issue_id) for query in MASTHEAD_QUERIES)
    )
    roles: list[dict] = []
    notes: list[list[str]] = []
    for entry in entries:
        if not roles or roles[-1]["role"] != entry["role__name"]:
            roles.append({"role": entry["role__name"], "people": []})
            notes.append([])
        roles[-1]["people"].append({"id": entry["contributor_id"], "name": entry["credited_name"]})
        if entry["note"] and entry["note"] not in notes[-1]:
            notes[-1].append(entry["note"])
    for line, line_notes in zip(roles, notes, strict=True):
        line["note"] = "、".join(line_notes)
    cover_credit = next(iter(credits), None)
    price = issue["price"]
    return {
        "issue": page_issue(issue),
        "periodical": {
            "name": issue["periodical__name"],
            "name_pinyin": issue["periodical__name_pinyin"],
            "slogan": issue["slogan"],
            "issn": issue["periodical__issn"],
            "cn": issue["periodical__cn"],
            **{name: issue[name] for name in FACT_NAMES},
            "price": None if price is None else PRICE.to_representation(price),
            "publication_day": issue["publication_day"],
            "printer": issue["printer"],
        },
        "roles": roles,
        "cover": {
            "caption": issue["cover_caption"],
            "photographer": None if cover_credit is None else photographer(cover_credit),
            "image": page_cover_picture(
                issue, [credit_line(cover_credit)] if cover_credit else [], request
            ),
        },
        "barcode": Issue.barcode_of(issue["periodical__issn"], issue["year"], issue["number"]),
    }
