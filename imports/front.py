"""The front of a print issue: cover lines, the 目录 (table of contents), masthead and facts.

Read by the structure of the print, not by one issue's strings: the 目录 is the block after a
`目录` heading; an entry is a line that starts with a page number (after an optional list
marker); lines in the same block after an entry continue it (more title, a ——subtitle, the
authors); a line after a blank that is followed by an entry is a column heading; a masthead
line is a role followed by names; a fact line is a label (地址, 定价 …) and its value.
"""

import re
from dataclasses import dataclass, field

from .evidence import NO_EVIDENCE, IssueEvidence
from .marks import Credit, find_credit, find_editor
from .text import (
    despace_han,
    ends_sentence,
    has_clause_punctuation,
    heading_text,
    is_name_like,
    is_spaced,
    loose_trailing_names,
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
    kicker: str = ""  # a 引题 the 目录 printed as the entry's first line (the body decides)

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
    highlight_pages: list[int] = field(default_factory=list)  # 看点 printed as bare page markers
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
# Where a second fact starts on a fact's line: `地址:… 邮编:830002 电话:…`.
_FACT_SPLIT = re.compile(
    r"\s+(?=(?:"
    + "|".join(sorted((re.escape(k) for k in FACT_LABELS), key=len, reverse=True))
    + r")\s*:)"
)
_FACT_LINE = re.compile(
    r"^(?P<label>"
    + "|".join(sorted((re.escape(k) for k in FACT_LABELS), key=len, reverse=True))
    + r")\s*[:]?\s*(?P<value>.*)$"
)


def parse_front(
    lines: list[Line],
    *,
    periodical_name: str,
    known_roles=(),
    evidence: IssueEvidence = NO_EVIDENCE,
) -> Front:
    front = Front()
    roles = sorted({*KNOWN_ROLES, *known_roles}, key=len, reverse=True)
    _cover(lines, front, periodical_name)
    start = next((i for i, line in enumerate(lines) if TOC_HEADING.match(unify(line.text))), None)
    if start is None:
        return front
    front.toc_start = lines[start].number
    front.claimed.add(lines[start].number)
    before = _masthead_before_toc(lines, start, front, roles)
    _toc_and_masthead(lines, start + 1, front, roles, evidence, before)
    _mark_highlight_pages(front)
    return front


def _masthead_before_toc(lines: list[Line], start: int, front: Front, roles) -> list[Line]:
    """The masthead and facts printed before the 目录, after page 1 (its last 责任编辑 mark):
    read when that stretch holds three masthead or fact lines or more. Returns the lines of
    the stretch nobody claimed (the slogan may stand among them)."""
    mark = next((i for i in range(start - 1, -1, -1) if find_editor(lines[i].text)), None)
    if mark is None:
        return []
    stretch = [line for line in lines[mark + 1 : start] if line.text]
    structural = [
        line for line in stretch if _fact(unify(line.text)) or _masthead_line(line.text, roles)
    ]
    if len(structural) >= 3:
        first = lines.index(structural[0])
        block = _Block(lines=lines[:start], front=front, roles=roles, index=first,
                       last_claimed=first - 1, readers=_MASTHEAD_LINES)  # fmt: skip
        _read_block(block)
    return [line for line in stretch if line.number not in front.claimed]


def _mark_highlight_pages(front: Front) -> None:
    """看点 printed as bare page markers: the column entries of those pages are highlights."""
    for page in front.highlight_pages:
        entry = next((e for e in front.toc if e.page == page and not e.highlight), None)
        if entry is not None:
            entry.highlight = True


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
    readers: tuple = ()
    evidence: IssueEvidence = NO_EVIDENCE


def _toc_and_masthead(
    lines: list[Line],
    start: int,
    front: Front,
    roles: list[str],
    evidence: IssueEvidence,
    before: list[Line],
) -> None:
    block = _Block(lines=lines, front=front, roles=roles, index=start, last_claimed=start - 1,
                   readers=_BLOCK_LINES, evidence=evidence)  # fmt: skip
    _read_block(block)
    front.block_end = lines[block.last_claimed].number if block.last_claimed >= start else None
    _slogan_and_leftovers(front, before, block.unknown)


def _read_block(block: _Block) -> None:
    """Read lines from `block.index` while they are lines of the block."""
    lines, front = block.lines, block.front
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
        if not any(read(block, line, text) for read in block.readers):
            # Body text begins: a long line, or the title of an entry printed as a heading.
            if len(text) > 60 or squeeze(text) in block.toc_titles:
                break
            block.unknown.append(line)
            continue
        front.claimed.add(line.number)
        block.last_claimed = block.index - 1


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
    entry = _entry(match, line, block.column, block.in_highlights, block.evidence)
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
    """A fact's label and its value (`定价:6.00元`), or its label alone (the value follows);
    several on one line (`地址:… 邮编:830002 电话:…`)."""
    front = block.front
    facts = [_fact(part) for part in _FACT_SPLIT.split(text)]
    if any(fact is None for fact in facts) or (facts[0][1] and facts[0][0] in front.facts):
        return False
    for name, value in facts:
        front.fact_lines.setdefault(line.number, name)
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
    _continue_entry(block.entry, line.text, block.evidence)
    return True


def _highlight_marker(block: _Block, line: Line, text: str) -> bool:
    """`■ 10`: a 看点 printed as a bare page marker, its title left to the column's entry."""
    if not block.in_highlights:
        return False
    pages = _BARE_MARKERS.fullmatch(text)
    if pages is None:
        return False
    block.front.highlight_pages.extend(int(page) for page in re.findall(r"\d{1,3}", text))
    block.entry = None
    return True


def _authors_apart(block: _Block, line: Line, text: str) -> bool:
    """The authors of the last entry on a line of their own after a blank line, right before
    the next entry (where a column heading could stand too): authors where the body prints
    them as that entry's byline, or the database knows them."""
    last = block.last_entry
    if last is None or last.names or last.author_text or not block.after_blank:
        return False
    names = split_names(text) or ([despace_han(text)] if is_name_like(despace_han(text)) else [])
    if not names or not block.evidence.are_authors(names, last.title):
        return False
    last.names = names
    block.entry = None
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
    _highlight_marker,
    _cover_credit,
    _fact_line,
    _issn_or_cn,
    _masthead,
    _entry_continued,
    _authors_apart,
    _heading_over_entries,
    _entry_authors,
)
# The masthead and facts printed apart from the 目录 (before it).
_MASTHEAD_LINES = (_fact_line, _issn_or_cn, _masthead)
_BARE_MARKERS = re.compile(r"(?:[-–—·•■▲◆●□*>]?\s*[Pp]?\d{1,3}\s*)+")


