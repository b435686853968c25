"""The body of a print issue: where each article starts and ends, and what closes it.

An article starts where its 目录 title is printed as a heading (the anchor) and ends at its
[责任编辑:…] mark or at the next anchor. What lies between a mark and the next anchor is
placed by the structure of the print: a second mark means the text belongs to the next
article (printed before its title) or is an article the 目录 does not list; a column banner
opens the next article; photos go to the neighbour their caption speaks of; (上接第N页)
returns a continuation to the article of page N. Whatever cannot be placed is reported.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .front import Front, Line, TocEntry
from .marks import (
    AFFILIATION,
    AFFILIATION_IS,
    AUTHORS_ARE,
    COMPILED_BY,
    CONTINUED_FROM,
    CONTINUED_ON,
    EDITOR,
    REPORTED_BY,
    REPRINT,
    SIGNED,
    SOURCE,
    find_credit,
    find_editor,
)
from .report import ImportReport, Kind
from .text import (
    bigrams,
    ends_sentence,
    fold,
    has_clause_punctuation,
    heading_text,
    split_names,
    squeeze,
    tidy,
    unify,
)

TITLE_MAX = 60  # a heading is never longer than this
QR_PROMPT = re.compile(r"扫码|扫描二维码|二维码")
LIST_MARKER = "◆■●▲★☆◇□"


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


@dataclass
class Body:
    articles: list[Article]
    issue_photos: list[dict]


def parse_body(lines: list[Line], front: Front, report: ImportReport) -> Body:
    body = [
        line
        for line in lines
        if line.text
        and line.number not in front.claimed
        and not (
            front.toc_start
            and front.block_end
            and front.toc_start <= line.number <= front.block_end
        )
    ]
    found = _anchors(body, front, report)
    anchors = [(index, article) for index, article in found if index >= 0]
    articles = [article for _index, article in anchors]
    issue_photos: list[dict] = []
    kickers = _kickers(body, anchors)
    body = [line for line in body if line.number not in kickers]
    anchors = [
        (next(i for i, line in enumerate(body) if line.number == a.title_line), a)
        for _i, a in anchors
    ]
    resume = next(
        (i for i, line in enumerate(body) if front.block_end and line.number > front.block_end),
        len(body),
    )
    for position, (index, article) in enumerate(anchors):
        end = anchors[position + 1][0] if position + 1 < len(anchors) else len(body)
        article.printed = body[index:end]

    # Lines before the first anchor: the cover and its photo, or text no article claims.
    first = anchors[0][0] if anchors else len(body)
    _loose_lines(body[:first], report, issue_photos, before=None)

    for position, (index, article) in enumerate(anchors):
        end = anchors[position + 1][0] if position + 1 < len(anchors) else len(body)
        following = anchors[position + 1][1] if position + 1 < len(anchors) else None
        segment = body[index + article.title_size : end]
        if index < resume <= end and following is not None:
            # The 目录 block sits between here and the next article: what follows the block
            # and precedes the next title is that article's, except the masthead's notices.
            cut = resume - index - article.title_size
            segment, after = segment[:cut], segment[cut:]
            _preamble(after, following, report)
        _place_segment(article, segment, following, articles, report, issue_photos)
    articles.extend(article for index, article in found if index < 0)
    for article in articles:
        _read_article(article, report)
    return Body(articles=articles, issue_photos=issue_photos)


def _kickers(body: list[Line], anchors) -> set[int]:
    """A 引题 printed over a title: a short line right before it that is no sentence, no
    mark, no credit and no one's title (自治区党委常委会召开会议)."""
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
            and not _is_marks_only(text)
            and heading_text(text) != (article.entry.column if article.entry else None)
        ):
            article.kicker = tidy(line.text)
            taken.add(line.number)
    return taken


# --- Anchors: where each 目录 entry's title is printed in the body --------------------------


def _candidate(text: str) -> str:
    return squeeze(text.lstrip(LIST_MARKER + " "))


def _anchors(body: list[Line], front: Front, report: ImportReport) -> list[tuple[int, Article]]:
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


# --- Segments: the lines from one title to the next ---------------------------------------


def _is_marks_only(text: str) -> bool:
    """A line that holds nothing but closing marks: (作者单位:…) [责任编辑:…]."""
    rest = fold(text)
    for pattern in (
        EDITOR,
        AFFILIATION,
        AFFILIATION_IS,
        AUTHORS_ARE,
        SOURCE,
        REPRINT,
        REPORTED_BY,
        COMPILED_BY,
    ):
        rest = pattern.sub("", rest)
    return not rest.strip()


