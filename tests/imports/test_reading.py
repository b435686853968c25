"""Reading print text: the seed issue and our own layout variations against hand-checked records.

The expected records are seed documents written by hand from each text (the seed fixture for
2025·3; tests/imports/layouts/*.yaml for the variations, see their README).
"""

from pathlib import Path

import pytest

from documents.reading import read_file
from imports.measure import FIELDS, score, unexplained
from imports.parsing import NotAnIssue, parse_issue, read_issue_text
from imports.report import Kind
from periodical.models import Periodical

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT / "fixtures/seeds/001_f298dd8e9d14375d.txt"
SEED_RECORDS = ROOT / "fixtures/seed/dangyuan-zhiyou-2025-03.yaml"
LAYOUTS = ROOT / "tests/imports/layouts"


def magazine() -> Periodical:
    """《党员之友》 as the seed gives it, unsaved: reading a text needs no database."""
    return Periodical(slug="dangyuan-zhiyou", name="党员之友", kind="magazine", frequency="monthly")


def read(path: Path):
    return parse_issue(path.read_text(encoding="utf-8"), periodical=magazine())


def read_typed(path: Path):
    return read_issue_text(path.read_text(encoding="utf-8"), periodical=magazine())


CASES = [(SEED_TEXT, SEED_RECORDS)] + [
    (text, text.with_suffix(".yaml")) for text in sorted(LAYOUTS.glob("*.txt"))
]


FLOOR = 0.98  # precision and recall, each field, every text


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[case[0].stem for case in CASES])
def test_every_field_is_read_as_printed(text, expected):
    document, _report = read_typed(text)
    [(_name, wanted)] = read_file(expected)
    below = {
        FIELDS[result.field]: (
            f"precision {result.precision:.1%}, recall {result.recall:.1%}",
            result.missing,
            result.extra,
        )
        for result in score(wanted, document)
        if result.precision < FLOOR or result.recall < FLOOR
    }
    assert below == {}


def test_the_seed_issue_differs_from_its_fixture_only_where_the_report_says():
    document, report = read_typed(SEED_TEXT)
    [(_name, wanted)] = read_file(SEED_RECORDS)
    assert unexplained(wanted, document, report) == []


def test_the_seed_issue_front_matter():
    document, _report = read(SEED_TEXT)
    issue = document["issue"]
    assert (issue["year"], issue["number"], issue["cumulative_number"]) == (2025, 3, 344)
    assert issue["publication_date"] == "2025-03-28"
    assert issue["facts"]["price"] == "6.00" and issue["facts"]["publication_day"] == 28
    assert issue["masthead"][1] == {"role": "副社长", "people": ["王伟"], "note": "执行主编"}
    assert issue["masthead"][-1]["people"] == ["王新萍", "宋佳", "柳高鹤"]
    assert issue["highlights"]["articles"] == ["p016", "p018", "p020", "p044", "p046"]
    cover = issue["photos"][0]
    assert cover["on_cover"] and cover["credit"]["name"] == "赵登文"


def test_the_report_names_what_the_print_leaves_open():
    _document, report = read(SEED_TEXT)
    by_kind = {}
    for item in report.items:
        by_kind.setdefault(item.kind, []).append(item)
    without_editor = sorted(
        item.article.split(" ")[0] for item in by_kind[Kind.ARTICLE_WITHOUT_EDITOR]
    )
    assert without_editor == ["p.11", "p.38", "p.6", "p.7"]
    assert [item.article for item in by_kind[Kind.ARTICLE_NOT_IN_TOC]] == [
        "《习近平总书记关于党的建设的重要思想概论》 出版座谈会在北京召开"
    ]
    differing = {item.article.split(" ")[0] for item in by_kind[Kind.TITLE_DIFFERS]}
    assert {"p.7", "p.24", "p.29", "p.63"} <= differing
    # The royalty notice and its Beijing address are reported as a notice, not taken for the
    # magazine's address.
    assert any("北京市西城区" in item.text for item in by_kind[Kind.NOTICE])
    assert "北京" not in _document["issue"]["facts"]["address"]


def test_the_caption_label_under_a_title_is_no_byline():
    document, _report = read(SEED_TEXT)
    articles = {article["key"]: article for article in document["articles"]}
    assert articles["p054"]["authors"] == []  # 望宇 names a picture
    assert articles["p004"]["authors"] == []  # 习近平 over his titles is a portrait label
    assert [a["name"] for a in articles["p047"]["authors"]] == ["蒲巧英"]  # run into the title


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n", "本报博乐讯 今天天气晴。\n\n记者 张三\n"],
    ids=["empty", "blank", "not-an-issue"],
)
def test_a_text_that_is_no_issue_is_refused_with_a_reason(text):
    with pytest.raises(NotAnIssue) as refused:
        parse_issue(text, periodical=magazine())
    assert str(refused.value)


def test_a_newspaper_page_is_not_an_issue():
    page = (ROOT / "fixtures/seeds/000_7f510902bdba9185.txt").read_text(encoding="utf-8")
    with pytest.raises(NotAnIssue):
        parse_issue(page, periodical=magazine())
