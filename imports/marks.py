"""The marks the print puts at the end of an article and under its photos.

Each finder takes one line of print text and returns what it found; all bracket and colon
forms are read alike (DOMAIN.md): [责任编辑:X], 〔责任编辑：X〕, 【责任编辑:X】, （作者单位：…）.
"""

import re
from dataclasses import dataclass

from .text import HAN, despace_han, fold, tidy, unify

_OPEN = r"[\[(]"
_CLOSE = r"[\])]"

EDITOR = re.compile(
    rf"{_OPEN}?\s*责\s*任\s*编\s*辑\s*[:]?\s*(?P<name>[^\[\]()]+?)\s*{_CLOSE}|^\s*责任编辑\s*[:]\s*(?P<bare>\S.*)$"
)
AFFILIATION = re.compile(rf"{_OPEN}\s*作者单位\s*[:]\s*(?P<text>[^()]+?)\s*{_CLOSE}")
AFFILIATION_IS = re.compile(rf"{_OPEN}\s*作者系\s*(?P<text>[^()]+?)\s*{_CLOSE}")
# (作者:张学良、杨羊,分别系…,…): one affiliation per author, in order.
AUTHORS_ARE = re.compile(
    rf"{_OPEN}\s*作者\s*[:]\s*(?P<names>[^,()]+?)\s*,\s*(?:分别)?系\s*(?P<text>.+?)\s*{_CLOSE}$"
)
SOURCE = re.compile(rf"{_OPEN}\s*(?P<text>[^()]+?)\s*供稿\s*{_CLOSE}")
# (供稿单位:X), (供稿:X): the organisation after the label.
SOURCE_LABELLED = re.compile(
    rf"{_OPEN}\s*供稿(?:单位)?\s*[:]\s*(?P<text>[^()]+?)\s*{_CLOSE}"
)
REPRINT = re.compile(
    rf"{_OPEN}\s*均?\s*(?:摘编自|摘自|转载自|转自|选自|编选自)\s*(?P<text>[^()]+?)\s*{_CLOSE}"
)
REPORTED_BY = re.compile(rf"{_OPEN}\s*据\s*(?P<text>[^()]{{2,20}}?)\s*{_CLOSE}$")
COMPILED_BY = re.compile(rf"{_OPEN}\s*(?P<names>[^()]{{2,20}}?)\s*整理\s*{_CLOSE}")
# A brief signed with the organisation that sent it, alone in brackets: (洛浦县委组织部).
SIGNED_BY_BODY = re.compile(
    rf"^\s*{_OPEN}\s*(?P<text>[^()]{{2,30}}?(?:组织部|宣传部|统战部|党委|党组|党工委|委员会|办公室))"
    rf"\s*{_CLOSE}\s*$"
)
SIGNED = re.compile(rf"{_OPEN}\s*(?P<names>[^()]{{2,20}}?)\s*{_CLOSE}$")
CONTINUED_ON = re.compile(rf"{_OPEN}\s*下转第?\s*(?P<page>\d+)\s*(?:版|页)?\s*{_CLOSE}")
CONTINUED_FROM = re.compile(rf"^\s*{_OPEN}\s*上接第?\s*(?P<page>\d+)\s*(?:版|页)?\s*{_CLOSE}")

# Photo credits: □新华社记者 燕 雁/摄, 赵登文/摄, 王五 摄, …供图, □资料图.
_TAKEN_END = re.compile(r"(?:/\s*摄|\s摄)$")
_ARCHIVE = re.compile(r"资料图(?:片)?\s*$")
_SUPPLIED_END = re.compile(r"供图$")
_AGENCY = re.compile(
    rf"^(?P<agency>{HAN}{{1,8}}?(?:社|报|台|网|通讯社|杂志))(?P<title>记者|特约记者|通讯员|摄影记者)?\s*(?P<name>.+)$"
)
_TITLE = re.compile(r"^(?P<title>本刊记者|记者|通讯员|特约记者|摄影)\s*(?P<name>.+)$")


