"""The closing marks an article's lines carry, taken off one line and recorded on its article:
[责任编辑:X] in every bracket and colon form, (作者单位:…), (作者系…), (作者:X、Y,分别系…),
(…供稿), (摘自…) and (据…), (X整理), (下转第N页) and a signed (X).

The marks are one table, CLOSING_MARKS, walked in its order by `read_closing_marks`: a new
printed form is one row (its kind, its pattern from imports/marks.py, the function that records
it). Photo credits (摄, 供图, 资料图) have their own table in imports/marks.py; (上接第N页) moves
lines between articles and is read in continuations.py.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from ..front import Line
from ..marks import (
    AFFILIATION,
    AFFILIATION_IS,
    AUTHORS_ARE,
    COMPILED_BY,
    CONTINUED_ON,
    EDITOR,
    REPORTED_BY,
    REPRINT,
    SIGNED,
    SIGNED_BY_BODY,
    SOURCE,
    SOURCE_LABELLED,
)
from ..report import ImportReport, Kind
from ..text import fold, join_letters, split_names, tidy, unify
from .model import Article


@dataclass
class MarkedLine:
    """One line while its marks are taken off: each mark read is blanked out of the printed
    text and of its folded form alike, so the spans of the marks still to read stay put."""

    text: str
    line: Line
    article: Article
    pending: list[dict]  # the authors of the last byline, still without an affiliation
    report: ImportReport
    folded: str = field(init=False)
    kinds: list[str] = field(default_factory=list)  # the kinds of the marks taken, in order

    def __post_init__(self) -> None:
        self.folded = fold(self.text)

    def raw(self, match: re.Match, group: str) -> str:
        """What the print gives for a group of a match in the folded line."""
        if match.group(group) is None:
            return ""
        start, end = match.span(group)
        return self.text[start:end]

    def cut(self, match: re.Match) -> None:
        start, end = match.span()
        blank = " " * (end - start)
        self.text = self.text[:start] + blank + self.text[end:]
        self.folded = self.folded[:start] + blank + self.folded[end:]

    @property
    def found(self) -> str:
        """What the line is said to hold: an affiliation above all (it closes the byline's
        pending authors), else the first mark taken, else nothing."""
        if "affiliation" in self.kinds:
            return "affiliation"
        return self.kinds[0] if self.kinds else ""


# Each reader records one mark on the line's article and says whether the mark is taken off the
# line (True) or left in its text.


def _editor(line: MarkedLine, match: re.Match) -> bool:
    name = line.raw(match, "name") or line.raw(match, "bare")
    name = (
        unify(name).replace(" ", "")
        if " " in name and len(name.replace(" ", "")) <= 4
        else unify(name)
    )
    article = line.article
    if article.editor is None:
        article.editor, article.editor_line = name, line.line.number
    else:
        line.report.add(
            Kind.EDITOR_MARK_UNPLACED,
            _("A second responsible-editor mark for one article."),
            line=line.line.number,
            text=name,
            article=article.label,
        )
    return True


def _authors_are(line: MarkedLine, match: re.Match) -> bool:
    """(作者:张学良、杨羊,分别系…,…): one affiliation per author, in order."""
    article = line.article
    names = _names(line.raw(match, "names"), article)
    text = line.raw(match, "text")
    parts = [part.strip() for part in re.split(r"[,，]", text) if part.strip()]
    if len(parts) != len(names):  # 分别系A、B
        parts = [part.strip() for part in re.split(r"[,，、]", text) if part.strip()]
    for position, name in enumerate(names):
        author = next(
            (a for a in article.authors if a["name"] == name), None
        ) or article.add_author(name)
        author["affiliation"] = parts[position] if len(parts) == len(names) else ",".join(parts)
    return True


def _names(text: str, article: Article) -> list[str]:
    """The names a mark lists: names with a common surname, or the article's own authors
    (禤海波 has no common surname, but the byline printed it)."""
    names = split_names(text)
    if names:
        return names
    tokens = join_letters(unify(text).replace("、", " ").replace(",", " ").split())
    authors = {author["name"] for author in article.authors}
    return tokens if tokens and all(token in authors for token in tokens) else []


def _affiliation(line: MarkedLine, match: re.Match) -> bool:
    """One affiliation for the byline's authors that have none (or, failing them, for every
    author that has none)."""
    value = tidy(line.raw(match, "text"))
    targets = [a for a in line.pending if a["role"] == "author" and not a["affiliation"]] or [
        a for a in line.article.authors if a["role"] == "author" and not a["affiliation"]
    ]
    for author in targets:
        author["affiliation"] = value
    if not targets and not line.article.unclaimed_affiliation:
        line.article.unclaimed_affiliation = value  # for the 目录's authors, if they are all
    return True


def _source(line: MarkedLine, match: re.Match) -> bool:
    line.article.source_orgs.append(tidy(line.raw(match, "text")))
    return True


def _reprint(line: MarkedLine, match: re.Match) -> bool:
    line.article.reprinted_from = tidy(line.raw(match, "text")).strip("《》 ")
    return True


def _compiler(line: MarkedLine, match: re.Match) -> bool:
    for name in split_names(line.raw(match, "names")) or []:
        line.article.add_author(name, role="compiler")
    return True


def _continued_on(line: MarkedLine, match: re.Match) -> bool:
    line.article.continued_on.append(match["page"])
    return False  # (下转第N页) stays in the text where the print breaks off


def _signed(line: MarkedLine, match: re.Match) -> bool:
    """A name in brackets at the end of a line that holds no other mark: its author."""
    # With no mark taken nothing is blanked, and the line is tidied: it ends where its folded
    # form does, so the pattern's `$` is the print's end of line.
    names = split_names(line.raw(match, "names"))
    if not names or line.kinds:
        return False
    for name in names:
        line.article.add_author(name)
    return True


@dataclass(frozen=True)
class ClosingMark:
    kind: str  # what a line holding it is said to hold (MarkedLine.found)
    pattern: re.Pattern
    read: Callable[[MarkedLine, re.Match], bool]
    every: bool = False  # read every one on the line, not only the first


CLOSING_MARKS = (
    ClosingMark("editor", EDITOR, _editor),
    ClosingMark("affiliation", AUTHORS_ARE, _authors_are),
    ClosingMark("affiliation", AFFILIATION, _affiliation),
    ClosingMark("affiliation", AFFILIATION_IS, _affiliation),
    ClosingMark("source", SOURCE, _source, every=True),
    ClosingMark("source", SOURCE_LABELLED, _source),
    ClosingMark("reprint", REPRINT, _reprint),
    ClosingMark("reprint", REPORTED_BY, _reprint),
    ClosingMark("compiler", COMPILED_BY, _compiler),
    ClosingMark("continued", CONTINUED_ON, _continued_on),
    ClosingMark("source", SIGNED_BY_BODY, _source),
    ClosingMark("signed", SIGNED, _signed),
)


def _matches(mark: ClosingMark, folded: str) -> Iterable[re.Match]:
    if mark.every:
        return list(mark.pattern.finditer(folded))
    match = mark.pattern.search(folded)
    return [match] if match else []


def read_closing_marks(
    text: str, article: Article, pending: list[dict], report: ImportReport, line: Line
) -> tuple[str, str]:
    """Take the closing marks off a line; return what remains and which kind of mark was read."""
    marked = MarkedLine(text, line, article, pending, report)
    for mark in CLOSING_MARKS:
        for match in _matches(mark, marked.folded):
            if mark.read(marked, match):
                marked.cut(match)
                marked.kinds.append(mark.kind)
    return tidy(marked.text), marked.found


# The marks a line may hold and nothing else ((作者单位:…) [责任编辑:…]), in the order they are
# taken off it. The order is not the table's: (作者:X,系…) comes after the 作者单位 forms here,
# and a line holding both reads differently in the two orders.
_MARKS_ONLY = (
    EDITOR,
    AFFILIATION,
    AFFILIATION_IS,
    AUTHORS_ARE,
    SOURCE,
    SOURCE_LABELLED,
    REPRINT,
    REPORTED_BY,
    COMPILED_BY,
    SIGNED_BY_BODY,
)


def is_marks_only(text: str) -> bool:
    """A line that holds nothing but closing marks: (作者单位:…) [责任编辑:…]."""
    rest = fold(text)
    for pattern in _MARKS_ONLY:
        rest = pattern.sub("", rest)
    return not rest.strip()
