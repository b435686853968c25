"""The print text as pdftotext gives it, made comparable: punctuation forms, spacing, names.

DOMAIN.md lists what the print does: padding spaces inside two-character names (`杨 羊`) and
in headings (`卷 首 语`), middle dots kept in Uyghur and Kazakh names, ASCII and full-width
punctuation mixed, several bracket forms for one mark.
"""

import re

from contributors.models import HAN_CHARACTERS

HAN = f"[{HAN_CHARACTERS}]"

# Full-width and typographic forms read as one form when text is compared or matched.
_PUNCTUATION = str.maketrans(
    {
        "（": "(",
        "）": ")",
        "〔": "[",
        "〕": "]",
        "【": "[",
        "】": "]",
        "［": "[",
        "］": "]",
        "：": ":",
        "，": ",",
        "；": ";",
        "「": "“",
        "」": "”",
        "『": "‘",
        "』": "’",
        "\u3000": " ",
        "\xa0": " ",
        "・": "·",
        "•": "·",
        "‧": "·",
        "．": ".",
        "／": "/",
        "－": "-",
    }
)
# Full-width digits and Latin letters as ASCII.
_FULL_WIDTH_ALNUM = str.maketrans(
    {
        chr(code): chr(code - 0xFEE0)
        for code in range(0xFF10, 0xFF5B)
        if chr(code - 0xFEE0).isalnum()
    }
)
# Both at once, as the two in a row would map each character: one pass over a long text.
_FOLD = {
    code: (
        _FULL_WIDTH_ALNUM.get(ord(_PUNCTUATION[code]), _PUNCTUATION[code])
        if code in _PUNCTUATION
        else _FULL_WIDTH_ALNUM[code]
    )
    for code in {**_PUNCTUATION, **_FULL_WIDTH_ALNUM}
}

MIDDLE_DOT = "·"
# Sentence-final punctuation: a line ending in one ends a paragraph.
SENTENCE_END = '。！？!?…”’"）)'
# Punctuation that a heading or a name never holds.
CLAUSE_PUNCTUATION = "。，,、；;：:！？!?"


def fold(text: str) -> str:
    """Punctuation and digits in one form, character for character: a match's span in the
    folded text is its span in the printed text, so what is stored keeps the print's forms."""
    return text.translate(_FOLD)


def unify(text: str) -> str:
    """`fold`, and runs of spaces as one: for matching, never for what is stored."""
    return " ".join(fold(text).split())


def tidy(text: str) -> str:
    """Printed text as stored: runs of spaces (full-width ones too) as one, ends stripped."""
    return " ".join(text.replace("\u3000", " ").split())


def squeeze(text: str) -> str:
    """`unify`, then no spaces at all: how two printings of one title are compared."""
    return unify(text).replace(" ", "")


def despace_han(text: str) -> str:
    """Padding spaces between Han characters removed, spaces elsewhere kept (`卷 首 语`)."""
    return re.sub(rf"(?<={HAN}) +(?={HAN})", "", text)


def is_spaced(text: str) -> bool:
    """A heading typeset with a space between every character: `目 录`, `社 长`."""
    tokens = text.split()
    return len(tokens) >= 2 and all(len(token) == 1 for token in tokens)


def heading_text(line: str) -> str:
    """A heading as a word: spaced letters joined, ornaments and banner brackets dropped."""
    text = unify(line).strip("「」“”[]<>《》◆■●▲★☆◇□-—· ")
    return text.replace(" ", "") if is_spaced(text) else text


def ends_sentence(text: str) -> bool:
    text = text.rstrip()
    return bool(text) and text[-1] in SENTENCE_END


def has_clause_punctuation(text: str) -> bool:
    return any(mark in text for mark in CLAUSE_PUNCTUATION)


# Common Chinese surnames (the 百家姓 in today's frequency), single and compound. No library
# that Django people use ships this list; it tells a byline (张学良) from a short phrase.
_SINGLE_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    "赖洪阎郗荀庾钮暨鄂汝蓟厍乜钭糜弓竺邴钦晁佘郦蒯伏鲜嵩涂缑励阳邗习"
)
_COMPOUND_SURNAMES = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒",
    "夏侯", "长孙", "宇文", "端木", "西门", "南宫", "独孤", "轩辕", "钟离", "万俟", "闻人",
}  # fmt: skip

_NAME_TOKEN = re.compile(rf"{HAN}{{2,4}}")
_DOTTED_NAME = re.compile(rf"{HAN}{{1,8}}(?:{MIDDLE_DOT}{HAN}{{1,8}})+")


def has_surname(name: str) -> bool:
    return name[:2] in _COMPOUND_SURNAMES or name[:1] in _SINGLE_SURNAMES


