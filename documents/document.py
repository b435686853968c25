"""THE interchange form of an issue: what `load_seed_data` reads, the importer produces and the
JSON export writes (the format is in fixtures/README.md).

Frozen dataclasses, not pydantic: the format's meaning hangs on whether a key is present (a
credit's `contributor`, a fact printed empty), and on shapes that are one of two things (a
column as a name or as {name, order}); that needs code of our own in either case, and plain
dataclasses add no dependency. `documents.reading` is the one way from a file or a dict to
these types, `documents.writing` the one way back.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

# The `format` and `version` of a JSON export of issues.
EXPORT_FORMAT = "periodical-issues"
EXPORT_VERSION = 1

# A fact's value: text, the price, the publication day; "" or None for one printed empty.
FactValue = str | int | Decimal | None


@dataclass(frozen=True)
class Named:
    """A column or a masthead role of the periodical, with its place in the printed order."""

    name: str
    order: int


@dataclass(frozen=True)
class PeriodicalPart:
    slug: str
    name: str = ""
    name_pinyin: str = ""
    kind: str = "magazine"
    frequency: str = ""
    issn: str = ""
    cn: str = ""
    # The periodical's current facts (an export gives them); None where the document has
    # none, and a new periodical takes the facts its issue prints.
    facts: dict[str, FactValue] | None = None


@dataclass(frozen=True)
class DeclaredContributor:
    """A contributor that needs more than a name: its kind, its other printed names, a note."""

    name: str
    kind: str = "person"
    variants: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Credit:
    """Who took or supplied a photo. `contributor` is the name of the contributor it points
    at: the printed name unless the document says otherwise, None for nobody."""

    name: str
    kind: str = "taken"
    agency: str = ""
    title: str = ""
    contributor: str | None = None


@dataclass(frozen=True)
class Photo:
    caption: str = ""
    on_cover: bool = False
    credit: Credit | None = None


@dataclass(frozen=True)
class MastheadPerson:
    name: str  # as printed
    contributor: str | None  # the contributor's name (the printed one unless said otherwise)


@dataclass(frozen=True)
class MastheadLine:
    """One role line of the masthead: the role, the people printed in it, what it adds."""

    role: str
    people: tuple[MastheadPerson, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Author:
    name: str  # as printed
    contributor: str | None  # the contributor's name (the printed one unless said otherwise)
    role: str = "author"
    affiliation: str = ""
    in_toc: bool = False


@dataclass(frozen=True)
class ArticlePart:
    key: str  # unique in the document; highlights name articles by it
    title: str = ""
    column: str | None = None
    toc_order: int | None = None  # the 目录 position; None for an article it does not list
    start_page: int | None = None
    end_page: int | None = None
    continuation_pages: str = ""
    kicker: str = ""
    toc_title: str = ""
    subtitle: str = ""
    dateline: str = ""
    authors: tuple[Author, ...] = ()
    and_others: bool = False
    source_org: str = ""
    reprinted_from: str = ""
    responsible_editor: str | None = None  # the name the [责任编辑:…] mark prints
    responsible_editor_contributor: str | None = None  # the contributor's name
    body: str = ""
    photos: tuple[Photo, ...] = ()
    note: str = ""

    @property
    def in_toc(self) -> bool:
        return self.toc_order is not None


@dataclass(frozen=True)
class IssuePart:
    year: int
    number: int | None = None
    number_end: int | None = None
    supplement: bool = False
    cumulative_number: int | None = None
    publication_date: datetime.date | None = None
    status: str = "draft"
    published_at: datetime.datetime | None = None
    # The facts the issue prints, only those the document gives: "" or None for one printed
    # empty, which is not filled from the periodical.
    facts: dict[str, FactValue] = field(default_factory=dict)
    cover_caption: str = ""
    cover_image: str = ""
    masthead: tuple[MastheadLine, ...] = ()
    highlights_heading: str = ""
    highlights: tuple[str, ...] = ()  # article keys, in printed order
    photos: tuple[Photo, ...] = ()  # the cover and photos outside articles
    note: str = ""


@dataclass(frozen=True)
class IssueDocument:
    """One issue with everything it prints, self-contained."""

    periodical: PeriodicalPart
    issue: IssuePart
    contributors: tuple[DeclaredContributor, ...] = ()
    masthead_roles: tuple[Named, ...] = ()
    columns: tuple[Named, ...] = ()
    articles: tuple[ArticlePart, ...] = ()
