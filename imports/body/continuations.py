"""Continuations: (上接第N页) opens the end of an article printed further back, on page N;
(接上页) the end of the last article before that broke off with (转下页).

The lines from the mark through that article's closing marks are returned to it; (下转第N页),
where the print breaks off, is read with the other closing marks (closing.py). (接上页) right
after its own article's (转下页) (a poster between them taken out) needs no moving.
"""

import re

from ..front import Line
from ..marks import CONTINUED_FROM, find_editor
from ..text import fold
from .closing import is_marks_only
from .model import Article

_FROM_PREVIOUS_PAGE = re.compile(r"^\s*[\[(]\s*接上页\s*[\])]")
_TO_NEXT_PAGE = re.compile(r"[\[(]\s*转下页\s*[\])]\s*$")


def return_continuations(
    segment: list[Line], articles: list[Article], current: Article | None = None
) -> list[Line]:
    """(上接第N页) opens the end of the article of page N, (接上页) the end of the article that
    broke off with (转下页): back to it, through its mark."""
    kept: list[Line] = []
    index = 0
    while index < len(segment):
        line = segment[index]
        owner = _owner(line, articles, current) if "接" in line.text else None
        if owner is None:
            kept.append(line)
            index += 1
            continue
        end = _continuation_end(segment, index)
        owner.lines.extend(segment[index : end + 1])
        index = end + 1
    return kept


def _owner(line: Line, articles: list[Article], current: Article | None) -> Article | None:
    # Folding only changes punctuation and digits, so a line without 接 cannot match: not
    # folding the others (the caller asks) keeps a long text's reading linear in its length.
    folded = fold(line.text)
    if match := CONTINUED_FROM.match(folded):
        return _article_on_page(articles, int(match["page"]))
    if _FROM_PREVIOUS_PAGE.match(folded) and current in articles:
        return _broken_off(articles[: articles.index(current)])
    return None


def _broken_off(earlier: list[Article]) -> Article | None:
    """The last of `earlier` whose text broke off with (转下页) and has not been closed."""
    for article in reversed(earlier):
        lines = article.lines
        breaks = [i for i, line in enumerate(lines) if _TO_NEXT_PAGE.search(fold(line.text))]
        if breaks and not any(find_editor(line.text) for line in lines[breaks[-1] :]):
            return article
    return None


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
