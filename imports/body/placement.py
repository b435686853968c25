"""What lies between one article's 责任编辑 mark and the next title, placed by the structure of
the print: a second mark means the text belongs to the next article (printed before its title)
or is an article the 目录 does not list; a column banner opens the next article; photos go to
the neighbour their caption speaks of, text to the one it shares most words with. Whatever
cannot be placed is reported.
"""

import re

from django.utils.translation import gettext as _

from ..front import Line
from ..marks import Credit, find_credit, find_editor
from ..report import ImportReport, Kind
from ..text import bigrams, heading_text, tidy, unify
from .closing import is_marks_only
from .continuations import return_continuations
from .model import Article, column_names, is_paragraph, is_title_like, photo_entry

# What the masthead prints after the 目录: notices, addresses, QR-code labels.
_NOTICE = re.compile(
    r"稿酬|著作权|版权|地址|邮编|电话|公众号|学习强国|二维码|扫码|电子期刊|订阅|《"
)


def place_segment(
    article: Article,
    segment: list[Line],
    following: Article | None,
    articles: list[Article],
    report: ImportReport,
    issue_photos: list[dict],
) -> None:
    """Split a segment at the article's 责任编辑 mark and place what comes after it."""
    segment = return_continuations(segment, articles, article)
    # A loop, not recursion, over the articles the 目录 does not list: a long text holds
    # many, and the continuations of the rest of the segment were returned above already.
    while True:
        mark = next((i for i, line in enumerate(segment) if find_editor(line.text)), None)
        if mark is None:
            article.lines.extend(segment)
            return
        article.lines.extend(segment[: mark + 1])
        end = mark + 1
        while (
            end < len(segment)
            and is_marks_only(segment[end].text)
            and not find_editor(segment[end].text)
        ):
            end += 1
        article.lines.extend(segment[mark + 1 : end])
        tail = segment[end:]
        if not tail:
            return
        second = next((i for i, line in enumerate(tail) if find_editor(line.text)), None)
        if second is not None:
            start = next(
                (
                    i
                    for i in range(second)
                    if is_title_like(tail[i]) and i + 1 < len(tail) and is_paragraph(tail[i + 1])
                ),
                None,
            )
            if start is not None:
                # An article the 目录 does not list: its own title, text and marks.
                place_loose_lines(
                    tail[:start], report, issue_photos, before=article, after=following
                )
                article = _unlisted_article(tail[start], article, articles, report)
                segment = tail[start + 1 :]
                continue
            if following is not None:
                # Text printed before the next title, with its own closing marks: the next one's;
                # but a fragment closed by marks of its own before them (a 作者单位 left after
                # the article's 责任编辑 mark) goes to the neighbour it shares most words with.
                own = _closed_fragment(tail, second)
                if own:
                    place_loose_lines(
                        tail[:own], report, issue_photos, before=article, after=following
                    )
                following.lead.extend(tail[own:])
                return
        place_loose_lines(tail, report, issue_photos, before=article, after=following)
        return


def _closed_fragment(tail: list[Line], second: int) -> int:
    """The length of the text at the head of `tail` that closing marks end before the next
    responsible-editor mark (at `second`); 0 if there is none."""
    for index in range(1, second):
        if is_marks_only(tail[index].text) and not is_marks_only(tail[index - 1].text):
            end = index + 1
            while end < second and is_marks_only(tail[end].text):
                end += 1
            return end if end < second else 0
    return 0


def _unlisted_article(
    title: Line, after: Article, articles: list[Article], report: ImportReport
) -> Article:
    """An article the 目录 does not list, titled by `title`, inserted after `after`."""
    unlisted = Article(title=tidy(title.text), title_line=title.number)
    report.add(
        Kind.ARTICLE_NOT_IN_TOC,
        _(
            "An article in the body that the table of contents does "
            "not list; it has no page or column."
        ),
        line=title.number,
        text=unlisted.title,
        article=unlisted.title,
    )
    articles.insert(articles.index(after) + 1, unlisted)
    return unlisted


def place_preamble(lines: list[Line], following: Article, report: ImportReport) -> None:
    """Lines after the 目录 block and before the next title: the masthead's notices and QR
    labels are reported; the rest (a date, a headline) opens the next article."""
    opened = False
    for line in lines:
        if not opened and _NOTICE.search(line.text):
            report.add(
                Kind.UNPLACED_TEXT,
                _("Text after the masthead that belongs to no article."),
                line=line.number,
                text=tidy(line.text),
            )
            continue
        opened = True
        following.lead.append(line)


def place_loose_lines(
    lines: list[Line],
    report: ImportReport,
    issue_photos: list[dict],
    *,
    before: Article | None,
    after: Article | None = None,
) -> None:
    """Lines between an article's closing mark and the next title, or outside every article:
    photos go to the neighbour their caption speaks of; text after a column banner opens the
    next article; other text goes to the neighbour it shares most words with."""
    banner = next(
        (
            i
            for i, line in enumerate(lines)
            if before is not None
            and after is not None
            and heading_text(line.text) in column_names(before, after)
        ),
        None,
    )
    kept = len(issue_photos)
    text_lines = _place_photos(lines, banner, report, issue_photos, before=before, after=after)
    if len(issue_photos) - kept >= 2 and not any(is_paragraph(line) for line in text_lines):
        report.add(
            Kind.PHOTO_PAGE,
            _(
                "Photos without a headline between two articles, kept with the issue: "
                "%(count)d photos."
            )
            % {"count": len(issue_photos) - kept},
            line=lines[0].number,
            text=issue_photos[kept]["caption"],
        )
    if text_lines:
        _place_text(text_lines, lines, banner, report, before=before, after=after)


