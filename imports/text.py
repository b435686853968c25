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


def split_names(text: str) -> list[str] | None:
    """The names of a byline (`严 博 丁义杰 徐玲玲` → 严博, 丁义杰, 徐玲玲), or None if it is
    not a list of names. Single characters split by a padding space pair up into one name."""
    tokens = unify(text).replace("、", " ").replace(",", " ").split()
    names, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        if len(token) == 1 and index + 1 < len(tokens) and len(tokens[index + 1]) == 1:
            token = token + tokens[index + 1]
            index += 1
        if not is_person_name(token):
            return None
        names.append(token)
        index += 1
    return names or None


def trailing_names(text: str) -> tuple[str, list[str]]:
    """A 目录 line's title and the names printed after it: `人才之舞 四季踟蹰 周涛` →
    (`人才之舞 四季踟蹰`, [周涛]). At least one word of title is always kept."""
    tokens = tidy(text).split()
    names: list[str] = []
    end = len(tokens)
    while end > 1:
        if end >= 3 and len(tokens[end - 1]) == 1 and len(tokens[end - 2]) == 1:
            pair = tokens[end - 2] + tokens[end - 1]
            if is_person_name(pair):
                names.insert(0, unify(pair))
                end -= 2
                continue
        if is_person_name(tokens[end - 1]):
            names.insert(0, unify(tokens[end - 1]))
            end -= 1
            continue
        break
    return " ".join(tokens[:end]), names


def bigrams(text: str) -> set[str]:
    """The pairs of adjacent Han characters of a text: how a caption is compared with an article."""
    runs = re.findall(rf"{HAN}+", text)
    return {run[i : i + 2] for run in runs for i in range(len(run) - 1)}
