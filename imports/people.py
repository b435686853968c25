"""The people an imported issue names, resolved to contributors without guessing.

A printed name is the contributor with that name or that known variant. A name nobody has is
a new contributor; where it is one character off a known name (夏琰祯 / 夏珑祯) the report
proposes the match, and an editor merges them in the admin if they are one person: an
importer never merges.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from contributors.models import Contributor, ContributorNameVariant, normalise_name
from contributors.services import contributors_get_or_create
from documents.document import IssueDocument

from .nearnames import near_names
from .report import ImportReport, Kind

_ORGANISATION = re.compile(
    r"(?:组|部|委|会|社|局|院|所|中心|办公室|编辑部|公司|厅|处|站|队|馆|台|报)$"
)


@dataclass
class Resolution:
    existing: dict[str, Contributor] = field(default_factory=dict)  # printed name → contributor
    new: dict[str, str] = field(default_factory=dict)  # printed name → kind of the new contributor

    def contributors(self, names: Collection[str]) -> dict[str, Contributor]:
        """The loader's people (documents.services.People): the known ones as resolved, the new
        ones created in bulk with the kind the resolution gave them."""
        known = {name: self.existing[name] for name in names if name in self.existing}
        others = [name for name in names if name not in known]
        return known | contributors_get_or_create(names=others, kinds=self.new)


def printed_names(document: IssueDocument) -> dict[str, str]:
    """Every name the document credits, with the kind a new contributor of that name gets."""
    names: dict[str, str] = {}

    def add(name, kind=Contributor.Kind.PERSON):
        name = normalise_name(name or "")
        if name and name not in names:
            names[name] = Contributor.Kind.ORGANISATION if _ORGANISATION.search(name) else kind

    issue = document.issue
    for line in issue.masthead:
        for person in line.people:
            add(person.contributor)
    for photo in issue.photos:
        if photo.credit:
            add(photo.credit.contributor)
    for article in document.articles:
        for author in article.authors:
            add(author.contributor)
        add(article.responsible_editor_contributor)
        for photo in article.photos:
            if photo.credit:
                supplied = photo.credit.kind == "supplied"
                add(
                    photo.credit.contributor,
                    Contributor.Kind.ORGANISATION if supplied else Contributor.Kind.PERSON,
                )
    return names


def resolve_people(
    document: IssueDocument,
    report: ImportReport,
    known: dict[str, list[Contributor]] | None = None,
) -> Resolution:
    """Which printed names are known contributors, which are new; near misses reported.
    `known` is `known_contributors()`, if the caller has read it already."""
    names = printed_names(document)
    resolution = Resolution()
    known = known_contributors() if known is None else known
    for name, kind in names.items():
        matches = known.get(name, [])
        if matches:
            contributor = min(matches, key=lambda c: c.pk)
            resolution.existing[name] = contributor
            if len({c.pk for c in matches}) > 1:
                report.add(
                    Kind.NAMESAKES,
                    _(
                        "%(count)d contributors are named %(name)s; the credit went to "
                        "the oldest (#%(id)s). Check it in the admin."
                    )
                    % {"count": len({c.pk for c in matches}), "name": name, "id": contributor.pk},
                    text=name,
                )
            continue
        resolution.new[name] = kind
    new_names = list(resolution.new)
    near_known = near_names(new_names, known, _one_off)  # not each beside every contributor
    for name in new_names:
        near = near_known.get(name, [])
        near += [
            other for other in new_names if other != name and _one_off(name, other) and other < name
        ]
        for other in near:
            contributor = min(known[other], key=lambda c: c.pk) if other in known else None
            report.add(
                Kind.NAME_NEAR_MATCH,
                _(
                    "%(name)s differs by one character from %(other)s%(id)s; entered as a new "
                    "contributor. If they are one person, merge them in the admin."
                )
                % {
                    "name": name,
                    "other": other,
                    "id": f" (#{contributor.pk})" if contributor else "",
                },
                text=name,
            )
        report.add(
            Kind.NEW_CONTRIBUTOR,
            _("%(name)s is not a known contributor; entered as a new %(kind)s.")
            % {"name": name, "kind": Contributor.Kind(resolution.new[name]).label},
            text=name,
        )
    return resolution


def known_contributors() -> dict[str, list[Contributor]]:
    """Every contributor by name and by each known variant: two queries, whatever the count."""
    known: dict[str, list[Contributor]] = {}
    contributors = {c.pk: c for c in Contributor.objects.only("id", "name", "kind")}
    for contributor in contributors.values():
        known.setdefault(contributor.name, []).append(contributor)
    for variant in ContributorNameVariant.objects.values_list("name", "contributor_id"):
        known.setdefault(variant[0], []).append(contributors[variant[1]])
    return known


def _one_off(name: str, other: str) -> bool:
    """One character changed, added or dropped, in names of three characters or more (in a
    two-character name one character is half the name: 王伟 and 王玮 are different people)."""
    if min(len(name), len(other)) < 3 or abs(len(name) - len(other)) > 1 or name == other:
        return False
    if len(name) == len(other):
        return sum(a != b for a, b in zip(name, other, strict=True)) == 1
    shorter, longer = sorted((name, other), key=len)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))
