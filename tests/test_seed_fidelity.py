"""The seed data says what the print says: checked against the seed text, not against memory.

Each test reads the print's own marks from ../shared/seeds (or the byte-identical copy in
fixtures/seeds) with its own parsing, independent of the YAML transcription, and looks for
them in the database that load_seed_data filled.
"""

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

from articles.models import Article, Authorship, PhotoCredit
from catalogue.toc import build_toc
from contributors.models import Contributor, normalise_name
from issues.models import Issue

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
SHARED_SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
MAGAZINE = "001_f298dd8e9d14375d.txt"

pytestmark = pytest.mark.django_db


def seed_text(name: str = MAGAZINE) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


def squeeze(text: str) -> str:
    """Text without any white space: the print pads names and headings with spaces."""
    return re.sub(r"\s+", "", text)


def magazine_articles(seed_issue) -> list[Article]:
    return list(seed_issue.articles.all())


def test_seed_copies_are_the_shared_seed_documents():
    if not SHARED_SEEDS.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    for shared in SHARED_SEEDS.glob("*.txt"):
        copy = SEEDS / shared.name
        assert copy.exists(), f"fixtures/seeds lacks {shared.name}"
        assert (
            hashlib.sha256(copy.read_bytes()).digest()
            == hashlib.sha256(shared.read_bytes()).digest()
        )


def test_every_responsible_editor_mark_is_an_article_with_that_editor(seed_issue):
    marks = re.findall(r"[\[〔【]\s*责任编辑\s*[:：]\s*([^\]〕】]+?)\s*[\]〕】]", seed_text())
    printed = Counter(normalise_name(name) for name in marks)
    stored = Counter(
        a.responsible_editor_name
        for a in magazine_articles(seed_issue)
        if a.responsible_editor_name
    )
    assert sum(printed.values()) == 33
    assert stored == printed


def test_misprinted_editor_name_resolves_to_the_same_person(seed_issue):
    misprinted = seed_issue.articles.get(responsible_editor_name="夏琰祯")
    correct = seed_issue.articles.filter(responsible_editor_name="夏珑祯").first()
    assert misprinted.responsible_editor == correct.responsible_editor
    assert Contributor.objects.matching_name("夏琰祯").get().name == "夏珑祯"


def toc_block_lines() -> list[str]:
    """The lines of the printed 目录, from its heading to the cover line."""
    lines = seed_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("目录"))
    end = next(i for i, line in enumerate(lines) if line.startswith("封面"))
    return [line.strip() for line in lines[start + 1 : end + 1]]


def printed_toc_entries() -> list[tuple[int, str]]:
    """(page, text) per 目录 entry, the text running on over the entry's continuation lines."""
    entries = []
    for line in toc_block_lines():
        match = re.match(r"^(?:-\s*)?(\d{2})\s+(.*)$", line)
        if match:
            entries.append([int(match.group(1)), match.group(2)])
        elif entries and line:
            entries[-1][1] += line
    return [(page, squeeze(text)) for page, text in entries]


def test_every_toc_entry_is_present_with_its_page_title_and_authors(seed_issue):
    toc = build_toc(seed_issue)
    listed = {entry.page: entry for section in toc.sections for entry in section.entries}
    highlighted = {article.start_page: article.toc_heading for article in toc.highlights}
    printed = printed_toc_entries()
    assert len(printed) == len(listed) + len(highlighted) == 36
    for page, text in printed:
        assert page in listed or page in highlighted, f"目录 entry on page {page} is missing"
        title = squeeze(listed[page].title if page in listed else highlighted[page])
        assert text.startswith(title), f"page {page}: {text!r} does not start with {title!r}"
        if page not in listed:
            continue
        byline = text[len(title) :]
        for author in listed[page].authors:
            assert author.credited_name in byline, (
                f"page {page}: {author.credited_name} not in {byline!r}"
            )
        if listed[page].authors:
            last = listed[page].authors[-1].credited_name
            after_last = byline[byline.index(last) + len(last) :]
            assert listed[page].and_others == after_last.startswith("等")


