"""Continuations: (上接第N页) opens the end of an article printed further back, on page N.

The lines from the mark through that article's closing marks are returned to it; (下转第N页),
where the print breaks off, is read with the other closing marks (closing.py).
"""

from ..front import Line
from ..marks import CONTINUED_FROM, find_editor
from ..text import fold
from .closing import is_marks_only
from .model import Article


def return_continuations(segment: list[Line], articles: list[Article]) -> list[Line]:
    """(上接第N页) opens the end of the article of page N: back to it, through its mark."""
    kept: list[Line] = []
    index = 0
    while index < len(segment):
        line = segment[index]
        # Folding only changes punctuation and digits, so a line without 上接 cannot match:
        # not folding the others keeps a long text's reading linear in its length.
        match = CONTINUED_FROM.match(fold(line.text)) if "上接" in line.text else None
        owner = _article_on_page(articles, int(match["page"])) if match else None
        if owner is None:
            kept.append(line)
            index += 1
            continue
        end = _continuation_end(segment, index)
        owner.lines.extend(segment[index : end + 1])
        index = end + 1
    return kept


def _continuation_end(segment: list[Line], start: int) -> int:
    """Where a continuation ends: at its 责任编辑 mark and the marks-only lines after it."""
    end = next(
        (i for i in range(start, len(segment)) if find_editor(segment[i].text)),
        len(segment) - 1,
    )
    while (
        end + 1 < len(segment)
        and is_marks_only(segment[end + 1].text)
        and not find_editor(segment[end + 1].text)
    ):
        end += 1
    return end


def _article_on_page(articles: list[Article], page: int) -> Article | None:
    candidates = [a for a in articles if a.page is not None and a.page <= page]
    return max(candidates, key=lambda a: a.page) if candidates else None