def _highlight_entries(front: Front) -> list[TocEntry]:
    return [entry for entry in front.toc if entry.highlight]


def _next_is_entry(lines: list[Line], index: int) -> bool:
    following = next((line for line in lines[index:] if line.text), None)
    return following is not None and bool(TOC_ENTRY.match(unify(following.text)))


def _entry(
    match, line: Line, column: str | None, highlight: bool, evidence: IssueEvidence
) -> TocEntry:
    rest = tidy(line.text)[-len(match["rest"]) :] if match["rest"] else ""
    entry = TocEntry(
        page=int(match["page"]),
        line=line.number,
        title_lines=[],
        column=None if highlight else column,
        highlight=highlight,
    )
    _continue_entry(entry, rest, evidence, first=True)
    return entry


def _continue_entry(
    entry: TocEntry, text: str, evidence: IssueEvidence, *, first: bool = False
) -> None:
    """A line of an entry: title (its first line, or more of it), a ——subtitle, authors."""
    text = tidy(text)
    if text.startswith(("——", "—", "--")):
        entry.subtitle_lines.append(text.lstrip("—- "))
        return
    if entry.subtitle_lines and not first:
        _subtitle_line(entry, text)
        return
    if not first and not entry.names and not entry.author_text and _is_author_line(
        entry, text, evidence
    ):
        _set_authors(entry, text)
        return
    title, names, and_others = _title_and_names(text)
    rest, loose = loose_trailing_names(title)
    candidate = join_lines([*entry.title_lines, rest], " ")
    if loose and evidence.are_authors([*loose, *names], candidate):
        # Names without a known surname (仉振宇, 天山客) the body prints as this title's byline.
        title, names = rest, [*loose, *names]
    entry.title_lines.append(title)
    if names:
        entry.names, entry.and_others = names, and_others
        entry.title_tail_names = list(names)


