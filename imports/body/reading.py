"""One article's lines read into its parts: the ——subtitle and the byline under its title,
photos and their captions, the column's banner, further bylines, the closing
marks (closing.py) and the paragraphs that remain.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..evidence import NO_EVIDENCE, IssueEvidence
from ..front import Line
from ..marks import Credit, find_credit, find_editor
from ..report import ImportReport, Kind
from ..text import (
    HAN,
    ends_sentence,
    has_clause_punctuation,
    heading_text,
    is_name_like,
    join_letters,
    split_names,
    squeeze,
    tidy,
    title_key,
    unify,
)
from .closing import read_closing_marks
from .model import Article, column_names, is_paragraph, is_title_like, photo_entry

_ONE_LETTER = re.compile(rf"^{HAN}$")


def read_article(
    article: Article, report: ImportReport, evidence: IssueEvidence = NO_EVIDENCE
) -> None:
    """Read the lines placed with an article (its lead, then its own) into its fields."""
    lines = article.lead + article.lines
    entry = article.entry
    consumed: set[int] = set()  # lines read with an earlier one
    _title_parts(article, report, consumed, evidence)
    if not lines and entry is not None and not article.byline_names:
        article.byline_names = list(entry.names)  # no body: the 目录's authors are all we have
    for name in article.byline_names:
        article.add_author(name)
    previous_kind = "title"
    pending_affiliation: list[dict] = list(article.authors)
    for position, line in enumerate(lines):
        if line.number in consumed:
            continue
        text = line.text
        credit = find_credit(text)
        if credit is not None:
            _read_photo(article, lines, position, credit, consumed, report)
            previous_kind = "photo"
            continue
        if heading_text(text) in column_names(article) and len(unify(text)) <= 30:
            continue  # the column's banner over the article
        byline = _byline(lines, position, consumed, article, evidence)
        if byline and (
            previous_kind in ("title", "heading", "marks")
            or (previous_kind == "photo" and not article.authors)
        ):
            consumed.update(byline.lines)
            for name in byline.names:
                pending_affiliation.append(article.add_author(name))
            previous_kind = "byline"
            continue
        remainder, found = read_closing_marks(
            tidy(text), article, pending_affiliation, report, line
        )
        if found:
            pending_affiliation = [] if found == "affiliation" else pending_affiliation
            if remainder:
                article.paragraphs.append(remainder)
                previous_kind = "text"
            else:
                previous_kind = "marks"
            continue
        article.paragraphs.append(tidy(text))
        previous_kind = "heading" if is_title_like(line) and len(unify(text)) <= 30 else "text"
    if entry is not None and entry.names and not any(
        author["role"] == "author" for author in article.authors
    ):
        # The body prints no byline (or none we could read): the 目录 names the authors.
        for name in entry.names:
            article.add_author(name)["affiliation"] = article.unclaimed_affiliation
    article.photos.sort(key=lambda photo: photo["line"])


def _read_photo(
    article: Article,
    lines: list[Line],
    position: int,
    credit: Credit,
    consumed: set[int],
    report: ImportReport,
) -> None:
    """A photo credit and its caption: on the credit's line or before it."""
    line = lines[position]
    caption = credit.caption or _caption_before(lines, position, consumed, article)
    article.photos.append(photo_entry(caption, credit, line.number))
    if len(caption) <= 10:
        report.add(
            Kind.CAPTION_UNCERTAIN,
            _("A short caption: it may be cut off or printed elsewhere."),
            line=line.number,
            text=caption,
            article=article.label,
        )


def _title_parts(
    article: Article, report: ImportReport, consumed: set[int], evidence: IssueEvidence
) -> None:
    """The ——subtitle and the byline under the title."""
    index = _subtitle(article, consumed)
    if article.byline_names or index >= len(article.lines):
        return
    _byline_under_title(article, index, report, consumed, evidence)


def _subtitle(article: Article, consumed: set[int]) -> int:
    """The ——subtitle printed under the title, over one line or several short ones (or else
    the 目录's); return the index of the first line after it."""
    lines = article.lines
    entry = article.entry
    index = 0
    if index < len(lines) and unify(lines[index].text).startswith(("—", "--")):
        parts = [tidy(lines[index].text).lstrip("—- ")]
        consumed.add(lines[index].number)
        index += 1
        while (
            index < len(lines)
            and not is_paragraph(lines[index])
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
    return index


def _byline_under_title(
    article: Article,
    index: int,
    report: ImportReport,
    consumed: set[int],
    evidence: IssueEvidence = NO_EVIDENCE,
) -> None:
    """The byline on the line at `index`: the 目录's author as printed there, or names."""
    lines = article.lines
    entry = article.entry
    line = lines[index]
    printed = squeeze(line.text)
    if entry is not None and entry.author_text and printed == squeeze(entry.author_text):
        article.byline_names = [tidy(line.text).replace(" ", "")]
        consumed.add(line.number)
        return
    byline = _byline(lines, index, consumed, article, evidence)
    if byline is None:
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
    consumed.update(byline.lines)
    article.byline_names = byline.names
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


@dataclass
class Byline:
    names: list[str]
    lines: list[int]  # the numbers of the lines it is printed on (a character a line: several)


_ROLE_PREFIX = re.compile(r"^(?:文\s*/|本刊记者|记者|通讯员)\s*")


def _byline(
    lines: list[Line],
    index: int,
    consumed: set[int],
    article: Article | None = None,
    evidence: IssueEvidence = NO_EVIDENCE,
) -> Byline | None:
    """The names of a byline at `index`, unless it heads a label block: names with a common
    surname, or names the issue shows to be authors (the 目录's for this article, known
    contributors): letter-spaced (仉 振 宇) or a character a line (亓 / 蕾) too."""
    if is_paragraph(lines[index]):
        return None
    end = index + 1
    while (
        _ONE_LETTER.match(lines[index].text)
        and end < len(lines)
        and _ONE_LETTER.match(lines[end].text)
        and lines[end].number not in consumed
    ):
        end += 1
    text = "".join(line.text for line in lines[index:end]) if end - index > 1 else lines[index].text
    text = _ROLE_PREFIX.sub("", unify(text))
    names = split_names(text) or _evidenced_names(text, article, evidence)
    if not names or _is_label_block(lines, end - 1, consumed, names):
        return None
    return Byline(names, [line.number for line in lines[index:end]])


def _evidenced_names(text: str, article: Article | None, evidence: IssueEvidence) -> list[str]:
    """Name-like words the issue shows to be this article's authors: the 目录 gives them, or
    the database knows them all."""
    tokens = join_letters(text.replace("、", " ").replace(",", " ").split())
    if not tokens or len(tokens) > 6 or not all(is_name_like(token) for token in tokens):
        return []
    entry = article.entry if article is not None else None
    in_toc = {title_key(name) for name in entry.names} if entry is not None else set()
    if all(title_key(token) in in_toc for token in tokens):
        return tokens
    if all(title_key(token) in evidence.known for token in tokens):
        return tokens
    return []


def _is_label_block(
    lines: list[Line], index: int, consumed: set[int], names: list[str] | None = None
) -> bool:
    """A name over two short lines of titles: a portrait's label (习近平 / 中共中央总书记 …)."""
    following = [line for line in lines[index + 1 : index + 3] if line.number not in consumed]
    return (
        bool(names or split_names(unify(lines[index].text)))
        and len(following) == 2
        and all(len(unify(line.text)) <= 10 and not ends_sentence(line.text) for line in following)
    )


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