def _is_title_like(line: Line) -> bool:
    text = unify(line.text)
    return (
        4 <= len(text) <= TITLE_MAX
        and not has_clause_punctuation(text)
        and not ends_sentence(text)
        and not find_credit(text)
    )


def _is_paragraph(line: Line) -> bool:
    return len(unify(line.text)) > TITLE_MAX


def _place_segment(article, segment, following, articles, report, issue_photos) -> None:
    """Split a segment at the article's 责任编辑 mark and place what comes after it."""
    segment = _return_continuations(segment, articles, report)
    mark = next((i for i, line in enumerate(segment) if find_editor(line.text)), None)
    if mark is None:
        article.lines.extend(segment)
        return
    article.lines.extend(segment[: mark + 1])
    tail = segment[mark + 1 :]
    while tail and _is_marks_only(tail[0].text) and not find_editor(tail[0].text):
        article.lines.append(tail.pop(0))
    if not tail:
        return
    second = next((i for i, line in enumerate(tail) if find_editor(line.text)), None)
    if second is not None:
        start = next(
            (
                i
                for i in range(second)
                if _is_title_like(tail[i]) and i + 1 < len(tail) and _is_paragraph(tail[i + 1])
            ),
            None,
        )
        if start is not None:
            # An article the 目录 does not list: its own title, text and marks.
            _loose_lines(tail[:start], report, issue_photos, before=article, after=following)
            unlisted = Article(title=tidy(tail[start].text), title_line=tail[start].number)
            report.add(
                Kind.ARTICLE_NOT_IN_TOC,
                _(
                    "An article in the body that the table of contents does "
                    "not list; it has no page or column."
                ),
                line=tail[start].number,
                text=unlisted.title,
                article=unlisted.title,
            )
            articles.insert(articles.index(article) + 1, unlisted)
            _place_segment(unlisted, tail[start + 1 :], following, articles, report, issue_photos)
            return
        if following is not None:
            # Text printed before the next title, with its own closing marks: the next one's.
            following.lead.extend(tail)
            return
    _loose_lines(tail, report, issue_photos, before=article, after=following)


def _return_continuations(segment, articles, report) -> list[Line]:
    """(上接第N页) opens the end of the article of page N: back to it, through its mark."""
    kept: list[Line] = []
    index = 0
    while index < len(segment):
        line = segment[index]
        match = CONTINUED_FROM.match(fold(line.text))
        owner = _article_on_page(articles, int(match["page"])) if match else None
        if owner is None:
            kept.append(line)
            index += 1
            continue
        end = next(
            (i for i in range(index, len(segment)) if find_editor(segment[i].text)),
            len(segment) - 1,
        )
        while (
            end + 1 < len(segment)
            and _is_marks_only(segment[end + 1].text)
            and not find_editor(segment[end + 1].text)
        ):
            end += 1
        owner.lines.extend(segment[index : end + 1])
        index = end + 1
    return kept


def _article_on_page(articles, page: int):
    candidates = [a for a in articles if a.page is not None and a.page <= page]
    return max(candidates, key=lambda a: a.page) if candidates else None


def _preamble(lines: list[Line], following: Article, report: ImportReport) -> None:
    """Lines after the 目录 block and before the next title: the masthead's notices and QR
    labels are reported; the rest (a date, a headline) opens the next article."""
    notice = re.compile(
        r"稿酬|著作权|版权|地址|邮编|电话|公众号|学习强国|二维码|扫码|电子期刊|订阅|《"
    )
    opened = False
    for line in lines:
        if not opened and notice.search(line.text):
            report.add(
                Kind.UNPLACED_TEXT,
                _("Text after the masthead that belongs to no article."),
                line=line.number,
                text=tidy(line.text),
            )
            continue
        opened = True
        following.lead.append(line)