def _subtitle_line(entry: TocEntry, text: str) -> None:
    """More of a ——subtitle, or the authors after it: on a line of their own or at the end
    of the subtitle's last line (`党员护林员玛依拉 闻 涛`)."""
    if split_names(text.removesuffix("等")):
        _set_authors(entry, text)
        return
    rest, names = trailing_names(text)
    if names and not entry.names and rest != text:
        entry.subtitle_lines.append(rest)
        entry.names = names
        return
    entry.subtitle_lines.append(text)


def _is_author_line(entry: TocEntry, text: str, evidence: IssueEvidence) -> bool:
    """A line after an entry's title that holds its authors: names, a body (课题组), or a
    name-like word the body prints as the title's byline (天山客)."""
    if split_names(_REPORTER.sub("", text).removesuffix("等")) or _AUTHOR_BODY.search(text):
        return True
    name = despace_han(unify(text))
    return is_name_like(name) and evidence.are_authors([name], entry.title)


def _title_and_names(text: str) -> tuple[str, list[str], bool]:
    """`打造区域人才高地等 南阳阳等` → (打造区域人才高地等, [南阳阳], True)."""
    if text.endswith("等") and len(text.split()) > 1:
        title, names = trailing_names(text[:-1])
        if names:
            return title, names, True
    title, names = trailing_names(text)
    return (title, names, False) if names else (text, [], False)


# What a 目录 or a byline prints before a staff reporter's name: `本刊记者 薛 凝`.
_REPORTER = re.compile(r"^(?:本刊记者|本报记者|特约记者|记者|通讯员|文\s*/)\s*")


def _set_authors(entry: TocEntry, text: str) -> None:
    text = _REPORTER.sub("", unify(text))
    and_others = text.endswith("等") and split_names(text[:-1]) is not None
    if and_others:
        text = text[:-1]
    names = split_names(text)
    if names:
        entry.names, entry.and_others = names, and_others
    elif is_name_like(despace_han(text)) and not _AUTHOR_BODY.search(text):
        entry.names = [despace_han(text)]  # a pen name the body prints as the byline
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


def _slogan_and_leftovers(front: Front, before: list[Line], unknown: list[Line]) -> None:
    """The slogan: an unplaced line just before the 主管/主办/出版 facts, or a motto standing
    apart in the front matter (two phrases, `组织工作的窗口 党员生活的挚友`). The rest of the
    block is reported."""
    claimed = sorted(front.claimed)
    bodies = {"supervisor", "sponsor", "publisher"}
    for line in unknown:
        text = unify(line.text)
        following = next((number for number in claimed if number > line.number), None)
        if "slogan" not in front.facts and front.fact_lines.get(following) in bodies and (
            _reads_as_motto(text) or (len(text) <= 30 and not has_clause_punctuation(text)
                                      and not ends_sentence(text))  # fmt: skip
        ):
            front.facts["slogan"] = text
            front.claimed.add(line.number)
    for line in [*before, *unknown]:
        if line.number in front.claimed:
            continue
        if "slogan" not in front.facts and _reads_as_motto(unify(line.text)):
            front.facts["slogan"] = unify(line.text)
            front.claimed.add(line.number)
        elif line in unknown and (front.block_end is None or line.number <= front.block_end):
            front.unplaced.append(line)


_MOTTO = re.compile(r"[\u4e00-\u9fff]{4,12} [\u4e00-\u9fff]{4,12}")


def _reads_as_motto(text: str) -> bool:
    """Two phrases of a motto side by side, nothing else: no punctuation, no page, no name."""
    return bool(_MOTTO.fullmatch(text)) and not is_spaced(text)
