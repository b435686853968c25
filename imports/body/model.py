"""What the body is read into: its articles, each with the lines it was given and what was
read from them, and the photos that belong to the issue rather than to one article.

Also what every part asks of one printed line (a heading? a paragraph?).
"""

from dataclasses import dataclass, field

from ..front import Line, TocEntry
from ..marks import Credit, find_credit
from ..text import ends_sentence, has_clause_punctuation, squeeze, unify

TITLE_MAX = 60  # a heading is never longer than this


@dataclass
class Article:
    title: str
    title_line: int
    entry: TocEntry | None = None
    kicker: str = ""
    subtitle: str = ""
    byline_names: list[str] = field(default_factory=list)  # printed under the title
    lines: list[Line] = field(default_factory=list)  # everything after the title, in order
    lead: list[Line] = field(default_factory=list)  # text printed before the title
    authors: list[dict] = field(default_factory=list)
    source_orgs: list[str] = field(default_factory=list)
    reprinted_from: str = ""
    unclaimed_affiliation: str = ""  # read before any author: the 目录's, if no byline comes
    editor: str | None = None
    editor_line: int | None = None
    continued_on: list[str] = field(default_factory=list)
    photos: list[dict] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    printed: list[Line] = field(default_factory=list)  # from its title to the next title
    title_size: int = 1  # the lines its title is printed over

    @property
    def page(self) -> int | None:
        return self.entry.page if self.entry else None

    @property
    def label(self) -> str:
        return f"p.{self.page} {self.title}" if self.page else self.title

    def add_author(self, name: str, role: str = "author") -> dict:
        """Add a printed name to the article's authors; return its author entry."""
        entry = self.entry
        in_toc = bool(entry and name in entry.names) or (
            bool(entry and entry.author_text) and squeeze(name) == squeeze(entry.author_text)
        )
        author = {"name": name, "role": role, "affiliation": "", "in_toc": in_toc}
        self.authors.append(author)
        return author


@dataclass
class Body:
    articles: list[Article]
    issue_photos: list[dict]


def column_names(*articles: Article | None) -> set[str]:
    """The columns the given articles (None for no article) are printed in."""
    return {a.entry.column for a in articles if a is not None and a.entry and a.entry.column}


def photo_entry(caption: str, credit: Credit, line: int) -> dict:
    """A photo as the document holds it: its caption and its credit, if the credit names one."""
    return {
        "caption": caption,
        "credit": credit.as_document() if (credit.name or credit.kind == "archive") else None,
        "line": line,
    }


def is_title_like(line: Line) -> bool:
    """A line that could be a heading: short, no clause punctuation, no sentence, no credit."""
    text = unify(line.text)
    return (
        4 <= len(text) <= TITLE_MAX
        and not has_clause_punctuation(text)
        and not ends_sentence(text)
        and not find_credit(text)
    )


def is_paragraph(line: Line) -> bool:
    """A line longer than any heading: running text."""
    return len(unify(line.text)) > TITLE_MAX