def _loose_lines(lines, report, issue_photos, *, before, after=None) -> None:
    """Lines between an article's closing mark and the next title, or outside every article:
    photos go to the neighbour their caption speaks of; text after a column banner opens the
    next article; other text goes to the neighbour it shares most words with."""
    banner = next(
        (
            i
            for i, line in enumerate(lines)
            if before is not None
            and after is not None
            and heading_text(line.text) in _column_names(before, after)
        ),
        None,
    )
    captions: set[int] = set()
    text_lines: list[Line] = []
    for index, line in enumerate(lines):
        if index == banner:
            continue
        credit = find_credit(line.text)
        if credit is None:
            text_lines.append(line)
            continue
        caption = credit.caption
        if not caption and text_lines and len(unify(text_lines[-1].text)) <= 300:
            caption_line = text_lines.pop()
            captions.add(caption_line.number)
            caption = tidy(caption_line.text)
            if (
                text_lines
                and _is_title_like(text_lines[-1])
                and len(unify(text_lines[-1].text)) <= 30
            ):
                heading = text_lines.pop()
                caption = f"{tidy(heading.text)} {caption}"
        photo = _photo(caption, credit, line.number)
        if banner is not None and index > banner:
            owner = after
        else:
            owner = _closest(bigrams(caption), before, after, lines)
            if owner is None and before is not None and _is_picture_spread(before, lines):
                owner = before  # a spread's photos run on past its closing mark
        if owner is None:
            issue_photos.append(photo)
            if before is not None:
                report.add(
                    Kind.CREDIT_UNPLACED,
                    _(
                        "A photo outside the articles whose caption speaks of "
                        "neither neighbour; kept with the issue."
                    ),
                    line=line.number,
                    text=caption,
                )
        else:
            owner.photos.append(photo)
            report.add(
                Kind.PHOTO_PLACED,
                _("A photo printed between two articles, given to the one its caption speaks of."),
                line=line.number,
                text=caption,
                article=owner.label,
            )
    if not text_lines:
        return
    if (
        before is None
        or after is None
        and before is not None
        or all(len(unify(line.text)) <= 8 for line in text_lines)
    ):
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
        owner = (
            _closest(
                bigrams(" ".join(line.text for line in text_lines)), before, after, lines, floor=0.0
            )
            or after
        )
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


def _is_picture_spread(article: Article, undecided: list[Line]) -> bool:
    """An article told mostly in photos (一线传真 picture pages): three credits or more and
    less text than one page holds."""
    skip = {line.number for line in undecided}
    printed = [line for line in article.printed if line.number not in skip]
    credits = len(article.photos) + sum(1 for line in printed if find_credit(line.text))
    text = sum(len(line.text) for line in printed if _is_paragraph(line))
    return credits >= 3 and text < 1000


def _closest(words: set[str], before, after, undecided: list[Line], *, floor: float = 0.25):
    """The neighbour whose printed text (less the lines being placed) shares most of
    `words`, if one shares at least `floor`."""
    if not words:
        return before
    skip = {line.number for line in undecided}
    scores = []
    for article in (before, after):
        if article is None:
            scores.append(0.0)
            continue
        text = " ".join(
            [article.title, *(line.text for line in article.printed if line.number not in skip)]
        )
        scores.append(len(words & bigrams(text)) / len(words))
    if max(scores) < floor or (floor and abs(scores[0] - scores[1]) < 0.03):
        return None
    return before if scores[0] >= scores[1] else after


def _column_names(*articles) -> set[str]:
    return {a.entry.column for a in articles if a is not None and a.entry and a.entry.column}


def _photo(caption: str, credit, line: int) -> dict:
    return {
        "caption": caption,
        "credit": credit.as_document() if (credit.name or credit.kind == "archive") else None,
        "line": line,
    }


# --- Reading one article's lines ------------------------------------------------------------