@dataclass
class Credit:
    name: str
    kind: str  # taken | supplied | archive
    agency: str = ""
    title: str = ""
    caption: str = ""  # a caption printed on the same line, before the credit

    def as_document(self) -> dict:
        return {"name": self.name, "kind": self.kind, "agency": self.agency, "title": self.title}


def _clean_name(text: str) -> str:
    """A printed name without its padding spaces: `燕 雁` → 燕雁, `马 啸` → 马啸."""
    return despace_han(unify(text)).strip()


def find_credit(line: str) -> Credit | None:
    """The photo credit a line ends with, and the caption printed before it on that line."""
    raw = tidy(line)
    box = fold(raw).rfind("□")
    caption, credit = (raw[:box], raw[box + 1 :]) if box >= 0 else ("", raw)
    folded = fold(credit).strip()
    # The forms' endings exclude each other: the first that matches decides.
    for ending, read in CREDIT_FORMS:
        if taken := ending.search(folded):
            return read(_CreditText(credit, folded, tidy(caption), box >= 0), taken)
    return None


@dataclass
class _CreditText:
    credit: str  # the line after its □, or the whole line
    folded: str  # the credit folded and stripped
    caption: str  # what the line prints before its □
    boxed: bool  # the credit follows a □


def _archive(text: _CreditText, _ending: re.Match) -> Credit | None:
    if not text.boxed and len(text.folded) > 6:
        return None
    return Credit(name="", kind="archive", caption=text.caption)


def _taken(text: _CreditText, ending: re.Match) -> Credit | None:
    who = text.credit.strip()[: ending.start()].strip()
    caption = text.caption
    if not text.boxed:
        if "/" not in text.folded and len(text.folded) > 12:
            return None
        # Without a □ the name is the last words before 摄; what precedes is the caption.
        tokens = who.split()
        size = 2 if len(tokens) >= 2 and len(tokens[-1]) == 1 and len(tokens[-2]) == 1 else 1
        if len(tokens) > size and re.search(r"(?:记者|通讯员)$", tokens[-size - 1]):
            size += 1
        caption, who = tidy(" ".join(tokens[:-size])), " ".join(tokens[-size:])
    if not who or any(mark in who for mark in "。,，;；"):
        return None
    return _credit_for(who, "taken", caption)


def _supplied(text: _CreditText, _ending: re.Match) -> Credit | None:
    if not text.boxed and len(text.folded) > 40:
        return None
    who = text.credit.strip()[:-2].rstrip(" /")
    if not who or any(mark in fold(who) for mark in "。,;:"):
        return None
    return _credit_for(who, "supplied", text.caption)


# One row per printed form of a credit: the ending that marks it and the reader of the rest.
CREDIT_FORMS = (
    (_ARCHIVE, _archive),  # □资料图, 资料图片
    (_TAKEN_END, _taken),  # 赵登文/摄, □新华社记者 燕 雁/摄, 王五 摄
    (_SUPPLIED_END, _supplied),  # □自治区党委组织部供图
)


def _credit_for(who: str, kind: str, caption: str) -> Credit:
    agency = title = ""
    match = _AGENCY.match(who)
    if match and kind == "taken":
        agency, title, who = match.group("agency"), match.group("title") or "", match.group("name")
    else:
        match = _TITLE.match(who)
        if match and kind == "taken":
            title, who = match.group("title"), match.group("name")
    name = _clean_name(who) if kind == "taken" else unify(who)
    return Credit(name=name, kind=kind, agency=agency, title=title, caption=caption)


def find_editor(line: str) -> tuple[str, tuple[int, int]] | None:
    """The responsible editor a line names, and where the mark stands in the unified line."""
    text = unify(line)
    match = EDITOR.search(text)
    if not match:
        return None
    name = (match.group("name") or match.group("bare") or "").strip()
    return _clean_name(name), match.span()
