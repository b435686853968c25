"""What the print carries besides articles: notices (copyright, royalties, a warning about
fees, with another organisation's address), QR-code prompts, adverts and posters. Each is
recognised by the words that open it, taken out of the body before the articles are read,
and reported as its own kind: it is never stored as an article's text.

A block is one table row: the kind, the pattern of the line that opens it, and which short
lines around that line belong to it (an address under a notice, the 《党员之友》 over a QR
code's label, the slogans of a poster).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ..front import Line
from ..marks import find_credit, find_editor
from ..report import ImportReport, Kind
from ..text import ends_sentence, has_clause_punctuation, tidy, title_key, unify
from .closing import is_marks_only

# A notice of the publisher's: it speaks of the magazine (本刊) and of rights or fees.
_NOTICE = re.compile(r"^本刊.{0,60}(?:稿酬|著作权|许可|声明|版面费|代收|转载)")
_CONTACT = re.compile(r"地址|邮编|电话|传真|邮箱|网址|^\d[\d~\-—]*\s*室")
_QR = re.compile(r"扫码|扫一扫|二维码|公众号|学习强国号|电子期刊|电子刊|视频号|客户端")
_PERIODICAL_LABEL = re.compile(r"^《[^》]{2,12}》$")
_ADVERT = re.compile(r"欢迎订阅|征订|邮发代号|订阅热线|广告热线|邮局均可订阅|刊登广告")
_POSTER = re.compile(r"^公益广告$|\S{4,}\s+宣$")
# A word every opening line holds, looked for in the printed line before it is unified: most
# lines of a text hold none, and a long text is not unified line by line for nothing.
_ANY_OPENING_WORD = re.compile(
    r"本刊|扫|二维码|公众号|学习强国|电子期?刊|视频号|客户端|订|广告|宣$"
)


def _short(line: Line, most: int = 40) -> bool:
    # Unifying only ever shortens a line (runs of spaces as one): a line twice as long as
    # `most` is not short, and a long text's paragraphs are never unified here.
    return len(line.text) <= most or (len(line.text) <= 2 * most and len(unify(line.text)) <= most)


def _contact(line: Line) -> bool:
    return _short(line, 60) and bool(_CONTACT.search(line.text))


_DATE = re.compile(r"\d{1,2}\s*月\s*\d{1,2}\s*日")


def _qr_label(line: Line) -> bool:
    """The second line of a QR code's prompt (扫描二维码看视频 / 感受基层党员心声)."""
    text = unify(line.text)
    return (
        _short(line, 12)
        and not ends_sentence(text)
        and not find_credit(text)
        and not _PERIODICAL_LABEL.match(text)
        and not _DATE.search(text)
    )


def _periodical_label(line: Line) -> bool:
    return bool(_PERIODICAL_LABEL.match(unify(line.text)))


def _slogan(line: Line) -> bool:
    """A line of an advert or a poster: short, no sentence, no mark, no credit."""
    text = unify(line.text)
    return (
        _short(line, 40)
        and not text.endswith("。")
        and not (has_clause_punctuation(text) and ends_sentence(text))
        and not find_credit(text)
        and not find_editor(text)
        and not is_marks_only(text)
    )


@dataclass(frozen=True)
class Furniture:
    kind: str  # a report Kind
    opens: re.Pattern  # the line that makes the block
    after: Callable[[Line], bool]  # a line after it that belongs to it
    before: Callable[[Line], bool] | None = None  # a line before it that belongs to it
    longest: int = 40  # the opening line's length at most
    most_after: int = 6  # lines after the opening one at most
    most_before: int = 3  # lines before the opening one at most
    runs_on_from_one_word: bool = False  # only an opening line of one word runs on


FURNITURE = (
    Furniture(Kind.NOTICE, _NOTICE, _contact, longest=200, most_after=3),
    Furniture(Kind.QR_PROMPT, _QR, _qr_label, before=_periodical_label, longest=30,
              most_after=1, runs_on_from_one_word=True),  # fmt: skip
    Furniture(Kind.ADVERT, _ADVERT, _slogan, before=_slogan),
    Furniture(Kind.ADVERT, _POSTER, _slogan, before=_slogan),
)

_MESSAGES = {
    Kind.NOTICE: gettext_noop(
        "A notice of the publisher's (rights, royalties, fees); not part of any article."
    ),
    Kind.QR_PROMPT: gettext_noop("A QR-code prompt; not part of the text."),
    Kind.ADVERT: gettext_noop("An advert or a poster; not part of any article."),
}


def _opens(furniture: Furniture, line: Line) -> bool:
    text = unify(line.text)
    return (
        _short(line, furniture.longest)
        and bool(furniture.opens.search(text))
        and not find_editor(text)
        and not is_marks_only(text)
    )


def take_out_furniture(
    body: list[Line], titles: set[str], report: ImportReport
) -> list[Line]:
    """The body without its notices, QR-code prompts, adverts and posters, each reported.
    A line that prints a 目录 title is never taken."""
    taken: set[int] = set()
    for index, line in enumerate(body):
        if line.number in taken or not _ANY_OPENING_WORD.search(line.text):
            continue
        for furniture in FURNITURE:
            if _opens(furniture, line):
                block = _block(body, index, furniture, titles, taken)
                taken.update(member.number for member in block)
                report.add(
                    furniture.kind,
                    _(_MESSAGES[furniture.kind]),
                    line=block[0].number,
                    text=" ".join(tidy(member.text) for member in block)[:120],
                )
                break
    return [line for line in body if line.number not in taken]


def _block(
    body: list[Line], index: int, furniture: Furniture, titles: set[str], taken: set[int]
) -> list[Line]:
    def belongs(line: Line, test) -> bool:
        return line.number not in taken and title_key(line.text) not in titles and test(line)

    start = index
    while (
        furniture.before is not None
        and start > 0
        and index - start < furniture.most_before
        and belongs(body[start - 1], furniture.before)
    ):
        start -= 1
    end = index + 1
    most_after = furniture.most_after
    if furniture.runs_on_from_one_word and " " in unify(body[index].text):
        most_after = 0
    while (
        end < len(body)
        and end - index <= most_after
        and belongs(body[end], furniture.after)
    ):
        end += 1
    return body[start:end]