def is_person_name(token: str) -> bool:
    """A token that reads as one person's name: 2-3 Han characters starting with a surname
    (4 with a compound surname), or a transcribed name with middle dots (木拉迪力·克衣木)."""
    token = unify(token)
    if _DOTTED_NAME.fullmatch(token):
        return True
    if not _NAME_TOKEN.fullmatch(token):
        return False
    if len(token) == 4:
        return token[:2] in _COMPOUND_SURNAMES
    return has_surname(token)


def join_letters(tokens: list[str]) -> list[str]:
    """Letter-spaced names joined (`孟 子 涵` → 孟子涵): a run of single characters is one name
    of two or three, or of four unless it reads as two names of two (`张 翼 祁 悦`)."""
    grouped: list[str] = []
    index = 0
    while index < len(tokens):
        end = index
        while end < len(tokens) and len(tokens[end]) == 1:
            end += 1
        if end == index:
            grouped.append(tokens[index])
            index += 1
            continue
        run = tokens[index:end]
        two_names = len(run) == 4 and has_surname(run[0]) and has_surname(run[2])
        if len(run) in (2, 3) or (len(run) == 4 and not two_names):
            grouped.append("".join(run))
        else:
            grouped.extend("".join(run[i : i + 2]) for i in range(0, len(run), 2))
        index = end
    return grouped


def split_names(text: str) -> list[str] | None:
    """The names of a byline (`严 博 丁义杰 徐玲玲` → 严博, 丁义杰, 徐玲玲), or None if it is
    not a list of names. Single characters split by padding spaces join up into one name."""
    tokens = unify(text).replace("、", " ").replace(",", " ").split()
    names = join_letters(tokens)
    if not names or not all(is_person_name(name) for name in names):
        return None
    return names


def _name_tail(tokens: list[str], accept) -> tuple[int, list[str]]:
    """How many tokens at the end of `tokens` are names `accept` takes, and the names."""
    names: list[str] = []
    end = len(tokens)
    while end > 1:
        start = end
        while start > 0 and len(tokens[start - 1]) == 1 and end - start < 4:
            start -= 1
        if end - start >= 2 and start >= 1:
            letters = "".join(tokens[start:end])
            if end - start == 4 and has_surname(letters[0]) and has_surname(letters[2]):
                pair = letters[2:]
                if accept(pair):
                    names.insert(0, unify(pair))
                    end -= 2
                    continue
            elif accept(letters):
                names.insert(0, unify(letters))
                end = start
                continue
            if accept(letters[-2:]) and end - start > 2:
                names.insert(0, unify(letters[-2:]))
                end -= 2
                continue
        if accept(tokens[end - 1]):
            names.insert(0, unify(tokens[end - 1]))
            end -= 1
            continue
        break
    return end, names


def trailing_names(text: str) -> tuple[str, list[str]]:
    """A 目录 line's title and the names printed after it: `人才之舞 四季踟蹰 周涛` →
    (`人才之舞 四季踟蹰`, [周涛]). At least one word of title is always kept."""
    tokens = tidy(text).split()
    end, names = _name_tail(tokens, is_person_name)
    return " ".join(tokens[:end]), names


_NAME_LIKE = re.compile(rf"{HAN}{{2,5}}")
# Characters that end a phrase of a title and never a pen name or a signature.
_NOT_A_NAME_END = set("的了着过和与及在是有为把被对从向让使新路篇章记事情")


def is_name_like(token: str) -> bool:
    """A token that could be a name without a known surname: a pen name (天山客), a
    collective signature (辛组研, 本刊评论员), a name with a rare surname (仉振宇). Only the
    evidence of the issue (a byline, a known contributor) makes it a name."""
    token = unify(token)
    if _DOTTED_NAME.fullmatch(token):
        return True
    return bool(_NAME_LIKE.fullmatch(token)) and token[-1] not in _NOT_A_NAME_END


def loose_trailing_names(text: str) -> tuple[str, list[str]]:
    """`让红色基因代代相传 仉振宇` → (`让红色基因代代相传`, [仉振宇]): name-like words after a
    title, which only the body can confirm. At least one word of title is kept."""
    tokens = tidy(text).split()
    end, names = _name_tail(tokens, is_name_like)
    return " ".join(tokens[:end]), names


_QUOTES = str.maketrans({mark: '"' for mark in "“”‘’『』「」\"'"})


def title_key(text: str) -> str:
    """A title as two printings are compared: `squeeze`, and every quotation mark one form
    (the body prints 『红色代办』 where the 目录 prints “红色代办”)."""
    return squeeze(text).translate(_QUOTES)


def bigrams(text: str) -> set[str]:
    """The pairs of adjacent Han characters of a text: how a caption is compared with an article."""
    runs = re.findall(rf"{HAN}+", text)
    return {run[i : i + 2] for run in runs for i in range(len(run) - 1)}