def _place_photos(lines, banner, report, issue_photos, *, before, after) -> list[Line]:
    """Give each photo among the lines (a credit and the caption before it) to its article or
    to the issue; return the lines that are no photo's."""
    text_lines: list[Line] = []
    # What the neighbours print is read once for all the photos here, not once per photo
    # (among many lines, many photos): rescanning it per photo made long texts quadratic.
    neighbours = _Neighbours(before, after, lines)
    for index, line in enumerate(lines):
        if index == banner:
            continue
        credit = find_credit(line.text)
        if credit is None:
            text_lines.append(line)
            continue
        caption = _loose_caption(credit, text_lines)
        if banner is not None and index > banner:
            owner = after
        else:
            owner = neighbours.closest(bigrams(caption))
            if owner is None and before is not None and neighbours.is_picture_spread():
                owner = before  # a spread's photos run on past its closing mark
        _give_photo(photo_entry(caption, credit, line.number), owner, report, issue_photos, before)
    return text_lines


def _loose_caption(credit: Credit, text_lines: list[Line]) -> str:
    """A loose photo's caption: on the credit's line, or the text line before it (taken off
    `text_lines`), with a short heading over that line."""
    caption = credit.caption
    if not caption and text_lines and len(unify(text_lines[-1].text)) <= 300:
        caption = tidy(text_lines.pop().text)
        if text_lines and is_title_like(text_lines[-1]) and len(unify(text_lines[-1].text)) <= 30:
            heading = text_lines.pop()
            caption = f"{tidy(heading.text)} {caption}"
    return caption


def _give_photo(photo: dict, owner, report: ImportReport, issue_photos: list[dict], before):
    if owner is None:
        issue_photos.append(photo)
        if before is not None:
            report.add(
                Kind.CREDIT_UNPLACED,
                _(
                    "A photo outside the articles whose caption speaks of "
                    "neither neighbour; kept with the issue."
                ),
                line=photo["line"],
                text=photo["caption"],
            )
        return
    owner.photos.append(photo)
    report.add(
        Kind.PHOTO_PLACED,
        _("A photo printed between two articles, given to the one its caption speaks of."),
        line=photo["line"],
        text=photo["caption"],
        article=owner.label,
    )


def _place_text(text_lines, lines, banner, report, *, before, after) -> None:
    """Text between two articles: after a column banner it opens the next one; otherwise it
    goes to the one it shares most words with. Text with one neighbour, or only short lines,
    is reported."""
    if before is None or after is None or all(len(unify(line.text)) <= 8 for line in text_lines):
        for line in text_lines:
            report.add(
                Kind.UNPLACED_TEXT,
                _("Text that belongs to no article (printed after the article named here)."),
                line=line.number,
                text=tidy(line.text),
                article=before.label if before is not None else "",
            )
        return
    if banner is not None:
        owner = after
    else:
        words = bigrams(" ".join(line.text for line in text_lines))
        owner = _Neighbours(before, after, lines).closest(words, floor=0.0) or after
    if owner is after:
        after.lead[:0] = text_lines
    else:
        before.lines.extend(text_lines)
    report.add(
        Kind.TEXT_AFTER_END,
        _(
            "%(count)d lines printed between two articles, given to "
            "the one they share most words with."
        )
        % {"count": len(text_lines)},
        line=text_lines[0].number,
        text=tidy(text_lines[0].text)[:40],
        article=owner.label,
    )


class _Neighbours:
    """The articles before and after some undecided lines, what they print less those lines."""

    def __init__(self, before, after, undecided: list[Line]):
        self.before, self.after = before, after
        self._skip = {line.number for line in undecided}
        self._bigrams: dict[int, set[str]] = {}
        self._spread: tuple[int, int] | None = None

    def _printed(self, article: Article) -> list[Line]:
        return [line for line in article.printed if line.number not in self._skip]

    def is_picture_spread(self) -> bool:
        """The article before is one told mostly in photos (一线传真 picture pages): three
        credits or more and less text than one page holds."""
        if self._spread is None:
            printed = self._printed(self.before)
            self._spread = (
                sum(1 for line in printed if find_credit(line.text)),
                sum(len(line.text) for line in printed if is_paragraph(line)),
            )
        credits, text = self._spread
        return len(self.before.photos) + credits >= 3 and text < 1000

    def closest(self, words: set[str], *, floor: float = 0.25):
        """The neighbour whose printed text (less the lines being placed) shares most of
        `words`, if one shares at least `floor`."""
        if not words:
            return self.before
        scores = []
        for article in (self.before, self.after):
            if article is None:
                scores.append(0.0)
                continue
            if id(article) not in self._bigrams:
                # A pair of Han characters never spans the space that joins two lines, so
                # the pairs of the joined text are the union of each line's.
                text = " ".join([article.title, *(line.text for line in self._printed(article))])
                self._bigrams[id(article)] = bigrams(text)
            scores.append(len(words & self._bigrams[id(article)]) / len(words))
        if max(scores) < floor or (floor and abs(scores[0] - scores[1]) < 0.03):
            return None
        return self.before if scores[0] >= scores[1] else self.after
