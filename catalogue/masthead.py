"""The masthead (版权页) of an issue as printed: the periodical's facts, roles, cover, barcode.

A read model like `catalogue.toc`: the API and any other page show the same masthead.
"""

from dataclasses import dataclass, field

from articles.models import PhotoCredit
from issues.models import Issue, MastheadEntry


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
