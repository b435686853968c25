"""The closing marks of an article, one printed line at a time: every form the table reads.

Reading a line needs no database: the article is unsaved, the report in memory.
"""

import pytest

from imports.body.closing import read_closing_marks
from imports.body.model import Article
from imports.front import Line
from imports.report import ImportReport, Kind


def read(text: str, *, editor: str | None = None):
    """Read one line closing an article whose byline named 王伟; return what was read."""
    article = Article(title="社区“小食堂”撬动居民“大民生”", title_line=1, editor=editor)
    byline = article.add_author("王伟")
    report = ImportReport()
    remainder, _found = read_closing_marks(text, article, [byline], report, Line(9, text))
    return remainder, article, report


@pytest.mark.parametrize(
    ("text", "editor"),
    [
        ("[责任编辑:王五]", "王五"),
        ("〔责任编辑：李 四〕", "李四"),
        ("【责任编辑:欧阳小明】", "欧阳小明"),
        ("（责任编辑：张三）", "张三"),
        ("责任编辑：马啸", "马啸"),
    ],
)
def test_the_responsible_editor_in_every_bracket_and_colon_form(text, editor):
    remainder, article, _report = read(text)
    assert (remainder, article.editor, article.editor_line) == ("", editor, 9)


def test_a_mark_at_the_end_of_a_paragraph_leaves_the_paragraph():
    remainder, article, _report = read("活动圆满结束。（责任编辑：张三）")
    assert (remainder, article.editor) == ("活动圆满结束。", "张三")


def test_a_second_editor_mark_is_reported_not_taken():
    _remainder, article, report = read("[责任编辑:王五]", editor="张三")
    assert article.editor == "张三"
    assert [(item.kind, item.text) for item in report.items] == [
        (Kind.EDITOR_MARK_UNPLACED, "王五")
    ]


@pytest.mark.parametrize(
    ("text", "affiliation"),
    [
        ("(作者单位:新疆大学)", "新疆大学"),
        ("（作者系自治区党委组织部干部）", "自治区党委组织部干部"),
    ],
)
def test_an_affiliation_goes_to_the_byline(text, affiliation):
    remainder, article, _report = read(text)
    assert remainder == ""
    assert [(a["name"], a["affiliation"]) for a in article.authors] == [("王伟", affiliation)]


def test_authors_each_with_their_affiliation_in_order():
    _remainder, article, _report = read("(作者:张学良、杨羊,分别系新疆大学教师,自治区党校教师)")
    assert [(a["name"], a["affiliation"]) for a in article.authors] == [
        ("王伟", ""),
        ("张学良", "新疆大学教师"),
        ("杨羊", "自治区党校教师"),
    ]


def test_sources_reprints_and_compilers():
    _remainder, supplied, _report = read("（自治区党委组织部供稿）(博乐市委组织部供稿)")
    assert supplied.source_orgs == ["自治区党委组织部", "博乐市委组织部"]
    assert read("(摘自《求是》)")[1].reprinted_from == "求是"
    assert read("（据新华社）")[1].reprinted_from == "新华社"
    compiled = read("(李四整理)")[1]
    assert [(a["name"], a["role"]) for a in compiled.authors][1:] == [("李四", "compiler")]


def test_continued_on_is_noted_and_stays_in_the_text():
    remainder, article, _report = read("教育要进一步发挥支撑(下转第9页)")
    assert (remainder, article.continued_on) == ("教育要进一步发挥支撑(下转第9页)", ["9"])


def test_a_name_in_brackets_signs_the_article_only_on_a_line_without_other_marks():
    _remainder, signed, _report = read("（张三）")
    assert [a["name"] for a in signed.authors] == ["王伟", "张三"]
    remainder, closed, _report = read("[责任编辑:王五] (张三)")
    assert [a["name"] for a in closed.authors] == ["王伟"]
    assert remainder == "(张三)"


def test_several_marks_on_one_line_are_all_read():
    remainder, article, _report = read("(作者单位:新疆大学) [责任编辑:王五]")
    assert remainder == ""
    assert (article.editor, article.authors[0]["affiliation"]) == ("王五", "新疆大学")
