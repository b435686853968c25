"""Where each article starts: the place in the body where its 目录 title is printed as a
heading (its anchor), on one line, over several short lines or run together with its byline,
and the kicker (引题) printed over it. An article ends where the next one starts.
"""

import difflib

from django.utils.translation import gettext as _

from ..front import Front, Line, TocEntry
from ..marks import find_credit, find_editor
from ..report import ImportReport, Kind
from ..text import ends_sentence, has_clause_punctuation, heading_text, squeeze, tidy, unify
from .closing import is_marks_only
from .model import TITLE_MAX, Article

LIST_MARKER = "◆■●▲★☆◇□"


def _candidate(text: str) -> str:
    return squeeze(text.lstrip(LIST_MARKER + " "))


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


def _find_title(body: list[Line], entry: TocEntry, start: int, used: set[int]):
    """The first place from `start` where the entry's title is printed: on one line, over
    several short lines, or run together with its byline (奏响/乡村振兴新/乐章蒲/巧/英)."""
    title = squeeze(entry.title)
    names = "".join(entry.names) if entry.names else squeeze(entry.author_text)
    targets = {title: False, title.removesuffix("等"): False}
    if names:
        targets[title + names] = True
    if entry.title_tail_names:
        targets.setdefault(title + "".join(entry.title_tail_names), False)
    best = None
    for index in range(start, len(body)):
        if index in used or len(body[index].text) > TITLE_MAX:
            continue
        joined = ""
        for size in range(1, 6):
            at = index + size - 1
            if at >= len(body) or at in used or len(body[at].text) > TITLE_MAX:
                break
            joined += _candidate(body[at].text) if size == 1 else squeeze(body[at].text)
            if joined in targets:
                return _anchor(body, entry, index, size, with_byline=targets[joined])
            if size == 1 and best is None and _close(joined, title):
                best = (index, size)
            if len(joined) > len(title) + len(names) + 2:
                break
        if best is not None and index > best[0] + 3:
            break
    if best is not None:
        return _anchor(body, entry, best[0], best[1], with_byline=False)
    return None


def _close(candidate: str, title: str) -> bool:
    """One printing of a title against another: a character or two changed, added or lost."""
    if len(candidate) < 4 or abs(len(candidate) - len(title)) > max(2, len(title) // 8):
        return False
    matcher = difflib.SequenceMatcher(None, candidate, title, autojunk=False)
    return matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85


def _anchor(body: list[Line], entry: TocEntry, index: int, size: int, *, with_byline: bool):
    printed = [tidy(line.text).lstrip(LIST_MARKER + " ") for line in body[index : index + size]]
    if with_byline:
        title = entry.title
        byline = list(entry.names)
    else:
        title = " ".join(printed) if size > 1 else printed[0]
        byline = []
    article = Article(
        title=title,
        title_line=body[index].number,
        entry=entry,
        byline_names=byline,
        title_size=size,
    )
    return index, size, article


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