def test_toc_sections_are_the_printed_column_headings_in_order(seed_issue):
    headings = [squeeze(line) for line in toc_block_lines()]
    sections = [squeeze(section.column.name) for section in build_toc(seed_issue).sections]
    positions = [headings.index(name) for name in sections]
    assert positions == sorted(positions)
    assert len(sections) == 16


def test_highlights_are_the_printed_block_in_order(seed_issue):
    lines = toc_block_lines()
    block = lines[
        lines.index("本期看点") : next(
            i for i, line in enumerate(lines) if line.startswith("(以上看点")
        )
    ]
    printed_pages = [
        int(m.group(1)) for m in (re.match(r"^(\d{2})\s", line) for line in block) if m
    ]
    stored_pages = [article.start_page for article in build_toc(seed_issue).highlights]
    assert stored_pages == printed_pages == [16, 18, 20, 44, 46]
    assert seed_issue.highlights_heading == next(line for line in block[1:] if line)


def test_masthead_people_and_facts_are_as_printed(seed_issue):
    text = seed_text()
    masthead_lines = [squeeze(line) for line in text.splitlines()]
    for entry in seed_issue.masthead_entries.select_related("role"):
        line = next((row for row in masthead_lines if row.startswith(entry.role.name)), None)
        assert line is not None, f"role {entry.role.name} not printed"
        assert entry.credited_name in line
        if entry.note:
            assert f"({entry.note})" in line
    assert seed_issue.masthead_entries.count() == 8
    for fact in ("address", "phone", "postcode", "email", "printer"):
        assert getattr(seed_issue, fact) and getattr(seed_issue, fact) in text
    assert f"定价{seed_issue.price}元" in squeeze(text)
    assert f"每月{seed_issue.publication_day}日" in squeeze(text)
    assert f"ISSN {seed_issue.periodical.issn}" in text
    assert f"CN {seed_issue.periodical.cn}" in text
    assert f"总第{seed_issue.cumulative_number}期" in text


def test_barcode_derived_from_issn_and_issue_is_the_printed_one(seed_issue):
    printed = squeeze("".join(seed_text().splitlines()[:30]))
    barcode = seed_issue.barcode
    assert barcode["ean13"] in printed
    assert printed.index(barcode["ean13"]) < printed.index(
        barcode["addon"], printed.index(barcode["ean13"])
    )


def printed_photo_credits(text: str) -> Counter:
    """Names of every …/摄 credit (□新华社记者 燕 雁/摄 -> 燕雁) and every …供图 supplier."""
    names = Counter()
    for line in text.splitlines():
        if "□" in line:
            for credit in re.findall(r"□([^□]*?)/摄", line):
                names[normalise_name(re.sub(r"^.*?记者", "", credit))] += 1
        else:
            names.update(re.findall(r"(\S+)/摄", line))
        supplied = re.fullmatch(r"\s*(\S+)供图\s*", line)
        if supplied:
            names[supplied.group(1)] += 1
    return names


def test_every_photo_credit_is_stored_with_the_printed_name(seed_issue):
    stored = Counter(
        p.credited_name
        for p in PhotoCredit.objects.filter(article__issue=seed_issue).exclude(credited_name="")
    ) + Counter(p.credited_name for p in seed_issue.photo_credits.exclude(credited_name=""))
    printed = printed_photo_credits(seed_text())
    assert stored == printed
    cover = seed_issue.photo_credits.get(on_cover=True)
    assert (cover.credited_name, cover.caption) == ("赵登文", seed_issue.cover_caption)
    xinhua = seed_issue.photo_credits.get(credited_name="燕雁")
    assert (xinhua.agency, xinhua.credited_title, xinhua.credit_line) == (
        "新华社",
        "记者",
        "新华社记者 燕雁/摄",
    )


