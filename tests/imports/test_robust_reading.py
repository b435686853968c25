"""Reading issues the importer has never seen: what the print carries besides articles never
reaches an article's text, and people are recognised by the evidence of the whole issue.

The texts are the layout variations of tests/imports/layouts (see its README); each test
names the trait of the print it is about.
"""

from pathlib import Path

import pytest

from imports.parsing import parse_issue
from imports.report import Kind
from periodical.models import Periodical

ROOT = Path(__file__).resolve().parents[2]
LAYOUTS = ROOT / "tests/imports/layouts"
SEED_TEXT = ROOT / "fixtures/seeds/001_f298dd8e9d14375d.txt"


def magazine() -> Periodical:
    return Periodical(slug="dangyuan-zhiyou", name="党员之友", kind="magazine", frequency="monthly")


def layout(name: str) -> str:
    return (LAYOUTS / f"{name}.txt").read_text(encoding="utf-8")


def read(text: str, **kwargs):
    return parse_issue(text, periodical=magazine(), **kwargs)


def bodies(document: dict) -> str:
    """Every article's stored text, and its title parts, as one string."""
    return "\n".join(
        "\n".join([a["kicker"], a["title"], a["subtitle"], a["body"]]) for a in document["articles"]
    )


def kinds(report) -> dict[str, list]:
    found: dict[str, list] = {}
    for item in report.items:
        found.setdefault(item.kind, []).append(item)
    return found


def by_page(document: dict) -> dict[int, dict]:
    return {a["start_page"]: a for a in document["articles"] if a["start_page"]}


# Not articles: each kind of block is reported as its kind and is in no article's text.


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("front_masthead_2022_05", ["中国知网", "北京市海淀区学院路甲12号"]),
        ("posters_2022_10", ["本刊郑重声明", "代收稿件及版面费"]),
    ],
)
def test_a_publisher_notice_is_reported_and_in_no_body(name, printed):
    document, report = read(layout(name))
    text = bodies(document)
    assert all(words not in text for words in printed)
    notices = " ".join(item.text for item in kinds(report)[Kind.NOTICE])
    assert printed[0] in notices
    assert document["issue"]["facts"]["address"] == "新疆乌鲁木齐市天山区中湾街388号"


@pytest.mark.parametrize(
    ("name", "printed"),
    [
        ("front_masthead_2022_05", ["扫码关注", "微信公众号"]),
        ("posters_2022_10", ["扫描二维码", "电子刊"]),
        ("seed", ["扫码观看视频", "扫描二维码看视频", "学习强国号"]),
    ],
)
def test_a_qr_code_prompt_is_reported_and_in_no_body(name, printed):
    text = SEED_TEXT.read_text(encoding="utf-8") if name == "seed" else layout(name)
    document, report = read(text)
    assert all(words not in bodies(document) for words in printed)
    prompts = " ".join(item.text for item in kinds(report)[Kind.QR_PROMPT])
    assert all(words in prompts for words in printed)


def test_an_advert_between_two_articles_is_reported_and_in_no_body():
    document, report = read(layout("posters_2022_10"))
    assert "邮发代号" not in bodies(document) and "订阅热线" not in bodies(document)
    adverts = " ".join(item.text for item in kinds(report)[Kind.ADVERT])
    assert "欢迎订阅2023年《党员之友》" in adverts
    # Its 定价 is no fact of the issue's (the masthead's price is the same figure here, so the
    # date it would set is what tells): the facts come from the masthead alone.
    assert document["issue"]["publication_date"] == "2022-10-28"


@pytest.mark.parametrize(
    ("name", "printed", "page"),
    [
        # a poster signed by a publicity department, between two articles
        ("posters_2022_10", ["弘扬劳模精神", "劳动最光荣", "宣传部"], 14),
        # a 公益广告 inside an article, between its (转下页) and its (接上页)
        ("front_masthead_2022_05", ["公益广告", "勤俭节约 从我做起", "舌尖上的浪费"], 10),
    ],
)
def test_a_poster_is_reported_and_in_no_body(name, printed, page):
    document, report = read(layout(name))
    assert all(words not in bodies(document) for words in printed)
    posters = " ".join(item.text for item in kinds(report)[Kind.ADVERT])
    assert all(words in posters for words in printed)
    assert by_page(document)[page]["kicker"] == ""


@pytest.mark.parametrize("name", ["front_masthead_2022_05", "people_2021_06"])
def test_a_masthead_before_the_toc_is_read_and_in_no_body(name):
    document, _report = read(layout(name))
    issue = document["issue"]
    assert [entry["role"] for entry in issue["masthead"]][:3] == ["社长", "副社长", "编辑部主任"]
    assert issue["facts"]["supervisor"] == "中共新疆维吾尔自治区委员会组织部"
    assert issue["facts"]["slogan"] == "组织工作的窗口 党员生活的挚友"
    assert issue["publication_date"].endswith("-28")
    text = bodies(document)
    for printed in ("邵承毅", "中湾街388号", "印刷装订", "组织工作的窗口", "xjdyzy@163.com"):
        assert printed not in text