def _read_article(article: Article, report: ImportReport) -> None:
    lines = article.lead + article.lines
    entry = article.entry
    consumed: set[int] = set()
    _title_parts(article, report, consumed)
    if not lines and entry is not None and not article.byline_names:
        article.byline_names = list(entry.names)  # no body: the 目录's authors are all we have
    for name in article.byline_names:
        _add_author(article, name)
    previous_kind = "title"
    pending_affiliation: list[dict] = list(article.authors)
    for position, line in enumerate(lines):
        if line.number in consumed:
            continue
        text = line.text
        credit = find_credit(text)
        if credit is not None:
            caption = credit.caption or _caption_before(lines, position, consumed, article)
            article.photos.append(_photo(caption, credit, line.number))
            if len(caption) <= 10:
                report.add(
                    Kind.CAPTION_UNCERTAIN,
                    _("A short caption: it may be cut off or printed elsewhere."),
                    line=line.number,
                    text=caption,
                    article=article.label,
                )
            previous_kind = "photo"
            continue
        if QR_PROMPT.search(text) and len(unify(text)) <= 30:
            prompt = tidy(text)
            # A prompt can run on to a second short line (扫描二维码看视频 / 感受基层党员心声).
            following = lines[position + 1] if position + 1 < len(lines) else None
            if (
                following is not None
                and len(unify(following.text)) <= 12
                and not ends_sentence(following.text)
                and not find_credit(following.text)
            ):
                consumed.add(following.number)
                prompt = f"{prompt} {tidy(following.text)}"
            report.add(
                Kind.UNPLACED_TEXT,
                _("A QR-code prompt; not part of the text."),
                line=line.number,
                text=prompt,
                article=article.label,
            )
            continue
        if heading_text(text) in _column_names(article) and len(unify(text)) <= 30:
            continue  # the column's banner over the article
        names = _byline(lines, position, consumed)
        if names and (
            previous_kind in ("title", "heading", "marks")
            or (previous_kind == "photo" and not article.authors)
        ):
            for name in names:
                pending_affiliation.append(_add_author(article, name))
            previous_kind = "byline"
            continue
        remainder, found = _closing_marks(tidy(text), article, pending_affiliation, report, line)
        if found:
            pending_affiliation = [] if found == "affiliation" else pending_affiliation
            if remainder:
                article.paragraphs.append(remainder)
                previous_kind = "text"
            else:
                previous_kind = "marks"
            continue
        article.paragraphs.append(tidy(text))
        previous_kind = "heading" if _is_title_like(line) and len(unify(text)) <= 30 else "text"
    article.photos.sort(key=lambda photo: photo["line"])


def _title_parts(article: Article, report: ImportReport, consumed: set[int]) -> None:
    """The kicker before the title, the ——subtitle and the byline under it."""
    lines = article.lines
    entry = article.entry
    index = 0
    if index < len(lines) and unify(lines[index].text).startswith(("—", "--")):
        parts = [tidy(lines[index].text).lstrip("—- ")]
        consumed.add(lines[index].number)
        index += 1
        while (
            index < len(lines)
            and not _is_paragraph(lines[index])
            and not ends_sentence(parts[-1])
            and len(unify(lines[index].text)) <= 40
            and not split_names(lines[index].text)
        ):
            parts.append(tidy(lines[index].text))
            consumed.add(lines[index].number)
            index += 1
        article.subtitle = "".join(parts)
    elif entry is not None and entry.subtitle:
        article.subtitle = entry.subtitle
    if article.byline_names or index >= len(lines):
        return
    line = lines[index]
    printed = squeeze(line.text)
    if entry is not None and entry.author_text and printed == squeeze(entry.author_text):
        article.byline_names = [tidy(line.text).replace(" ", "")]
        consumed.add(line.number)
        return
    names = _byline(lines, index, consumed)
    if names is None:
        if _is_label_block(lines, index, consumed):
            report.add(
                Kind.LABEL_IN_TEXT,
                _(
                    "A name over short titles, read as a picture label, not a byline; "
                    "kept in the text."
                ),
                line=line.number,
                text=tidy(line.text),
                article=article.label,
            )
        return
    consumed.add(line.number)
    article.byline_names = names
    if entry is not None and not entry.highlight and not entry.names and not entry.author_text:
        report.add(
            Kind.BYLINE_NOT_IN_TOC,
            _(
                "A name printed under the title that the table of "
                "contents does not give; check it is a byline."
            ),
            line=line.number,
            text=tidy(line.text),
            article=article.label,
        )


def _byline(lines: list[Line], index: int, consumed: set[int]) -> list[str] | None:
    """The names of a byline line, unless the line heads a label block."""
    text = re.sub(r"^(?:文\s*/|本刊记者|记者|通讯员)\s*", "", unify(lines[index].text))
    names = split_names(text)
    if not names or _is_label_block(lines, index, consumed):
        return None
    return names


def _is_label_block(lines: list[Line], index: int, consumed: set[int]) -> bool:
    """A name over two short lines of titles: a portrait's label (习近平 / 中共中央总书记 …)."""
    following = [line for line in lines[index + 1 : index + 3] if line.number not in consumed]
    return (
        bool(split_names(unify(lines[index].text)))
        and len(following) == 2
        and all(len(unify(line.text)) <= 10 and not ends_sentence(line.text) for line in following)
    )


