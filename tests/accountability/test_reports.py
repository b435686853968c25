"""The accountability read models, their admin pages, downloads and API (accountability/)."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accountability.reports import (
    issue_checklist,
    masthead_role_report,
    responsible_editor_report,
)
from articles.models import Article, PhotoCredit
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ColumnFactory,
    ContributorFactory,
    HighlightFactory,
    IssueFactory,
    MastheadEntryFactory,
    MastheadRoleFactory,
    PeriodicalFactory,
    PhotoCreditFactory,
    unrecorded,
)

pytestmark = pytest.mark.django_db


# --- building issues -------------------------------------------------------------------------


def good_article(issue, *, start_page, end_page=None, **fields):
    """An article that passes every check: editor, author, body, a credited photo."""
    article = ArticleFactory(
        issue=issue,
        start_page=start_page,
        end_page=end_page,
        responsible_editor=fields.pop("responsible_editor", None) or ContributorFactory(),
        body=fields.pop("body", "正文。"),
        **fields,
    )
    AuthorshipFactory(article=article)
    PhotoCreditFactory(article=article)
    return article


@pytest.fixture
def good_issue():
    """Two articles on pages 2-3 and 4, a credited cover photo and an archive photo."""
    issue = IssueFactory(status="draft")
    good_article(issue, start_page=2, end_page=3)
    HighlightFactory(article=good_article(issue, start_page=4))
    PhotoCreditFactory(article=None, issue=issue, on_cover=True)
    PhotoCreditFactory(
        article=None,
        issue=issue,
        kind=PhotoCredit.Kind.ARCHIVE,
        photographer=None,
        credited_name="",
    )
    return issue


def failing(issue) -> dict[str, list]:
    """The checks of `issue` that fail, by code, with their items."""
    return {check.code: check.items for check in issue_checklist(issue).checks if not check.passed}


# --- the checklist ---------------------------------------------------------------------------


def test_a_complete_issue_passes_every_check(good_issue):
    checklist = issue_checklist(good_issue)
    assert [check.code for check in checklist.checks] == [
        "no_responsible_editor",
        "no_author_or_source",
        "photo_without_credit",
        "toc_entry_without_article",
        "toc_entry_without_page",
        "overlapping_pages",
        "reviews_missing",
        "no_review_record",
    ]
    assert failing(good_issue) == {}
    assert checklist.passed and checklist.problem_count == 0
    assert all(check.title and check.rule for check in checklist.checks)


def test_article_without_responsible_editor(good_issue):
    article = good_article(good_issue, start_page=5)
    Article.objects.filter(pk=article.pk).update(responsible_editor=None)
    printed = good_article(good_issue, start_page=6)
    Article.objects.filter(pk=printed.pk).update(
        responsible_editor=None, responsible_editor_name="某编辑"
    )
    items = failing(good_issue)["no_responsible_editor"]
    assert [(item.article_id, item.pages) for item in items] == [
        (article.pk, "5"),
        (printed.pk, "6"),
    ]
    assert "某编辑" in items[1].detail
    assert list(failing(good_issue)) == ["no_responsible_editor"]


def test_article_without_author_or_source(good_issue):
    unsigned = good_article(good_issue, start_page=5)
    unsigned.authorships.all().delete()
    # A pen name is an author, 供稿 or 摘自 alone is a source, any byline role counts.
    pen_name = good_article(good_issue, start_page=6)
    pen_name.authorships.update(contributor=ContributorFactory(name="辛组研", kind="pen_name"))
    for fields in ({"source_org": "自治区水利厅"}, {"reprinted_from": "人民日报"}):
        good_article(good_issue, start_page=7, **fields).authorships.all().delete()
    reporter = good_article(good_issue, start_page=8)
    reporter.authorships.update(role="reporter")
    # A part continued from another page answers through its first part.
    good_article(
        good_issue, start_page=9, title="", continuation_pages="4"
    ).authorships.all().delete()

    items = failing(good_issue)["no_author_or_source"]
    assert [item.article_id for item in items] == [unsigned.pk]
    assert list(failing(good_issue)) == ["no_author_or_source"]


def test_photo_credits_count_only_photos(good_issue):
    """A photo credit answers for the photo, not the text: an unsigned photo page is listed."""
    spread = good_article(good_issue, start_page=5)
    spread.authorships.all().delete()
    assert spread.photo_credits.exclude(credited_name="").exists()
    assert [item.article_id for item in failing(good_issue)["no_author_or_source"]] == [spread.pk]


def test_photos_without_credit_in_articles_and_on_the_issue(good_issue):
    article = good_issue.articles.order_by("start_page").first()
    in_article = PhotoCreditFactory(article=article, photographer=None, credited_name="")
    cover = PhotoCreditFactory(
        article=None, issue=good_issue, on_cover=True, photographer=None, credited_name=" "
    )
    page = PhotoCreditFactory(article=None, issue=good_issue, photographer=None, credited_name="")
    # An agency without a name is no credit; an archive photo needs none.
    agency_only = PhotoCreditFactory(
        article=article, photographer=None, credited_name="", agency="新华社"
    )
    PhotoCreditFactory(article=article, kind="archive", photographer=None, credited_name="")
    PhotoCreditFactory(article=article, kind="supplied", photographer=None, credited_name="某公司")

    items = failing(good_issue)["photo_without_credit"]
    assert {item.photo_id for item in items} == {in_article.pk, cover.pk, page.pk, agency_only.pk}
    by_photo = {item.photo_id: item for item in items}
    assert by_photo[in_article.pk].article_id == article.pk
    assert by_photo[in_article.pk].pages == "2-3"
    assert by_photo[cover.pk].article_id is None and by_photo[cover.pk].on_cover
    assert by_photo[page.pk].article_id is None and not by_photo[page.pk].on_cover
    assert list(failing(good_issue)) == ["photo_without_credit"]


def test_toc_entries_without_an_article(good_issue):
    empty = good_article(good_issue, start_page=5, body="  \n")
    empty.photo_credits.all().delete()
    # A picture spread with photos but no text is held; an article outside the 目录 is not an
    # entry; a 本期看点 article is one, with or without a column.
    spread = good_article(good_issue, start_page=6, body="")
    unlisted = good_article(good_issue, start_page=7, body="", toc_order=None)
    unlisted.photo_credits.all().delete()
    highlight = good_article(good_issue, start_page=8, body="", toc_order=None, column=None)
    highlight.photo_credits.all().delete()
    HighlightFactory(article=highlight)

    items = failing(good_issue)["toc_entry_without_article"]
    assert [item.article_id for item in items] == [empty.pk, highlight.pk]
    assert spread.pk not in [item.article_id for item in items]
    assert list(failing(good_issue)) == ["toc_entry_without_article"]


def test_toc_entries_without_a_page(good_issue):
    listed = good_article(good_issue, start_page=None)
    good_article(good_issue, start_page=None, toc_order=None)  # not in the 目录
    assert [item.article_id for item in failing(good_issue)["toc_entry_without_page"]] == [
        listed.pk
    ]
    assert list(failing(good_issue)) == ["toc_entry_without_page"]


def overlaps(issue) -> set[tuple[str, str, str]]:
    return {
        (item.pages, item.other_pages, item.shared_pages)
        for item in failing(issue).get("overlapping_pages", [])
    }


@pytest.mark.parametrize(
    ("first", "second", "shared"),
    [
        ({"start_page": 10, "end_page": 13}, {"start_page": 11}, "11"),  # starts inside
        ({"start_page": 10, "end_page": 12}, {"start_page": 9, "end_page": 11}, "10, 11"),
        ({"start_page": 10, "end_page": 11}, {"start_page": 10, "end_page": 11}, "10, 11"),
        ({"start_page": 10, "end_page": 12}, {"start_page": 7, "continuation_pages": "11"}, "11"),
    ],
    ids=["starts-on-a-filled-page", "ranges-cross", "both-run-on-from-10", "continued-into-it"],
)
def test_pages_that_overlap(first, second, shared):
    issue = IssueFactory()
    good_article(issue, **first)
    good_article(issue, **second)
    assert {item[2] for item in overlaps(issue)} == {shared}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"start_page": 10, "end_page": 12}, {"start_page": 12, "end_page": 13}),  # ends, starts
        ({"start_page": 22}, {"start_page": 22}),  # short pieces on one page
        ({"start_page": 22, "end_page": 23}, {"start_page": 22}),  # a box on the first page
        ({"start_page": 4, "continuation_pages": "9"}, {"start_page": 7, "end_page": 9}),
        (
            {"start_page": 10, "end_page": 12},
            {"start_page": 30, "title": "", "continuation_pages": "11"},
        ),
    ],
    ids=["consecutive", "same-page", "same-first-page", "continued-on-a-last-page", "上接"],
)
def test_pages_that_may_be_shared(first, second):
    issue = IssueFactory()
    good_article(issue, **first)
    good_article(issue, **second)
    assert overlaps(issue) == set()


def test_overlap_names_both_articles():
    issue = IssueFactory()
    long = good_article(issue, start_page=10, end_page=13)
    inside = good_article(issue, start_page=12)
    [item] = failing(issue)["overlapping_pages"]
    assert {item.article_id, item.other_article_id} == {long.pk, inside.pk}
    assert item.shared_pages == "12"


def test_checklist_of_the_seed_issue(seed_issue):
    """What fixtures/seed/dangyuan-zhiyou-2025-03.yaml records for 2025·3, and nothing else."""
    checks = failing(seed_issue)
    assert set(checks) == {"no_responsible_editor", "no_author_or_source", "photo_without_credit"}
    # No [责任编辑] mark: the two unsourced reports (pp. 6, 7), the p.11 theory article, and
    # 榜样的力量 (p.38), whose video items close with 供稿 marks only.
    assert [item.pages for item in checks["no_responsible_editor"]] == ["6", "7", "11", "38"]
    assert checks["no_responsible_editor"][3].title == "榜样的力量"
    # No byline, 供稿 or 摘自: the two reports, and the picture spreads of pp. 36 and 58.
    assert [item.pages for item in checks["no_author_or_source"]] == ["6", "7", "36", "58"]
    # The 高端时论 portrait (p.4, continued on p.9) and the eleven spacecraft pictures of p.54;
    # the archive photo of p.62 and the cover by 赵登文 are credited.
    photos = checks["photo_without_credit"]
    assert [(item.pages, item.caption) for item in photos[:2]] == [
        ("4, 9", "习近平 中共中央总书记 国家主席 中央军委主席"),
        ("54", "望宇"),
    ]
    assert [item.pages for item in photos].count("54") == 11
    assert len(photos) == 12


# --- the reports -----------------------------------------------------------------------------


@pytest.fixture
def two_issues():
    """A periodical with issues of January and March 2024 and one with no date."""
    periodical = PeriodicalFactory()
    january = IssueFactory(
        periodical=periodical, year=2024, number=1, publication_date=datetime.date(2024, 1, 28)
    )
    march = IssueFactory(
        periodical=periodical,
        year=2024,
        number=3,
        publication_date=datetime.date(2024, 3, 28),
        status="draft",
    )
    undated = IssueFactory(periodical=periodical, year=2023, number=12, publication_date=None)
    return periodical, january, march, undated


def test_editor_report_counts_per_issue_in_pinyin_order(two_issues):
    periodical, january, march, undated = two_issues
    zhang = ContributorFactory(name="张三")
    an = ContributorFactory(name="安娜")
    li = ContributorFactory(name="李四")
    for issue, editor, count in [(january, zhang, 2), (march, zhang, 1), (march, an, 3)]:
        for _ in range(count):
            good_article(issue, start_page=None, responsible_editor=editor)
    good_article(undated, start_page=None, responsible_editor=li)
    misprinted = good_article(march, start_page=None, responsible_editor=zhang)
    Article.objects.filter(pk=misprinted.pk).update(responsible_editor_name="张叁")
    unmarked = [good_article(march, start_page=None).pk for _ in range(2)]
    Article.objects.filter(pk__in=unmarked).update(responsible_editor=None)

    report = responsible_editor_report(periodical=periodical)
    assert [(row.name, row.total) for row in report.rows] == [("安娜", 3), ("李四", 1), ("张三", 4)]
    rows = {row.name: row for row in report.rows}
    assert [(c.issue.label, c.count) for c in rows["张三"].issues] == [
        ("2024年第1期", 2),
        ("2024年第3期", 2),
    ]
    assert rows["张三"].printed_names == ["张叁"]
    assert rows["安娜"].printed_names == []
    assert rows["张三"].issues[1].issue.publication_date == datetime.date(2024, 3, 28)
    assert [(c.issue.label, c.count) for c in report.without_editor] == [("2024年第3期", 2)]
    assert report.total == 10


def test_reports_cover_the_period(two_issues):
    periodical, january, march, undated = two_issues
    editor = ContributorFactory(name="王五")
    for issue in (january, march, undated):
        good_article(issue, start_page=None, responsible_editor=editor)
        MastheadEntryFactory(
            issue=issue, role=MastheadRoleFactory(periodical=periodical, name=f"职务{issue.pk}")
        )

    def editor_issues(**period):
        report = responsible_editor_report(periodical=periodical, **period)
        return [c.issue.label for row in report.rows for c in row.issues]

    def role_issues(**period):
        roles = masthead_role_report(periodical=periodical, **period)
        return sorted(i.label for row in roles for person in row.people for i in person.issues)

    assert editor_issues() == ["2023年第12期", "2024年第1期", "2024年第3期"]
    assert editor_issues(date_from=datetime.date(2024, 2, 1)) == ["2024年第3期"]
    assert editor_issues(date_to=datetime.date(2024, 1, 28)) == ["2024年第1期"]
    assert editor_issues(year=2023) == ["2023年第12期"]
    assert role_issues(date_from=datetime.date(2024, 1, 1), date_to=datetime.date(2024, 2, 1)) == [
        "2024年第1期"
    ]
    # Another periodical's issues stay out.
    assert responsible_editor_report(periodical=PeriodicalFactory()).rows == []


def test_role_report_people_and_their_issues(two_issues):
    periodical, january, march, _undated = two_issues
    chief = MastheadRoleFactory(periodical=periodical, name="社长", order=1)
    layout = MastheadRoleFactory(periodical=periodical, name="版式设计", order=2)
    tian, song, liu = (ContributorFactory(name=name) for name in ("田进宝", "宋佳", "柳高鹤"))
    for issue in (january, march):
        MastheadEntryFactory(issue=issue, role=chief, contributor=tian)
        MastheadEntryFactory(issue=issue, role=layout, contributor=song)
    MastheadEntryFactory(issue=march, role=layout, contributor=liu, credited_name="柳 高鹤")

    roles = masthead_role_report(periodical=periodical)
    assert [(row.role, row.periodical) for row in roles] == [
        ("社长", str(periodical)),
        ("版式设计", str(periodical)),
    ]
    people = {(row.role, person.name): person for row in roles for person in row.people}
    assert [person.name for person in roles[1].people] == ["柳高鹤", "宋佳"]  # liu before song
    assert [i.label for i in people[("社长", "田进宝")].issues] == ["2024年第1期", "2024年第3期"]
    assert [i.label for i in people[("版式设计", "柳高鹤")].issues] == ["2024年第3期"]
    assert people[("版式设计", "柳高鹤")].printed_names == ["柳 高鹤"]


def test_seed_issue_in_the_reports(seed_issue):
    editors = responsible_editor_report(periodical=seed_issue.periodical, year=2025)
    totals = {row.name: row.total for row in editors.rows}
    assert totals == {
        "韩芳": 1,
        "陆海涛": 7,
        "马啸": 1,
        "齐桂帆": 7,
        "夏珑祯": 6,
        "杨佩佩": 4,
        "朱振陆": 7,
    }
    assert {row.name: row.printed_names for row in editors.rows}["夏珑祯"] == ["夏琰祯"]
    assert editors.without_editor_total == 4
    roles = masthead_role_report(periodical=seed_issue.periodical)
    assert [(row.role, [p.name for p in row.people]) for row in roles][-1] == (
        "版式设计",
        ["柳高鹤", "宋佳", "王新萍"],
    )


# --- query counts ----------------------------------------------------------------------------


@unrecorded()
def issue_with_articles(count: int):
    issue = IssueFactory()
    column = ColumnFactory(periodical=issue.periodical)
    for n in range(count):
        article = good_article(issue, start_page=n + 1, column=column, toc_order=n)
        PhotoCreditFactory(article=article, photographer=None, credited_name="")
        if n % 2:
            Article.objects.filter(pk=article.pk).update(responsible_editor=None)
    MastheadEntryFactory.create_batch(count, issue=issue)
    return issue


def queries(function, **kwargs) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(**kwargs)
    return len(captured)


def test_query_counts_do_not_grow():
    small, large = issue_with_articles(2), issue_with_articles(12)
    for n in range(3):  # more issues of the same periodical
        # Another year: the factory's numbers of this year may be taken by `large` itself.
        IssueFactory(periodical=large.periodical, year=2020, number=n + 5)
        issue_with_articles(1)
    assert queries(issue_checklist, issue=small) == queries(issue_checklist, issue=large) == 3
    for report in (responsible_editor_report, masthead_role_report):
        assert queries(report, periodical=small.periodical) == 3
        assert queries(report, periodical=large.periodical) == 3
        assert queries(report) == 3


# --- who may see them ------------------------------------------------------------------------


@pytest.fixture
def staff_without_issues(db) -> User:
    user = User.objects.create_user("clerk", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_contributor"))
    return user


def admin_urls(issue) -> list[str]:
    return [
        reverse("accountability_issue_checklist", args=[issue.pk]),
        reverse("accountability_report"),
    ]


def api_urls(issue) -> list[str]:
    return [
        f"/api/v1/accountability/issues/{issue.pk}/checklist/",
        "/api/v1/accountability/editors/",
        "/api/v1/accountability/masthead-roles/",
    ]


def test_anonymous_users_are_refused(client, seed_issue):
    for url in admin_urls(seed_issue):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    for url in api_urls(seed_issue):
        assert APIClient().get(url).status_code in (401, 403)


def test_staff_who_may_not_view_issues_are_refused(client, seed_issue, staff_without_issues):
    client.force_login(staff_without_issues)
    for url in admin_urls(seed_issue):
        assert client.get(url).status_code == 403
    api = APIClient()
    api.force_authenticate(staff_without_issues)
    for url in api_urls(seed_issue):
        assert api.get(url).status_code == 403


def test_auditors_see_a_draft_issue(client, auditor, good_issue):
    assert good_issue.status == "draft"
    client.force_login(auditor)
    for url in admin_urls(good_issue):
        assert client.get(url).status_code == 200
    api = APIClient()
    api.force_authenticate(auditor)
    for url in api_urls(good_issue):
        assert api.get(url).status_code == 200


def test_an_editor_with_view_issue_only_is_let_in(client, good_issue):
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_issue"))
    client.force_login(user)
    assert client.get(admin_urls(good_issue)[0]).status_code == 200


# --- admin pages and downloads ---------------------------------------------------------------


def test_checklist_page_lists_the_seed_issue_facts(auditor_client, seed_issue):
    response = auditor_client.get(reverse("accountability_issue_checklist", args=[seed_issue.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "榜样的力量" in page and "望宇" in page
    assert response.context["checklist"].problem_count == 4 + 4 + 12
    assert "download=csv" in page and "download=xlsx" in page


def test_issue_page_links_to_its_checklist(client, seed_issue):
    user = User.objects.create_superuser("boss", password="x")
    client.force_login(user)
    page = client.get(reverse("admin:issues_issue_change", args=[seed_issue.pk])).content.decode()
    assert reverse("accountability_issue_checklist", args=[seed_issue.pk]) in page
    assert reverse("accountability_report") in client.get(reverse("admin:index")).content.decode()


def read_csv(response) -> str:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs
    return body.decode("utf-8-sig")


def test_checklist_csv_download(auditor_client, seed_issue):
    url = reverse("accountability_issue_checklist", args=[seed_issue.pk])
    response = auditor_client.get(url, {"download": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    lines = read_csv(response).splitlines()
    # The header, the items, a line per passing check (4), and the seed issue's 37 articles
    # with no review record: entered as printed, listed for information only.
    assert len(lines) == 1 + 20 + 4 + 37
    assert any("榜样的力量" in line and ",38," in line for line in lines)
    assert sum("仅供知悉" in line and "无审稿记录" in line for line in lines) == 37


def test_report_downloads(auditor_client, seed_issue):
    url = reverse("accountability_report")
    editors = read_csv(auditor_client.get(url, {"download": "csv-editors", "year": 2025}))
    assert editors.splitlines()[0].startswith("责任编辑,")
    assert "夏珑祯,夏琰祯,《党员之友》,2025年第3期,2025-03-28,6" in editors
    roles = read_csv(auditor_client.get(url, {"download": "csv-roles"}))
    assert "《党员之友》,版式设计,宋佳,,2025年第3期,2025-03-28" in roles
    response = auditor_client.get(url, {"download": "xlsx", "periodical": "dangyuan-zhiyou"})
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    first, second, third = workbook.worksheets
    assert ["杨佩佩", "", "《党员之友》", "2025年第3期", "2025-03-28", 4] in [
        [cell if cell is not None else "" for cell in row]
        for row in first.iter_rows(values_only=True)
    ]
    assert len(list(second.iter_rows())) == 1 + 8  # eight people in the seed masthead
    signed = list(third.iter_rows(values_only=True))  # who signed each stage, per article
    assert len(signed) == 1 + 37 and all(row[-1] == "无审稿记录" for row in signed[1:])


def test_report_page_shows_both_tables(auditor_client, seed_issue):
    response = auditor_client.get(reverse("accountability_report"), {"year": 2025})
    assert response.status_code == 200
    page = response.content.decode()
    assert "夏琰祯" in page and "版式设计" in page and "download=xlsx" in page


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "2025-13-01"},
        {"year": "abc"},
        {"periodical": "no-such-periodical"},
        {"date_from": "2025-03-01", "date_to": "2025-01-01"},
    ],
)
def test_report_page_shows_a_form_error_for_bad_input(auditor_client, query):
    response = auditor_client.get(reverse("accountability_report"), query)
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {next(reversed(query))}
    assert "errorlist" in response.content.decode()
    assert "editors" not in response.context
    # A download with bad input is no download.
    download = auditor_client.get(
        reverse("accountability_report"), {**query, "download": "csv-editors"}
    )
    assert download["Content-Type"].startswith("text/html")


# --- the API ---------------------------------------------------------------------------------


def test_api_checklist(auditor_api, seed_issue):
    response = auditor_api.get(f"/api/v1/accountability/issues/{seed_issue.pk}/checklist/")
    assert response.status_code == 200
    data = response.json()
    assert data["issue"]["label"] == "2025年第3期"
    assert data["passed"] is False and data["problem_count"] == 20
    checks = {check["code"]: check for check in data["checks"]}
    assert [item["pages"] for item in checks["no_responsible_editor"]["items"]] == [
        "6",
        "7",
        "11",
        "38",
    ]
    assert checks["overlapping_pages"]["passed"] is True
    assert auditor_api.get("/api/v1/accountability/issues/999999/checklist/").status_code == 404


def test_api_reports(auditor_api, seed_issue):
    editors = auditor_api.get(
        "/api/v1/accountability/editors/", {"periodical": "dangyuan-zhiyou"}
    ).json()
    row = next(row for row in editors["rows"] if row["name"] == "夏珑祯")
    assert row["printed_names"] == ["夏琰祯"]
    assert row["issues"] == [
        {
            "issue": {
                "id": seed_issue.pk,
                "periodical": "《党员之友》",
                "label": "2025年第3期",
                "publication_date": "2025-03-28",
            },
            "count": 6,
        }
    ]
    roles = auditor_api.get(
        "/api/v1/accountability/masthead-roles/", {"date_from": "2025-03-01"}
    ).json()
    assert [role["role"] for role in roles["roles"]][:2] == ["社长", "副社长"]
    later = auditor_api.get("/api/v1/accountability/editors/", {"date_from": "2025-04-01"})
    assert all(
        count["issue"]["id"] != seed_issue.pk
        for row in later.json()["rows"]
        for count in row["issues"]
    )


def test_api_refuses_bad_parameters_one_message_each(auditor_api):
    response = auditor_api.get(
        "/api/v1/accountability/editors/",
        {"periodical": "nope", "date_from": "yesterday", "year": "1066"},
    )
    assert response.status_code == 400
    assert set(response.json()) == {"periodical", "date_from", "year"}
    assert all(len(messages) == 1 for messages in response.json().values())
    order = auditor_api.get(
        "/api/v1/accountability/masthead-roles/",
        {"date_from": "2025-03-01", "date_to": "2025-01-01"},
    )
    assert order.status_code == 400 and list(order.json()) == ["date_to"]