def test_a_photo_page_without_a_headline_is_the_issues_and_in_no_body():
    document, report = read(layout("posters_2022_10"))
    captions = ["胡杨林层林尽染", "额尔齐斯河秋色宜人"]
    assert all(words not in bodies(document) for words in captions)
    loose = [photo for photo in document["issue"]["photos"] if not photo["on_cover"]]
    assert [photo["credit"]["name"] for photo in loose] == ["马骁", "阿不都热依木·艾力"]
    assert all(not a["photos"] for a in document["articles"] if a["start_page"] in (6, 10))
    [page] = kinds(report)[Kind.PHOTO_PAGE]
    assert "胡杨林" in page.text


# People by the evidence of the issue.


def test_a_name_after_a_toc_title_is_an_author_where_the_body_prints_it_as_the_byline():
    document, _report = read(layout("people_2021_06"))
    p8 = by_page(document)[8]
    assert p8["title"] == "一座纪念馆里的百年记忆"  # 笪 is no common surname
    assert [a["name"] for a in p8["authors"]] == ["笪丽萍"]


def test_without_a_byline_a_word_after_the_title_is_an_author_only_if_the_database_knows_it():
    title = "一座纪念馆里的百年记忆"
    text = layout("people_2021_06").replace(f"{title}\n\n笪丽萍\n", f"{title}\n")
    document, _report = read(text)
    assert by_page(document)[8]["authors"] == []
    document, _report = read(text, known_names=["笪丽萍"])
    p8 = by_page(document)[8]
    assert p8["title"] == "一座纪念馆里的百年记忆"
    assert [a["name"] for a in p8["authors"]] == ["笪丽萍"]


def test_words_after_a_title_that_the_body_prints_in_the_title_stay_in_it():
    document, _report = read(layout("people_2021_06"))
    # 开新局 reads like a name, but the body prints the heading with it.
    assert by_page(document)[4]["title"] == "学党史 悟思想 办实事 开新局"
    assert [a["name"] for a in by_page(document)[4]["authors"]] == ["本刊评论员"]


def test_an_author_line_apart_in_the_toc_is_no_column_heading():
    document, _report = read(layout("people_2021_06"))
    assert document["columns"] == ["卷首语", "党史学习", "工作交流", "随笔感悟"]
    assert by_page(document)[8]["column"] == "党史学习"


def test_names_letter_spaced_or_a_character_a_line_are_one_name():
    document, _report = read(layout("briefs_2024_03"))
    pages = by_page(document)
    assert [a["name"] for a in pages[4]["authors"]] == ["黄晓雯"]
    assert [a["name"] for a in pages[8]["authors"]] == ["李航", "巴特尔·达瓦", "孟子涵"]
    assert [a["name"] for a in pages[20]["authors"]] == ["阿力木江"]
    assert "黄\n晓" not in pages[4]["body"] and not pages[4]["body"].startswith("黄")


# The body's reading order.


def test_a_continuation_after_another_article_returns_to_the_one_that_broke_off():
    text = layout("front_masthead_2022_05")
    rest_start = text.index("(接上页)")
    rest_end = text.index("〔责任编辑：聂文博〕", rest_start) + len("〔责任编辑：聂文博〕")
    rest = text[rest_start:rest_end]
    text = text[:rest_start] + text[rest_end:]
    after = text.index("[责任编辑:付晓岚]", text.index("让流动党员“流动不流失”\n\n买买提江"))
    after += len("[责任编辑:付晓岚]")
    text = text[:after] + "\n\n" + rest + text[after:]
    document, _report = read(text)
    p10, p12 = by_page(document)[10], by_page(document)[12]
    assert "两年来,全乡通过小院议事会" in p10["body"]
    assert "两年来" not in p12["body"] and "两年来" not in by_page(document)[16]["body"]
    assert p10["responsible_editor"] == "聂文博" and p12["responsible_editor"] == "付晓岚"
    assert p10["authors"][0]["affiliation"] == "新疆伽师县委组织部"


def test_a_kicker_printed_apart_is_no_part_of_the_title():
    document, _report = read(layout("kicker_2023_08"))
    p4 = by_page(document)[4]
    assert (p4["kicker"], p4["title"], p4["toc_title"]) == (
        "自治区党委召开常委会会议",
        "深入学习贯彻习近平总书记重要讲话精神",
        "",
    )


def test_without_a_byline_the_toc_names_the_authors_with_the_affiliation_printed():
    title = "一座纪念馆里的百年记忆"
    text = layout("people_2021_06").replace(f"{title}\n\n笪丽萍\n", f"{title}\n")
    document, _report = read(text, known_names=["笪丽萍"])
    [author] = by_page(document)[8]["authors"]
    assert (author["name"], author["affiliation"], author["in_toc"]) == (
        "笪丽萍",
        "新疆维吾尔自治区党史研究室干部",
        True,
    )