def _add_author(article: Article, name: str, role: str = "author") -> dict:
    in_toc = bool(article.entry and name in article.entry.names) or (
        bool(article.entry and article.entry.author_text)
        and squeeze(name) == squeeze(article.entry.author_text)
    )
    author = {"name": name, "role": role, "affiliation": "", "in_toc": in_toc}
    article.authors.append(author)
    return author


def _closing_marks(
    text: str, article: Article, pending: list[dict], report: ImportReport, line: Line
):
    """Take the closing marks off a line; return what remains and which kind of mark was read."""
    found = ""
    folded = fold(text)

    def cut(match) -> None:
        nonlocal text, folded
        start, end = match.span()
        text = text[:start] + " " * (end - start) + text[end:]
        folded = folded[:start] + " " * (end - start) + folded[end:]

    if match := EDITOR.search(folded):
        name = _raw(text, match, "name") or _raw(text, match, "bare")
        name = (
            unify(name).replace(" ", "")
            if " " in name and len(name.replace(" ", "")) <= 4
            else unify(name)
        )
        if article.editor is None:
            article.editor, article.editor_line = name, line.number
        else:
            report.add(
                Kind.EDITOR_MARK_UNPLACED,
                _("A second responsible-editor mark for one article."),
                line=line.number,
                text=name,
                article=article.label,
            )
        cut(match)
        found = found or "editor"
    if match := AUTHORS_ARE.search(folded):
        names = split_names(_raw(text, match, "names")) or []
        parts = [
            part.strip() for part in re.split(r"[,，]", _raw(text, match, "text")) if part.strip()
        ]
        for position, name in enumerate(names):
            author = next((a for a in article.authors if a["name"] == name), None) or _add_author(
                article, name
            )
            author["affiliation"] = parts[position] if len(parts) == len(names) else ",".join(parts)
        cut(match)
        found = "affiliation"
    for pattern in (AFFILIATION, AFFILIATION_IS):
        if match := pattern.search(folded):
            value = tidy(_raw(text, match, "text"))
            targets = [a for a in pending if a["role"] == "author" and not a["affiliation"]] or [
                a for a in article.authors if a["role"] == "author" and not a["affiliation"]
            ]
            for author in targets:
                author["affiliation"] = value
            cut(match)
            found = "affiliation"
    for match in list(SOURCE.finditer(folded)):
        article.source_orgs.append(tidy(_raw(text, match, "text")))
        cut(match)
        found = found or "source"
    for pattern in (REPRINT, REPORTED_BY):
        if match := pattern.search(folded):
            article.reprinted_from = tidy(_raw(text, match, "text")).strip("《》 ")
            cut(match)
            found = found or "reprint"
    if match := COMPILED_BY.search(folded):
        for name in split_names(_raw(text, match, "names")) or []:
            _add_author(article, name, role="compiler")
        cut(match)
        found = found or "compiler"
    if match := CONTINUED_ON.search(folded):
        article.continued_on.append(match["page"])
    if match := SIGNED.search(folded.rstrip()):
        names = split_names(_raw(text, match, "names"))
        if names and not found:
            for name in names:
                _add_author(article, name)
            cut(match)
            found = "signed"
    return tidy(text), found


def _raw(text: str, match, group: str) -> str:
    if match.group(group) is None:
        return ""
    start, end = match.span(group)
    return text[start:end]


def _caption_before(lines: list[Line], position: int, consumed: set[int], article: Article) -> str:
    """The caption of a credit printed on a line of its own: the line before it, or the
    nearest short line before that which ends a sentence and has no comma (a caption printed
    in the middle of a broken paragraph)."""
    before = [
        lines[i]
        for i in range(position - 1, max(-1, position - 7), -1)
        if lines[i].number not in consumed
    ]
    if not before:
        return ""
    nearest = before[0]
    text = unify(nearest.text)
    chosen = None
    if (
        len(text) <= 100
        and (ends_sentence(text) or not has_clause_punctuation(text))
        and not find_editor(text)
    ):
        chosen = nearest
    else:
        chosen = next(
            (
                line
                for line in before
                if len(unify(line.text)) <= 60
                and unify(line.text).endswith("。")
                and "," not in unify(line.text)
            ),
            None,
        )
    if chosen is None:
        return ""
    consumed.add(chosen.number)
    caption = tidy(chosen.text)
    if caption in article.paragraphs:
        article.paragraphs.remove(caption)
    return caption
