"""The one reader and the one writer of issue documents: every seed document and export reads
into the typed document, the writer gives the export back, and malformed input is one line
naming the document and the field."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from documents.reading import DocumentError, read_document, read_file
from documents.writing import document_as_json

SEED_DIR = Path(settings.SEED_DATA_DIR)
MAGAZINE = SEED_DIR / "dangyuan-zhiyou-2025-03.yaml"


@pytest.mark.parametrize("path", sorted(SEED_DIR.glob("*.yaml")), ids=lambda path: path.stem)
def test_every_seed_document_reads_and_writes_back_to_what_it_reads(path):
    [(name, document)] = read_file(path)
    written = document_as_json(document)
    again = read_document(json.loads(json.dumps(written)), name=name)
    assert again == document
    assert name == path.name and document.articles


def test_the_seed_issue_reads_as_printed():
    [(_name, document)] = read_file(MAGAZINE)
    first = document.articles[0]
    assert (first.column, first.toc_order, first.start_page) == ("卷首语", 1, 1)
    assert first.title == "促进区域协调发展 更好建设美丽新疆" and first.body
    # The 目录 order counts only the articles it lists.
    listed = [article.toc_order for article in document.articles if article.in_toc]
    assert listed == list(range(1, len(listed) + 1))
    assert str(document.issue.facts["price"]) == "6.00"


def written_seed(tmp_path, old: str, new: str) -> Path:
    """The seed document with one change, beside a link to the seed texts it names."""
    (tmp_path / "seed").mkdir()
    (tmp_path / "seeds").symlink_to(SEED_DIR.parent / "seeds")
    source = MAGAZINE.read_text(encoding="utf-8")
    assert old in source
    path = tmp_path / "seed" / "broken.yaml"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("start_page: 64\n", "start_page: sixty-four\n", "articles[35].start_page"),
        ("  year: 2025\n", "  year: [2025]\n", "issue.year"),
        ("    authors:\n", "    authors: 5\n    printed_authors:\n", "articles[0].authors"),
        ("    dateline: ''", "    dateline: [本报讯]", "articles[0].dateline: not text"),
        ("    column: 卷首语\n", "    column: 不存在的栏目\n", "articles[0].column"),
        ("  - key: p004\n", "  - key: p001\n", "articles[1].key"),
        ("    price: '6.00'", "    price: 六元", "issue.facts.price"),
        ("    price: '6.00'", "    colour: red", "issue.facts.colour"),
        ("date: 2025-03-28", "date: '2025-13-28'", "issue.publication_date: not a date"),
        ("body_lines: 1508-1514", "body_lines: 1508-9999", "body_lines: line 9999 is past"),
        ("body_lines: 1508-1514", "body_lines: 1514-1508", "body_lines: line range"),
        ("seed: seeds/001_f298dd8e9d14375d.txt", "seed: seeds/none.txt", "seed: seed text"),
        ("    people: [田进宝]", "    people: [7]", "issue.masthead[0].people[0]"),
        ("    in_toc: true\n", "    in_toc: maybe\n", "articles[0].in_toc"),
        ("    articles: [p016", "    articles: [[p016]", "issue.highlights.articles[0]"),
    ],
)
def test_a_malformed_document_is_one_line_naming_the_document_and_the_field(
    tmp_path, old, new, field
):
    path = written_seed(tmp_path, old, new)

    with pytest.raises(DocumentError) as caught:
        read_file(path)

    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("broken.yaml: ") and field in message


@pytest.mark.parametrize(
    "content",
    [
        "",
        "[1, 2]",
        "just text",
        "periodical: {slug: x}\n",
        "issue: {year: 2025}\n",
        "periodical: 5\nissue: {year: 2025}\n",
        "{periodical: {slug: x}, issue: {year: 2025}, articles: [7]}",
    ],
)
def test_what_is_no_document_at_all_is_one_line_too(tmp_path, content):
    path = tmp_path / "odd.yaml"
    path.write_text(content, encoding="utf-8")

    with pytest.raises(DocumentError) as caught:
        read_file(path)

    assert "\n" not in str(caught.value) and str(caught.value).startswith("odd.yaml")


def test_a_bad_document_of_an_export_is_named_by_its_place(tmp_path):
    good = {"periodical": {"slug": "x"}, "issue": {"year": 2025}}
    bad = {"periodical": {"slug": "x"}, "issue": {"year": "soon"}}
    path = tmp_path / "issues.json"
    export = {"format": "periodical-issues", "version": 1, "issues": [good, bad]}
    path.write_text(json.dumps(export), encoding="utf-8")

    with pytest.raises(DocumentError, match=r"^issues\.json, document 2: issue\.year: "):
        read_file(path)