def test_every_affiliation_source_and_reprint_mark_is_stored(seed_issue):
    text = seed_text()
    articles = magazine_articles(seed_issue)
    affiliations = set(
        Authorship.objects.filter(article__issue=seed_issue).values_list("affiliation", flat=True)
    )
    for printed in re.findall(r"[（(]作者单位\s*[:：]\s*(.+?)[)）]", text):
        assert printed.strip() in affiliations
    sources = " ".join(a.source_org for a in articles)
    for printed in re.findall(r"[（(]([^()（）]+?)供稿[)）]", text):
        assert squeeze(printed) in squeeze(sources)
    reprints = {a.reprinted_from for a in articles}
    for printed in re.findall(r"(?:摘自|据)《?([^》()（）]+?)》?[)）]", text):
        assert printed in reprints, printed


def test_no_paragraph_of_the_print_is_lost(seed_issue):
    """Every long line of the seed text is in some article body or caption: nothing dropped."""
    stored = squeeze(
        " ".join(a.body for a in magazine_articles(seed_issue))
        + " ".join(
            PhotoCredit.objects.filter(article__issue=seed_issue).values_list("caption", flat=True)
        )
        + " ".join(seed_issue.photo_credits.values_list("caption", flat=True))
    )
    # Credits after □ and closing marks in brackets have fields of their own (tested above);
    # the copyright-agency notice belongs to no article.
    paragraphs = [squeeze(line.split("□")[0]) for line in seed_text().splitlines()]
    missing = [
        paragraph[:30]
        for paragraph in paragraphs
        if len(paragraph) > 60
        and paragraph not in stored
        and not paragraph.startswith(("(", "（", "本刊部分转载"))
    ]
    assert missing == []


def test_facts_the_print_does_not_give_stay_empty(seed_issue):
    assert seed_issue.periodical.name_pinyin == ""
    assert all(a.end_page is None for a in magazine_articles(seed_issue))
    unpaged = seed_issue.articles.filter(start_page__isnull=True)
    assert [a.title for a in unpaged] == [
        "《习近平总书记关于党的建设的重要思想概论》 出版座谈会在北京召开"
    ]


class TestNewspaperPages:
    def test_dated_edition_of_the_provincial_daily_is_page_6_special(self):
        issue = Issue.objects.get(periodical__slug="newspaper-provincial")
        assert issue.publication_date.isoformat() == "2020-01-09"
        assert issue.periodical.name == "" and issue.periodical.kind == "newspaper"
        assert {(a.column.name, a.start_page) for a in issue.articles.all()} == {("专版", 6)}
        assert issue.phone and issue.phone in seed_text("003_82417b588e39541c.txt")

    def test_editions_whose_date_is_not_printed_have_none(self):
        for slug, year in (("newspaper-bole", 2025), ("newspaper-korla", 2026)):
            issue = Issue.objects.get(periodical__slug=slug)
            assert (issue.year, issue.publication_date, issue.number) == (year, None, None)

    @pytest.mark.parametrize(
        ("seed", "role", "name"),
        [
            ("000_7f510902bdba9185.txt", "reporter", "阿曼·景克斯"),
            ("000_7f510902bdba9185.txt", "reporter", "刘超"),
            ("002_448007ab886ecb18.txt", "reporter", "袁海军"),
            ("002_448007ab886ecb18.txt", "reporter", "廖军"),
            ("002_448007ab886ecb18.txt", "correspondent", "秦毅"),
            ("002_448007ab886ecb18.txt", "producer", "巴音郭楞蒙古自治州纪委监委网站"),
        ],
    )
    def test_bylines_keep_reporters_and_correspondents(self, seed, role, name):
        assert name in squeeze(seed_text(seed))
        assert Authorship.objects.filter(role=role, credited_name=name).exists()

    def test_newspaper_photo_credit_and_reprint(self):
        photo = PhotoCredit.objects.get(credited_name="楠登")
        assert (photo.credited_title, photo.kind) == ("记者", PhotoCredit.Kind.TAKEN)
        assert Article.objects.filter(
            issue__periodical__slug="newspaper-bole", reprinted_from="新华社"
        ).exists()
        uncredited = PhotoCredit.objects.filter(
            article__issue__periodical__slug="newspaper-provincial"
        )
        assert uncredited.count() == 5 and not uncredited.exclude(credited_name="").exists()
