"""Where each article starts: the place in the body where its 目录 title is printed as a
heading (its anchor), on one line, over several short lines or run together with its byline,
and the kicker (引题) printed over it. An article ends where the next one starts.
"""

import difflib

from django.utils.translation import gettext as _

from ..front import Front, Line, TocEntry
from ..marks import find_credit, find_editor
from ..report import ImportReport, Kind
from ..text import (
    ends_sentence,
    has_clause_punctuation,
    heading_text,
    squeeze,
    tidy,
    title_key,
    unify,
)
from .closing import is_marks_only
from .model import TITLE_MAX, Article

LIST_MARKER = "◆■●▲★☆◇□"


def _candidate(text: str) -> str:
    return title_key(text.lstrip(LIST_MARKER + " "))


def find_anchors(body: list[Line], front: Front, report: ImportReport) -> list[tuple[int, Article]]:
    """An article for each 目录 entry (entries printed twice, in the 目录 and in the 看点 block,
    as one) with the index of the body line its title starts on, in the body's order; an entry
    whose title the body does not print comes last, at index -1, and is reported."""
    entries = sorted(front.toc, key=lambda entry: (entry.page, entry.highlight))
    merged: list[TocEntry] = []
    for entry in entries:
        same = next((e for e in merged if e.page == entry.page and _same_title(e, entry)), None)
        if same is not None:
            same.highlight = same.highlight or entry.highlight
            continue
        merged.append(entry)
    used: set[int] = set()
    anchors: list[tuple[int, Article]] = []
    position = 0
    for entry in merged:
        found = _find_title(body, entry, position, used) or _find_title(body, entry, 0, used)
        if found is None:
            report.add(
                Kind.TOC_ENTRY_WITHOUT_ARTICLE,
                _(
                    "The body prints no title matching this entry; the article "
                    "holds only what the table of contents gives."
                ),
                line=entry.line,
                text=entry.title,
                article=f"p.{entry.page} {entry.title}",
            )
            anchors.append((-1, Article(title=entry.title, title_line=entry.line, entry=entry)))
            continue
        index, size, article = found
        used.update(range(index, index + size))
        position = index + size
        anchors.append((index, article))
    placed = sorted((a for a in anchors if a[0] >= 0), key=lambda a: a[0])
    return placed + [a for a in anchors if a[0] < 0]


def _same_title(one: TocEntry, other: TocEntry) -> bool:
    return squeeze(one.title) == squeeze(other.title)


def _targets(entry: TocEntry) -> dict[str, str]:
    """What the body may print for an entry's title, each with how it is printed: the title
    (`title`), run together with its byline (`byline`), with the 目录's tail names in it
    (`tail`), its two lines extracted bottom line first (`reversed`)."""
    title = title_key(entry.title)
    names = "".join(entry.names) if entry.names else squeeze(entry.author_text)
    targets = {title: "title", title.removesuffix("等"): "title"}
    if names:
        targets[title + names] = "byline"
    if entry.title_tail_names:
        targets.setdefault(title + "".join(entry.title_tail_names), "tail")
    lines = [line for line in entry.title_lines if line.strip()]
    if len(lines) == 2:
        targets.setdefault(title_key(lines[1]) + title_key(lines[0]), "reversed")
    return targets


def _find_title(body: list[Line], entry: TocEntry, start: int, used: set[int]):
    """The first place from `start` where the entry's title is printed: on one line, over
    several short lines, or run together with its byline (奏响/乡村振兴新/乐章蒲/巧/英)."""
    title = title_key(entry.title)
    names = "".join(entry.names) if entry.names else squeeze(entry.author_text)
    targets = _targets(entry)
    best = None
    for index in range(start, len(body)):
        if index in used or len(body[index].text) > TITLE_MAX:
            continue
        joined = ""
        for size in range(1, 6):
            at = index + size - 1
            if at >= len(body) or at in used or len(body[at].text) > TITLE_MAX:
                break
            joined += _candidate(body[at].text) if size == 1 else title_key(body[at].text)
            if joined in targets:
                return _anchor(body, entry, index, size, printed_as=targets[joined])
            if size == 1 and best is None and _close(joined, title):
                best = (index, size)
            if len(joined) > len(title) + len(names) + 2:
                break
        if best is not None and index > best[0] + 3:
            break
    if best is not None:
        return _anchor(body, entry, best[0], best[1], printed_as="title")
    return None


def _close(candidate: str, title: str) -> bool:
    """One printing of a title against another: a character or two changed, added or lost."""
    if len(candidate) < 4 or abs(len(candidate) - len(title)) > max(2, len(title) // 8):
        return False
    matcher = difflib.SequenceMatcher(None, candidate, title, autojunk=False)
    return matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


def _anchor(body: list[Line], entry: TocEntry, index: int, size: int, *, printed_as: str):
    printed = [tidy(line.text).lstrip(LIST_MARKER + " ") for line in body[index : index + size]]
    kicker = ""
    byline: list[str] = []
    if printed_as == "byline":
        title = entry.title
        byline = list(entry.names)
    elif printed_as == "reversed":
        title = " ".join(reversed(printed))
    elif _kicker_apart(body, entry, index, size):
        # The 目录's first line printed apart, over the rest: a 引题, not part of the title.
        kicker, title = printed[0], " ".join(printed[1:])
        entry.kicker, entry.title_lines = entry.title_lines[0], entry.title_lines[1:]
    else:
        title = " ".join(printed) if size > 1 else printed[0]
    article = Article(
        title=title,
        title_line=body[index].number,
        entry=entry,
        kicker=kicker,
        byline_names=byline,
        title_size=size,
    )
    return index, size, article


def _kicker_apart(body: list[Line], entry: TocEntry, index: int, size: int) -> bool:
    """The 目录's first title line, printed in the body as a block of its own (a blank line
    between it and the rest of the title, which the extraction keeps together)."""
    lines = [line for line in entry.title_lines if line.strip()]
    return (
        size >= 2
        and len(lines) >= 2
        and title_key(body[index].text) == title_key(lines[0])
        and body[index + 1].number - body[index].number > 1
    )


def find_kickers(body: list[Line], anchors: list[tuple[int, Article]]) -> set[int]:
    """A 引题 printed over a title: a short line right before it that is no sentence, no
    mark, no credit and no one's title (自治区党委常委会召开会议). Each is set on its article;
    the numbers of their lines are returned."""
    taken = set()
    titles = {article.title_line for _index, article in anchors}
    for index, article in anchors:
        if index == 0:
            continue
        line = body[index - 1]
        text = unify(line.text)
        if (
            line.number not in titles
            and 6 <= len(text) <= 40
            and not has_clause_punctuation(text)
            and not ends_sentence(text)
            and not find_credit(text)
            and not find_editor(text)
            and not is_marks_only(text)
            and heading_text(text) != (article.entry.column if article.entry else None)
        ):
            article.kicker = tidy(line.text)
            taken.add(line.number)
    return taken
