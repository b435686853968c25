"""What a website navigates by: web_url, the latest issue, the years, a newspaper's edition by
its date, supplements (增刊) and lighter lists."""

import datetime

import pytest

from issues.models import Issue
from periodical.models import Periodical
from tests.factories import ArticleFactory, IssueFactory, PeriodicalFactory, unrecorded

pytestmark = pytest.mark.django_db

ISSUE_URL = "https://www.example.cn/{periodical}/{year}/{number}/"
ARTICLE_URL = "https://www.example.cn/{periodical}/{year}/{number}/articles/{id}/"


@pytest.fixture
def frontend(settings):
    settings.FRONTEND_ISSUE_URL = ISSUE_URL
    settings.FRONTEND_ARTICLE_URL = ARTICLE_URL


def test_web_url_of_issue_toc_and_articles(api, seed_issue, frontend):
    expected = "https://www.example.cn/dangyuan-zhiyou/2025/3/"
    assert api.get(f"/api/v1/issues/{seed_issue.pk}/").json()["web_url"] == expected
    toc = api.get(f"/api/v1/issues/{seed_issue.pk}/toc/").json()
    assert toc["issue"]["web_url"] == expected
    entry = toc["sections"][0]["entries"][0]
    assert entry["web_url"] == f"{expected}articles/{entry['article']}/"
    article = api.get(f"/api/v1/articles/{entry['article']}/").json()
    assert article["web_url"] == entry["web_url"]
    listed = api.get("/api/v1/articles/", {"issue": seed_issue.pk}).json()["results"]
    assert all(a["web_url"] == f"{expected}articles/{a['id']}/" for a in listed)


def test_without_frontend_settings_web_url_is_null(api, seed_issue, settings):
    settings.FRONTEND_ISSUE_URL = settings.FRONTEND_ARTICLE_URL = ""
    assert api.get(f"/api/v1/issues/{seed_issue.pk}/").json()["web_url"] is None
    article = api.get("/api/v1/articles/", {"issue": seed_issue.pk}).json()["results"][0]
    assert article["web_url"] is None


def test_web_url_of_a_supplement_and_of_a_dated_edition(frontend):
    with unrecorded():
        supplement = IssueFactory(year=2025, number=1, supplement=True)
        paper = PeriodicalFactory(kind=Periodical.Kind.NEWSPAPER, slug="bozhou-daily")
        edition = IssueFactory(
            periodical=paper, year=2020, number=None, publication_date=datetime.date(2020, 1, 9)
        )
    assert supplement.web_url.endswith(f"/{supplement.periodical.slug}/2025/s1/")
    assert edition.web_url == "https://www.example.cn/bozhou-daily/2020/2020-01-09/"


def test_latest_is_the_newest_published_issue(api, seed_issue):
    with unrecorded():
        IssueFactory(
            periodical=seed_issue.periodical, year=2099, number=1, status=Issue.Status.DRAFT
        )
    response = api.get("/api/v1/periodicals/dangyuan-zhiyou/issues/latest/")
    assert response.status_code == 200
    assert response.json()["id"] == seed_issue.pk
    with unrecorded():
        newer = IssueFactory(
            periodical=seed_issue.periodical,
            year=2098,
            number=1,
            publication_date=datetime.date(2098, 1, 28),
        )
    assert api.get("/api/v1/periodicals/dangyuan-zhiyou/issues/latest/").json()["id"] == newer.pk


def test_latest_of_a_periodical_with_nothing_published_is_a_chinese_404(api):
    with unrecorded():
        periodical = PeriodicalFactory()
        IssueFactory(periodical=periodical, status=Issue.Status.DRAFT)
    response = api.get(f"/api/v1/periodicals/{periodical.slug}/issues/latest/")
    assert response.status_code == 404
    assert response.json()["detail"] == "该刊物尚无已出版的期次。"


def test_years_list_published_issues_in_print_order(api):
    with unrecorded():
        periodical = PeriodicalFactory()
        for year, number, supplement in [(2024, 2, False), (2024, 1, False), (2025, 1, True)]:
            IssueFactory(periodical=periodical, year=year, number=number, supplement=supplement)
        IssueFactory(periodical=periodical, year=2025, number=7, status=Issue.Status.DRAFT)
    response = api.get(f"/api/v1/periodicals/{periodical.slug}/years/")
    assert response.status_code == 200
    years = response.json()
    assert [y["year"] for y in years] == [2025, 2024]
    assert [i["label"] for i in years[0]["issues"]] == ["2025年增刊第1期"]  # the draft is not
    assert [i["label"] for i in years[1]["issues"]] == ["2024年第1期", "2024年第2期"]
    assert set(years[1]["issues"][0]) >= {"id", "number", "url", "web_url", "publication_date"}
    assert "printer" not in years[1]["issues"][0]


def test_years_of_an_unknown_periodical_is_a_404(api):
    assert api.get("/api/v1/periodicals/no-such/years/").status_code == 404


def test_a_supplement_has_its_own_natural_key(api, seed_issue):
    with unrecorded():
        supplement = IssueFactory(
            periodical=seed_issue.periodical, year=2025, number=3, supplement=True
        )
    base = "/api/v1/periodicals/dangyuan-zhiyou/issues/2025/"
    assert api.get(base + "s3/").json()["id"] == supplement.pk
    assert api.get(base + "3/").json()["id"] == seed_issue.pk
    assert api.get(base + "s3/toc/").json()["issue"]["id"] == supplement.pk
    assert api.get(base + "s4/").status_code == 404


def test_a_newspaper_edition_by_its_date(api, seed_issue):
    with unrecorded():
        paper = PeriodicalFactory(kind=Periodical.Kind.NEWSPAPER)
        edition = IssueFactory(
            periodical=paper, year=2020, number=None, publication_date=datetime.date(2020, 1, 9)
        )
        ArticleFactory(issue=edition, title="专版")
    base = f"/api/v1/periodicals/{paper.slug}/issues/"
    assert api.get(base + "2020-01-09/").json()["id"] == edition.pk
    assert api.get(base + "2020-01-09/toc/").json()["issue"]["id"] == edition.pk
    assert api.get(base + "2020-01-09/masthead/").status_code == 200
    assert api.get(base + "2020-01-10/").status_code == 404
    assert api.get(base + "2020-02-30/").status_code == 404
    # A magazine's issue is known by its number, not its date.
    date = seed_issue.publication_date.isoformat()
    assert api.get(f"/api/v1/periodicals/dangyuan-zhiyou/issues/{date}/").status_code == 404


def test_issue_lists_are_lighter_than_the_issue(api, seed_issue):
    listed = api.get("/api/v1/issues/").json()["results"][0]
    assert "printer" not in listed and "address" not in listed
    assert {"id", "label", "url", "web_url", "cover_image", "toc_url"} <= set(listed)
    detail = api.get(f"/api/v1/issues/{seed_issue.pk}/").json()
    assert detail["printer"] and detail["address"]


def test_the_schema_documents_the_body_format_and_the_navigation(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    body = schema["components"]["schemas"]["ArticleDetail"]["properties"]["body"]
    assert "空行" in body["description"]
    for path in (
        "/api/v1/periodicals/{periodical_slug}/issues/latest/",
        "/api/v1/periodicals/{periodical_slug}/years/",
        "/api/v1/periodicals/{periodical_slug}/issues/{date}/",
        "/api/v1/periodicals/{periodical_slug}/issues/{year}/s{number}/",
    ):
        assert path in schema["paths"], path
