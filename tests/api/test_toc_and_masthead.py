"""Contract: the 目录 and masthead of 2025·3 through the API are the printed ones.

The expectations are read from the print (fixtures/seeds), with the same parsing the seed
fidelity tests use, not from the YAML transcription or the database.
"""

import re

import pytest

from tests.test_seed_fidelity import printed_toc_entries, seed_text, squeeze, toc_block_lines

pytestmark = pytest.mark.django_db

NATURAL_KEY = "/api/v1/periodicals/dangyuan-zhiyou/issues/2025/3/"


def test_toc_has_the_contract_shape(api, seed_issue):
    toc = api.get(NATURAL_KEY + "toc/").json()
    assert {"issue", "sections", "highlights"} <= set(toc)
    assert {"id", "periodical", "year", "number", "cumulative_number", "publication_date"} <= set(
        toc["issue"]
    )
    assert toc["issue"]["id"] == seed_issue.pk
    assert (toc["issue"]["year"], toc["issue"]["number"]) == (2025, 3)
    assert toc["issue"]["cumulative_number"] == 344
    assert toc["issue"]["publication_date"] == "2025-03-28"
    section = toc["sections"][0]
    assert set(section["column"]) >= {"id", "name"}
    entry = section["entries"][0]
    assert {"article", "page", "title", "subtitle", "authors", "and_others"} <= set(entry)
    assert set(entry["authors"][0]) >= {"id", "name"}
    assert {"article", "page", "title"} <= set(toc["highlights"][0])


def test_toc_entries_are_the_printed_ones_in_printed_order(api, seed_issue):
    toc = api.get(f"/api/v1/issues/{seed_issue.pk}/toc/").json()
    entries = [entry for section in toc["sections"] for entry in section["entries"]]
    highlight_pages = {item["page"] for item in toc["highlights"]}
    printed = [(page, text) for page, text in printed_toc_entries() if page not in highlight_pages]
    assert [entry["page"] for entry in entries] == [page for page, _text in printed]
    assert len(entries) + len(toc["highlights"]) == 36
    for entry, (page, text) in zip(entries, printed, strict=True):
        title = squeeze(entry["title"])
        assert text.startswith(title), f"page {page}: {text!r} is not {title!r}…"
        byline = text[len(title) :]
        if entry["subtitle"]:
            assert squeeze(entry["subtitle"]) in byline
        names = [author["name"] for author in entry["authors"]]
        positions = [byline.index(name) for name in names]
        assert positions == sorted(positions), f"page {page}: authors out of order"
        if names:
            after_last = byline[positions[-1] + len(names[-1]) :]
            assert entry["and_others"] == after_last.startswith("等")


def test_toc_sections_are_the_printed_columns(api, seed_issue):
    toc = api.get(NATURAL_KEY + "toc/").json()
    headings = [squeeze(line) for line in toc_block_lines()]
    names = [squeeze(section["column"]["name"]) for section in toc["sections"]]
    positions = [headings.index(name) for name in names]
    assert positions == sorted(positions) and len(names) == 16


def test_toc_highlights_are_the_printed_block(api, seed_issue):
    toc = api.get(NATURAL_KEY + "toc/").json()
    assert [item["page"] for item in toc["highlights"]] == [16, 18, 20, 44, 46]
    printed = dict(printed_toc_entries())
    for item in toc["highlights"]:
        assert printed[item["page"]].startswith(squeeze(item["title"]))
    assert toc["issue"]["highlights_heading"] == "统筹区域协调发展"


def test_toc_authors_are_contributors_of_the_api(api, seed_issue):
    toc = api.get(NATURAL_KEY + "toc/").json()
    author = toc["sections"][0]["entries"][0]["authors"][0]
    contributor = api.get(f"/api/v1/contributors/{author['id']}/").json()
    assert contributor["name"] == author["name"] == "辛组研"


def masthead_rows() -> list[str]:
    return [squeeze(line) for line in seed_text().splitlines()]


def test_masthead_is_the_printed_one(api, seed_issue):
    masthead = api.get(NATURAL_KEY + "masthead/").json()
    text = squeeze(seed_text())
    periodical = masthead["periodical"]
    assert periodical["name"] == "党员之友"
    assert f"ISSN{periodical['issn']}" in text and f"CN{periodical['cn']}" in text
    for fact in ("slogan", "supervisor", "sponsor", "publisher", "address", "phone", "email"):
        assert periodical[fact] and squeeze(periodical[fact]) in text, fact
    assert periodical["postcode"] == "830002" and periodical["postcode"] in text
    assert f"定价{periodical['price']}元" in text
    assert f"每月{periodical['publication_day']}日" in text
    assert periodical["printer"] in text
    assert periodical["name_pinyin"] == ""  # the print gives none: left empty, not invented

    rows = masthead_rows()
    roles = masthead["roles"]
    assert [role["role"] for role in roles] == [
        "社长",
        "副社长",
        "编辑部主任",
        "值班编辑",
        "美术统筹",
        "版式设计",
    ]
    for role in roles:
        line = next(row for row in rows if row.startswith(role["role"]))
        names = [person["name"] for person in role["people"]]
        assert [line.index(name) for name in names] == sorted(line.index(n) for n in names)
        if role["note"]:
            assert f"({role['note']})" in line
    assert [p["name"] for p in roles[-1]["people"]] == ["王新萍", "宋佳", "柳高鹤"]
    assert roles[1]["note"] == "执行主编"


def test_masthead_cover_and_barcode_are_the_printed_ones(api, seed_issue):
    masthead = api.get(NATURAL_KEY + "masthead/").json()
    cover = masthead["cover"]
    assert cover["caption"] == "新疆阿克陶县塔尔塔吉克民族乡杏花绽放"
    assert cover["photographer"]["name"] == "赵登文"
    assert isinstance(cover["photographer"]["id"], int)
    assert cover["image"] is None  # no cover image uploaded in the seed
    printed = squeeze("".join(seed_text().splitlines()[:30]))
    assert masthead["barcode"]["ean13"] == "9772096746254"
    assert masthead["barcode"]["ean13"] in printed
    assert masthead["barcode"]["addon"] == "03"
    assert re.search(r"03", printed)


def test_natural_key_and_id_give_the_same_issue(api, seed_issue):
    by_key = api.get(NATURAL_KEY).json()
    by_id = api.get(f"/api/v1/issues/{seed_issue.pk}/").json()
    assert by_key == by_id
    assert by_id["label"] == "2025年第3期"
    assert by_id["toc_url"].endswith(f"/api/v1/issues/{seed_issue.pk}/toc/")


def test_unknown_natural_key_is_404(api, seed_issue):
    assert api.get("/api/v1/periodicals/dangyuan-zhiyou/issues/2025/13/").status_code == 404
    assert api.get("/api/v1/periodicals/nobody/issues/2025/3/toc/").status_code == 404


def test_json_is_utf8_without_escapes(api, seed_issue):
    response = api.get(NATURAL_KEY + "toc/")
    assert response["Content-Type"].startswith("application/json")
    assert "杏花绽放".encode() in response.content
    assert b"\\u" not in response.content
