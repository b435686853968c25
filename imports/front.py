"""The front of a print issue: cover lines, the 目录 (table of contents), masthead and facts.

Read by the structure of the print, not by one issue's strings: the 目录 is the block after a
`目录` heading; an entry is a line that starts with a page number (after an optional list
marker); lines in the same block after an entry continue it (more title, a ——subtitle, the
authors); a line after a blank that is followed by an entry is a column heading; a masthead
line is a role followed by names; a fact line is a label (地址, 定价 …) and its value.
"""

import re
from dataclasses import dataclass, field

from .marks import Credit, find_credit
from .text import (
    despace_han,
    ends_sentence,
    has_clause_punctuation,
    heading_text,
    split_names,
    squeeze,
    tidy,
    trailing_names,
    unify,
)


@dataclass
class Line:
    number: int  # 1-based, as an editor's text editor counts
    text: str  # stripped; "" for a blank line


@dataclass
class TocEntry:
    page: int
    line: int
    title_lines: list[str]
    column: str | None = None
    highlight: bool = False
    subtitle_lines: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    author_text: str = ""  # an author that is not a list of names (an organisation)
    and_others: bool = False
    # Names the 目录 line ended with that may still be part of the title: the body decides.
    title_tail_names: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return join_lines(self.title_lines, " ")

    @property
    def subtitle(self) -> str:
        return join_lines(self.subtitle_lines, "")


@dataclass
class Front:
    year: int | None = None
    number: int | None = None
    cumulative_number: int | None = None
    issn: str = ""
    cn: str = ""
    facts: dict = field(default_factory=dict)
    cover_caption: str = ""
    cover_credit: Credit | None = None
    masthead: list[dict] = field(default_factory=list)
    toc: list[TocEntry] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    highlights_heading: str = ""
    claimed: set[int] = field(default_factory=set)
    fact_lines: dict[int, str] = field(default_factory=dict)  # line number → fact field
    unplaced: list[Line] = field(default_factory=list)
    toc_start: int | None = None  # line number of the 目录 heading
    block_end: int | None = None  # the last line of the 目录 and masthead block


def join_lines(lines: list[str], separator: str) -> str:
    return separator.join(tidy(line) for line in lines if line.strip())


TOC_HEADING = re.compile(r"^目\s*录(?:\s*[A-Za-z]+)?$|^(?:CONTENTS|MULU)\s*目\s*录$", re.IGNORECASE)
TOC_ENTRY = re.compile(
    r"^(?:[-–—·•■▲◆●□*>]\s*)?[Pp]?(?P<page>\d{1,3})(?![\d~/-])\s*[.、]?\s+(?P<rest>\S.*)$"
)
HIGHLIGHTS = {"本期看点", "本期导读", "看点"}
HIGHLIGHTS_END = re.compile(r"以上.{0,4}看点")
YEAR_NUMBER = re.compile(
    r"^(?P<year>(?:19|20)\d\d)\s*(?:[·.．・]|年第?)\s*(?P<number>\d{1,2})\s*期?$"
)
CUMULATIVE = re.compile(r"总第\s*(?P<n>\d+)\s*期")
ISSN = re.compile(r"ISSN\s*(?P<v>\d{4}\s*-\s*\d{3}[\dXx])")
CN = re.compile(r"CN\s*(?P<v>\d{2}\s*-\s*\d{4}\s*/\s*[A-Z0-9]{1,2})")
BARCODE = re.compile(r"^\d\s?\d{6}\s?\d{6}$")
COVER_CREDIT = re.compile(r"^封\s*面\s*[:]\s*(?P<rest>.+)$")
COVER_HEADING = {"本期封面", "封面", "封面图片", "封面说明"}

# Masthead roles a print uses; roles the periodical already knows are added by the caller.
KNOWN_ROLES = (
    "社长", "副社长", "总编辑", "副总编辑", "主编", "副主编", "执行主编", "常务副主编",
    "编辑部主任", "编辑部副主任", "值班编辑", "责任编辑", "编辑", "美术编辑", "美术统筹",
    "版式设计", "美编", "校对", "责任校对", "发行", "技术编辑", "编委", "编审", "审读",
    "排版", "出品人", "监制", "策划", "视觉设计", "英文编辑", "编委会主任", "编委会副主任",
)  # fmt: skip
_ROLE_END = "长编任辑筹计对审监读员划制"

