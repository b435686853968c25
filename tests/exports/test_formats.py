"""What the exports show: the seed issue in Chinese, guarded cells, both sheets, oai_dc records,
and a number of queries per issue that does not grow with the issue."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree
from openpyxl import load_workbook

from exports.services import export_chunks, issues_for_export
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    IssueFactory,
    MastheadEntryFactory,
    PhotoCreditFactory,
    unrecorded,
)

pytestmark = pytest.mark.django_db

NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def exported(format_name, issues) -> bytes:
    return b"".join(export_chunks(format_name, issues, base_url="https://example.org/"))


def seed_csv(seed_issue) -> list[dict]:
    content = exported("csv", issues_for_export(issue_ids=[seed_issue.pk]))
    assert content.startswith("\ufeff".encode())  # what makes Excel read it as UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_shows_the_seed_issue_in_chinese(seed_issue):
    rows = seed_csv(seed_issue)
    first = rows[0]
    assert first["刊名"] == "党员之友" and first["期号"] == "2025年第3期"
    assert first["总期号"] == "总第344期" and first["出版日期"] == "2025-03-28"
    assert (first["栏目"], first["页码"], first["标题"]) == (
        "卷首语",
        "1",
        "促进区域协调发展 更好建设美丽新疆",
    )
    assert (first["作者"], first["责任编辑"], first["状态"]) == ("辛组研", "杨佩佩", "已发布")
    by_title = {row["标题"]: row for row in rows}
    regional = by_title["以区域协调发展推进中国式现代化"]
    assert regional["作者"] == "张学良、杨羊"
    # One affiliation per author, in the same order.
    assert len(regional["作者单位"].split("；")) == 2
    assert any(row["责任编辑"] == "夏琰祯" for row in rows)  # the misprint, as printed
    assert any(row["图片署名"].endswith("/摄") for row in rows)
    assert any(row["摘自"] == "人民日报" for row in rows)
    assert [int(row["文章ID"]) for row in rows] == list(
        seed_issue.articles.in_toc_order().values_list("pk", flat=True)
    )


def test_a_cell_excel_would_run_as_a_formula_is_text(seed_issue):
    seed_issue.articles.filter(start_page=1).update(title='=HYPERLINK("http://x")')
    [row] = [row for row in seed_csv(seed_issue) if row["页码"] == "1"]
    assert row["标题"] == '\'=HYPERLINK("http://x")'


def test_xlsx_has_the_issues_with_their_masthead_and_the_articles(seed_issue):
    issues = issues_for_export(periodical=seed_issue.periodical)
    IssueFactory(periodical=seed_issue.periodical, year=2025, number=4)  # no masthead yet
    workbook = load_workbook(io.BytesIO(exported("xlsx", issues)))

    masthead = list(workbook["期次与版权"].values)
    header = masthead[0]
    rows = [dict(zip(header, row, strict=True)) for row in masthead[1:]]
    entries = [row for row in rows if row["期号"] == "2025年第3期"]
    assert [(row["职务"], row["姓名"]) for row in entries][:2] == [
        ("社长", "田进宝"),
        ("副社长", "王伟"),
    ]
    assert {row["ISSN"] for row in entries} == {"2096-7462"}
    assert entries[0]["定价(元)"] == 6 and entries[0]["印刷装订"] == "新疆新华印务有限责任公司"
    assert entries[0]["封面图片署名"] == "赵登文/摄"
    [empty] = [row for row in rows if row["期号"] == "2025年第4期"]
    assert empty["职务"] is None  # an issue without masthead still has its row

    articles = list(workbook["文章"].values)
    assert len(articles) == 1 + 37
    assert articles[1][articles[0].index("标题")] == "促进区域协调发展 更好建设美丽新疆"


def test_xml_is_an_oai_pmh_list_of_dublin_core_records(seed_issue):
    root = etree.fromstring(exported("xml", issues_for_export(issue_ids=[seed_issue.pk])))

    assert root.tag == "{http://www.openarchives.org/OAI/2.0/}OAI-PMH"
    assert root.xpath("oai:responseDate/text()", namespaces=NS)[0].endswith("Z")
    assert root.xpath("oai:request/@verb", namespaces=NS) == ["ListRecords"]
    assert root.xpath("oai:request/@metadataPrefix", namespaces=NS) == ["oai_dc"]
    records = root.xpath("oai:ListRecords/oai:record", namespaces=NS)
    articles = list(seed_issue.articles.in_toc_order().prefetch_related("authorships"))
    assert len(records) == len(articles) == 37
    for record, article in zip(records, articles, strict=True):
        header = record.find("oai:header", NS)
        assert header.findtext("oai:identifier", namespaces=NS) == (
            f"oai:localhost:article/{article.pk}"
        )
        assert header.findtext("oai:setSpec", namespaces=NS) == "dangyuan-zhiyou"
        dc = record.find("oai:metadata/oai_dc:dc", NS)
        creators = [e.text for e in dc.findall("dc:creator", NS)]
        assert creators == [a.credited_name for a in article.authorships.all()]
        assert dc.findtext("dc:date", namespaces=NS) == "2025-03-28"
        assert dc.findtext("dc:language", namespaces=NS) == "zh"
        assert f"https://example.org/api/v1/articles/{article.pk}/" in [
            e.text for e in dc.findall("dc:identifier", NS)
        ]
        # Only Dublin Core's fifteen elements inside oai_dc:dc.
        assert {etree.QName(e).namespace for e in dc} == {NS["dc"]}
    first = records[0].find("oai:metadata/oai_dc:dc", NS)
    assert first.findtext("dc:title", namespaces=NS) == "促进区域协调发展 更好建设美丽新疆"
    assert first.findtext("dc:subject", namespaces=NS) == "卷首语"
    assert first.findtext("dc:contributor", namespaces=NS) == "杨佩佩"
    assert first.findtext("dc:source", namespaces=NS) == (
        "《党员之友》2025年第3期（总第344期）第1页 ISSN 2096-7462"
    )
    datestamp = records[0].findtext("oai:header/oai:datestamp", namespaces=NS)
    assert len(datestamp) == 20 and datestamp.endswith("Z")


def test_xml_without_any_article_is_the_protocols_no_records_match(seed_issue):
    root = etree.fromstring(exported("xml", issues_for_export(issue_ids=[0])))
    assert root.xpath("oai:ListRecords", namespaces=NS) == []
    assert root.xpath("oai:error/@code", namespaces=NS) == ["noRecordsMatch"]


@unrecorded()
def issue_with(articles: int):
    issue = IssueFactory(year=2030, number=articles)
    for _ in range(articles):
        article = ArticleFactory(issue=issue)
        AuthorshipFactory.create_batch(3, article=article)
        PhotoCreditFactory.create_batch(2, article=article)
    MastheadEntryFactory.create_batch(articles, issue=issue)
    return issue


@pytest.mark.parametrize("format_name", ["csv", "xlsx", "json", "xml"])
def test_queries_per_issue_do_not_grow_with_the_issue(format_name):
    def queries(issue) -> int:
        with CaptureQueriesContext(connection) as captured:
            exported(format_name, issues_for_export(issue_ids=[issue.pk]))
        return len(captured)

    small, large = issue_with(1), issue_with(12)
    assert queries(large) == queries(small) <= 12


@pytest.mark.parametrize("format_name", ["csv", "xlsx"])
def test_the_spreadsheets_read_articles_for_many_issues_at_once(format_name):
    """A spreadsheet reads its article rows as plain values for a chunk of issues with three
    queries, not three per issue: twenty issues cost what one does (the masthead sheet of
    the workbook still reads each issue's masthead)."""

    def queries(issues) -> int:
        with CaptureQueriesContext(connection) as captured:
            exported(format_name, issues_for_export(issue_ids=[issue.pk for issue in issues]))
        return len(captured)

    one = [issue_with(2)]
    many = [issue_with(2) for _ in range(19)]
    extra_per_issue = 2 if format_name == "xlsx" else 0  # masthead entries and the cover credit
    assert queries(one + many) == queries(one) + extra_per_issue * len(many)