# Fact labels → the Periodical/Issue fact field they fill. Labels are matched despaced.
FACT_LABELS = {
    "主管": "supervisor", "主管单位": "supervisor",
    "主办": "sponsor", "主办单位": "sponsor",
    "出版": "publisher", "出版单位": "publisher", "编辑出版": "publisher", "出版者": "publisher",
    "地址": "address", "社址": "address", "电话": "phone", "邮编": "postcode",
    "投稿邮箱": "email", "邮箱": "email", "电子邮箱": "email", "E-mail": "email",
    "定价": "price", "出版日期": "publication_day",
    "印刷装订": "printer", "印刷": "printer", "印刷单位": "printer", "承印": "printer",
}  # fmt: skip
_FACT_LINE = re.compile(
    r"^(?P<label>"
    + "|".join(sorted((re.escape(k) for k in FACT_LABELS), key=len, reverse=True))
    + r")\s*[:]?\s*(?P<value>.*)$"
)


def parse_front(lines: list[Line], *, periodical_name: str, known_roles=()) -> Front:
    front = Front()
    roles = sorted({*KNOWN_ROLES, *known_roles}, key=len, reverse=True)
    _cover(lines, front, periodical_name)
    start = next((i for i, line in enumerate(lines) if TOC_HEADING.match(unify(line.text))), None)
    if start is None:
        return front
    front.toc_start = lines[start].number
    front.claimed.add(lines[start].number)
    _toc_and_masthead(lines, start + 1, front, roles)
    return front


def _cover(lines: list[Line], front: Front, periodical_name: str) -> None:
    """Year, number and cumulative number, the cover caption: the first of each in the text."""
    for index, line in enumerate(lines):
        text = unify(line.text)
        if not text:
            continue
        if front.year is None and (match := YEAR_NUMBER.match(text)):
            front.year, front.number = int(match["year"]), int(match["number"])
            front.claimed.add(line.number)
        if front.cumulative_number is None and (match := CUMULATIVE.search(text)):
            front.cumulative_number = int(match["n"])
            if len(text) <= 12:
                front.claimed.add(line.number)
        if not front.issn and (match := ISSN.search(text)):
            front.issn = match["v"].replace(" ", "")
            front.claimed.add(line.number)
        if not front.cn and (match := CN.search(text)):
            front.cn = match["v"].replace(" ", "")
            front.claimed.add(line.number)
        if front.toc_start is None and index < 60:
            if BARCODE.match(text):
                front.claimed.add(line.number)
                following = _next_text(lines, index)
                if following and re.fullmatch(r"\d{2}", unify(following.text)):
                    front.claimed.add(following.number)
            elif periodical_name and squeeze(text) == squeeze(periodical_name):
                front.claimed.add(line.number)
            elif heading_text(text) in COVER_HEADING and not front.cover_caption:
                caption = _next_text(lines, index)
                if caption is not None:
                    front.cover_caption = unify(caption.text)
                    front.claimed.update({line.number, caption.number})


def _next_text(lines: list[Line], index: int) -> Line | None:
    return next((line for line in lines[index + 1 :] if line.text), None)


@dataclass
class _Block:
    """The 目录 and masthead block while it is read, one line at a time."""

    lines: list[Line]
    front: Front
    roles: list[str]
    index: int  # the line after the one being read
    last_claimed: int  # the index of the last line the block claimed
    entry: TocEntry | None = None  # the entry the current block continues
    last_entry: TocEntry | None = None
    column: str | None = None
    in_highlights: bool = False
    pending_fact: tuple[str, Line] | None = None  # a label (主管) waiting for its value
    after_blank: bool = True  # the line being read follows a blank one
    unknown: list[Line] = field(default_factory=list)
    toc_titles: set[str] = field(default_factory=set)


def _toc_and_masthead(lines: list[Line], start: int, front: Front, roles: list[str]) -> None:
    block = _Block(lines=lines, front=front, roles=roles, index=start, last_claimed=start - 1)
    blank_before = True
    while block.index < len(lines):
        line = lines[block.index]
        text = unify(line.text)
        block.index += 1
        if not text:
            blank_before = True
            continue
        block.after_blank, blank_before = blank_before, False
        if block.pending_fact is not None and _pending_fact_value(block, line, text):
            continue
        if not any(read(block, line, text) for read in _BLOCK_LINES):
            # Body text begins: a long line, or the title of an entry printed as a heading.
            if len(text) > 60 or squeeze(text) in block.toc_titles:
                break
            block.unknown.append(line)
            continue
        front.claimed.add(line.number)
        block.last_claimed = block.index - 1
    front.block_end = lines[block.last_claimed].number if block.last_claimed >= start else None
    _slogan_and_leftovers(front, block.unknown)


def _pending_fact_value(block: _Block, line: Line, text: str) -> bool:
    """The value of a fact whose label (主管) was printed alone on the line before."""
    name, label_line = block.pending_fact
    block.pending_fact = None
    if _is_structural(text, block.roles):
        return False
    _set_fact(block.front, name, text)
    block.front.claimed.update({label_line.number, line.number})
    block.last_claimed = block.index - 1
    block.entry = None
    return True


# Each reader below takes one line of the block if it is the reader's kind of line (and says so);
# _BLOCK_LINES asks them in turn, and a line none of them takes is no line of the block.


def _toc_entry(block: _Block, line: Line, text: str) -> bool:
    """`16 社区“小食堂”撬动居民“大民生” 张学良`: a 目录 entry, or a 看点 entry."""
    match = TOC_ENTRY.match(text)
    if not (match and re.search(r"[^\x00-\x7f]", match["rest"])):
        return False
    entry = _entry(match, line, block.column, block.in_highlights)
    block.front.toc.append(entry)
    block.toc_titles.add(squeeze(entry.title))
    block.entry = block.last_entry = entry
    return True


def _highlights_end(block: _Block, line: Line, text: str) -> bool:
    if not HIGHLIGHTS_END.search(text):
        return False
    block.in_highlights, block.entry = False, None
    return True


def _highlights_heading(block: _Block, line: Line, text: str) -> bool:
    if heading_text(text) not in HIGHLIGHTS:
        return False
    block.in_highlights, block.entry, block.column = True, None, None
    return True


def _cover_credit(block: _Block, line: Line, text: str) -> bool:
    """`封面:□赵登文/摄`: the cover photo's credit (and its caption, if none was printed)."""
    match = COVER_CREDIT.match(text)
    credit = find_credit(match["rest"]) if match else None
    if not credit:
        return False
    front = block.front
    front.cover_credit = credit
    if not front.cover_caption:
        front.cover_caption = credit.caption
    block.entry = None
    return True


def _fact_line(block: _Block, line: Line, text: str) -> bool:
    """A fact's label and its value (`定价:6.00元`), or its label alone (the value follows)."""
    front = block.front
    fact = _fact(text)
    if fact is None or (fact[1] and fact[0] in front.facts):
        return False
    name, value = fact
    front.fact_lines[line.number] = name
    if value:
        _set_fact(front, name, value)
    else:
        block.pending_fact = (name, line)
    block.entry = None
    return True


def _issn_or_cn(block: _Block, line: Line, text: str) -> bool:
    if not (ISSN.search(text) or CN.search(text)):
        return False
    block.entry = None
    return True


def _masthead(block: _Block, line: Line, text: str) -> bool:
    masthead = _masthead_line(text, block.roles)
    if masthead is None:
        return False
    masthead["line"] = line.number
    block.front.masthead.append(masthead)
    block.entry = None
    return True


def _entry_continued(block: _Block, line: Line, text: str) -> bool:
    """More of the entry above, with no blank line between: title, ——subtitle, authors."""
    if block.entry is None or block.after_blank:
        return False
    _continue_entry(block.entry, line.text)
    return True


def _heading_over_entries(block: _Block, line: Line, text: str) -> bool:
    """A heading over entries: the highlights block's own heading, or a column."""
    if not _next_is_entry(block.lines, block.index):
        return False
    front = block.front
    if block.in_highlights and not front.highlights_heading and not _highlight_entries(front):
        front.highlights_heading = heading_text(text)
    else:
        block.in_highlights = False
        block.column = heading_text(text)
        if block.column not in front.columns:
            front.columns.append(block.column)
    block.entry = None
    return True


def _entry_authors(block: _Block, line: Line, text: str) -> bool:
    """The authors of the last entry, printed on a line of their own: names or a body."""
    last = block.last_entry
    if (
        last is None
        or last.names
        or last.author_text
        or not (
            split_names(text)
            or (_looks_like_organisation(text) and block.index - 1 - block.last_claimed <= 2)
        )
    ):
        return False
    _set_authors(last, text)
    block.entry = None
    return True


_BLOCK_LINES = (
    _toc_entry,
    _highlights_end,
    _highlights_heading,
    _cover_credit,
    _fact_line,
    _issn_or_cn,
    _masthead,
    _entry_continued,
    _heading_over_entries,
    _entry_authors,
)


def _highlight_entries(front: Front) -> list[TocEntry]:
    return [entry for entry in front.toc if entry.highlight]


def _next_is_entry(lines: list[Line], index: int) -> bool:
    following = next((line for line in lines[index:] if line.text), None)
    return following is not None and bool(TOC_ENTRY.match(unify(following.text)))


def _entry(match, line: Line, column: str | None, highlight: bool) -> TocEntry:
    rest = tidy(line.text)[-len(match["rest"]) :] if match["rest"] else ""
    entry = TocEntry(
        page=int(match["page"]),
        line=line.number,
        title_lines=[],
        column=None if highlight else column,
        highlight=highlight,
    )
    _continue_entry(entry, rest, first=True)
    return entry


def _continue_entry(entry: TocEntry, text: str, *, first: bool = False) -> None:
    """A line of an entry: title (its first line, or more of it), a ——subtitle, authors."""
    text = tidy(text)
    if text.startswith(("——", "—", "--")):
        entry.subtitle_lines.append(text.lstrip("—- "))
        return
    if entry.subtitle_lines and not first:
        if split_names(text.removesuffix("等")):
            _set_authors(entry, text)
        else:
            entry.subtitle_lines.append(text)
        return
    if (
        not first
        and not entry.names
        and not entry.author_text
        and (split_names(text.removesuffix("等")) or _AUTHOR_BODY.search(text))
    ):
        _set_authors(entry, text)
        return
    title, names, and_others = _title_and_names(text)
    entry.title_lines.append(title)
    if names:
        entry.names, entry.and_others = names, and_others
        entry.title_tail_names = list(names)


def _title_and_names(text: str) -> tuple[str, list[str], bool]:
    """`打造区域人才高地等 南阳阳等` → (打造区域人才高地等, [南阳阳], True)."""
    if text.endswith("等") and len(text.split()) > 1:
        title, names = trailing_names(text[:-1])
        if names:
            return title, names, True
    title, names = trailing_names(text)
    return (title, names, False) if names else (text, [], False)


def _set_authors(entry: TocEntry, text: str) -> None:
    text = unify(text)
    and_others = text.endswith("等") and split_names(text[:-1]) is not None
    if and_others:
        text = text[:-1]
    names = split_names(text)
    if names:
        entry.names, entry.and_others = names, and_others
    else:
        entry.author_text = despace_han(text)


# An author that is a body, printed on the line after its 目录 title.
_AUTHOR_BODY = re.compile(
    r"(?:课题组|编辑部|调研组|写作组|评论员|办公室|研究中心|组织部|宣传部|统战部)$"
)


def _looks_like_organisation(text: str) -> bool:
    return (
        len(text) <= 40
        and not has_clause_punctuation(text)
        and bool(re.search(r"(?:组|部|委|会|社|局|院|所|中心|办公室|编辑部|课题组|公司)$", text))
    )


def _fact(text: str) -> tuple[str, str] | None:
    match = _FACT_LINE.match(despace_label(text))
    if not match:
        return None
    name, value = FACT_LABELS[match["label"]], match["value"].strip()
    if name == "price":
        price = re.search(r"(\d+(?:\.\d+)?)\s*元", value)
        value = price.group(1) if price else value
    elif name == "publication_day":
        day = re.search(r"(\d{1,2})\s*日", value)
        value = int(day.group(1)) if day else value
    return name, value


def despace_label(text: str) -> str:
    """`地 址 新疆…` → `地址 新疆…`: a spaced label's letters joined, the value left alone."""
    tokens = text.split()
    joined, index = "", 0
    while index < len(tokens) and len(tokens[index]) == 1:
        joined += tokens[index]
        index += 1
    if len(joined) >= 2:
        return " ".join([joined, *tokens[index:]])
    return text


def _set_fact(front: Front, name: str, value) -> None:
    # The first printing of a fact is the masthead's; later ones (a notice's address) are not.
    if name not in front.facts:
        front.facts[name] = value


def _is_structural(text: str, roles: list[str]) -> bool:
    return bool(
        TOC_ENTRY.match(text)
        or _fact(text)
        or _masthead_line(text, roles)
        or HIGHLIGHTS_END.search(text)
    )


def _masthead_line(text: str, roles: list[str]) -> dict | None:
    """`副 社 长 王 伟(执行主编)` → {role: 副社长, people: [王伟], note: 执行主编}."""
    text = unify(text).replace(":", " ")
    note = ""
    note_match = re.search(r"\((?P<note>[^()]{1,12})\)\s*$", text)
    if note_match:
        note, text = note_match["note"], text[: note_match.start()]
    tokens = text.split()
    for size in range(1, len(tokens)):
        role = "".join(tokens[:size])
        if len(role) > 8:
            break
        known = role in roles
        if not known and not (
            size == 1 and len(role) >= 2 and role[-1] in _ROLE_END and len(role) <= 6
        ):
            continue
        people = split_names(" ".join(tokens[size:]))
        if people:
            return {"role": role, "people": people, "note": note}
    return None


def _slogan_and_leftovers(front: Front, unknown: list[Line]) -> None:
    """An unplaced line just before the 主管/主办/出版 facts is the slogan; the rest is reported."""
    claimed = sorted(front.claimed)
    bodies = {"supervisor", "sponsor", "publisher"}
    for line in unknown:
        text = unify(line.text)
        following = next((number for number in claimed if number > line.number), None)
        if (
            "slogan" not in front.facts
            and front.fact_lines.get(following) in bodies
            and not has_clause_punctuation(text)
            and not ends_sentence(text)
            and len(text) <= 30
        ):
            front.facts["slogan"] = text
            front.claimed.add(line.number)
        elif front.block_end is None or line.number <= front.block_end:
            front.unplaced.append(line)
