"""The read models answer exactly what the serializers answer.

The JSON reads of the 目录, the masthead and the article list come from read models of plain
rows (catalogue/toc.py toc_data, catalogue/masthead.py masthead_data, articles/read_models.py);
the serializers stay the schema and the browsable API's path. Each endpoint is read twice, the
second time with the read model switched off (the view's one decision, `json_read`, answering
no), and the two bodies must be equal field by field: on the seed issue and on data made to
reach every branch (a combined issue, a supplement, a dated edition, an issue with neither
number nor date, a draft for staff, corrections, pictures with renditions, photo credits of
each kind, authors left out of the 目录, articles without column or page, a column printed
twice, masthead notes), with and without the website's addresses configured.
"""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Authorship, PhotoCredit
from core.pictures import Picture, PictureSerializer, picture_data
from corrections.services import correction_apply
from issues.models import Issue
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ColumnFactory,
    HighlightFactory,
    IssueFactory,
    MastheadEntryFactory,
    MastheadRoleFactory,
    PeriodicalFactory,
    PhotoCreditFactory,
    chief_editor,
    unrecorded,
)
from tests.media.conftest import picture_bytes

from .conftest import masthead_url, toc_url

pytestmark = pytest.mark.django_db


def image(name: str, width: int, height: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture_bytes(width=width, height=height))


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@unrecorded()
def rich_issue() -> Issue:
    """A published combined issue (第3-4期) with every kind of row its pages show."""
    periodical = PeriodicalFactory(name="党员之友", slug="dangyuan")
    first, second = ColumnFactory(periodical=periodical), ColumnFactory(periodical=periodical)
    issue = IssueFactory(
        periodical=periodical,
        year=2025,
        number=3,
        number_end=4,
        cumulative_number=344,
        publication_date=datetime.date(2025, 3, 28),
        cover_caption="天山脚下",
        highlights_heading="统筹区域协调发展",
        slogan="党员的知心朋友",
        price="6.00",
        publication_day=28,
        printer="新疆某印务有限公司",
        status=Issue.Status.DRAFT,
    )
    issue.cover_image = image("cover.jpg", 2000, 1000)
    issue.full_clean()
    issue.save()
    lead = ArticleFactory(
        issue=issue, column=first, toc_order=1, start_page=3, end_page=5,
        continuation_pages="9, 12-13", title="错字的标题", toc_title="目录里的标题",
        subtitle="——副标题", kicker="引题", and_others=True, dateline="本刊讯",
        source_org="某单位", reprinted_from="人民日报", responsible_editor_name="杨佩佩",
    )  # fmt: skip
    AuthorshipFactory(article=lead, order=1, role=Authorship.Role.REPORTER, affiliation="某县")
    AuthorshipFactory(article=lead, order=2, listed_in_toc=False)
    AuthorshipFactory(article=lead, order=0)
    photo = PhotoCreditFactory(
        article=lead, order=1, kind=PhotoCredit.Kind.TAKEN, agency="新华社", credited_title="记者"
    )
    photo.image = image("photo.jpg", 900, 600)
    photo.full_clean()
    photo.save()
    PhotoCreditFactory(
        article=lead, order=2, kind=PhotoCredit.Kind.ARCHIVE, photographer=None, credited_name=""
    )
    PhotoCreditFactory(article=lead, order=3, kind=PhotoCredit.Kind.SUPPLIED)
    pageless = ArticleFactory(issue=issue, column=second, toc_order=2, start_page=None)
    again = ArticleFactory(issue=issue, column=first, toc_order=3, start_page=20)
    AuthorshipFactory(article=again)
    ArticleFactory(issue=issue, column=None, toc_order=4, start_page=30)
    unlisted = ArticleFactory(issue=issue, toc_order=None, start_page=40, continuation_pages="")
    HighlightFactory(issue=issue, article=unlisted, order=1)
    HighlightFactory(issue=issue, article=pageless, order=2)
    cover = PhotoCreditFactory(article=None, issue=issue, on_cover=True, order=2)
    cover.image = image("cover-photo.jpg", 800, 1200)
    cover.full_clean()
    cover.save()
    PhotoCreditFactory(article=None, issue=issue, on_cover=True, order=1, credited_name="赵登文")
    PhotoCreditFactory(article=None, issue=issue, on_cover=False)
    chief, deputy = (
        MastheadRoleFactory(periodical=periodical),
        MastheadRoleFactory(periodical=periodical),
    )
    MastheadEntryFactory(issue=issue, role=chief, order=1, note="执行主编")
    MastheadEntryFactory(issue=issue, role=chief, order=2, note="执行主编")
    MastheadEntryFactory(issue=issue, role=chief, order=3, note="特约")
    MastheadEntryFactory(issue=issue, role=deputy, order=4)
    MastheadEntryFactory(issue=issue, role=chief, order=5)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.PUBLISHED)
    issue.refresh_from_db()
    return issue


def correct_title(issue: Issue) -> None:
    """A correction (勘误) of the lead article's title, made as the chief editor makes it."""
    article = issue.articles.get(toc_order=1)
    correction_apply(
        issue=issue, article=article, target="article.title", wrong_text="错字",
        right_text="正字", reason="读者来信", approver=chief_editor(),
    )  # fmt: skip


@unrecorded()
def other_issues(periodical) -> list[Issue]:
    """A supplement, a dated edition, an issue with neither number nor date, a draft."""
    issues = [
        IssueFactory(periodical=periodical, year=2025, number=1, supplement=True),
        IssueFactory(
            periodical=periodical, year=2020, number=None,
            publication_date=datetime.date(2020, 1, 9),
        ),
        IssueFactory(periodical=periodical, year=2019, number=None),
        IssueFactory(periodical=periodical, year=2026, number=1, status=Issue.Status.DRAFT),
    ]  # fmt: skip
    for issue in issues:
        ArticleFactory(issue=issue, column=ColumnFactory(periodical=periodical), toc_order=1)
    return issues


def both_bodies(client, url: str, monkeypatch, **headers) -> tuple:
    """The body of `url` from the read model, then from the serializers."""
    read = client.get(url, **headers)
    with monkeypatch.context() as patch:
        patch.setattr("catalogue.views.json_read", lambda request: False)
        patch.setattr("articles.views.json_read", lambda request: False)
        serialized = client.get(url, **headers)
    assert read.status_code == serialized.status_code == 200, (url, read.content[:300])
    assert read["Content-Type"] == serialized["Content-Type"]
    return canonical(read.json()), canonical(serialized.json())


def canonical(body) -> str:
    """The body as text with sorted keys: equal only if every value is, type included (in
    Python 0 == False and 6.5 == Decimal("6.50"), in JSON they differ)."""
    return json.dumps(body, sort_keys=True, ensure_ascii=False, indent=1)


def pages_of(issue: Issue) -> list[str]:
    return [
        toc_url(issue),
        masthead_url(issue),
        f"/api/v1/articles/?issue={issue.pk}&page_size=100",
        *[f"/api/v1/articles/{pk}/" for pk in issue.articles.values_list("pk", flat=True)],
    ]


@pytest.fixture(params=["with web addresses", "without web addresses"])
def web_urls(request, settings):
    if request.param == "with web addresses":
        settings.FRONTEND_ISSUE_URL = "https://www.example.cn/{periodical}/{year}/{number}/"
        settings.FRONTEND_ARTICLE_URL = "https://www.example.cn/{issue_id}/{number}/a/{id}"
    else:
        settings.FRONTEND_ISSUE_URL = settings.FRONTEND_ARTICLE_URL = ""
    return request.param


@pytest.fixture
def uncached(settings):
    """Nothing kept in the shared cache: both reads build their body."""
    settings.API_RENDERED_CACHE_SECONDS = 0


def test_the_read_models_answer_what_the_serializers_answer(
    api, editor_api, media_root, web_urls, uncached, monkeypatch
):
    issue = rich_issue()
    correct_title(issue)
    others = other_issues(issue.periodical)
    draft = others[-1]
    slug = issue.periodical.slug
    anonymous = [
        *pages_of(issue),
        *[url for other in others[:-1] for url in pages_of(other)],
        f"/api/v1/periodicals/{slug}/issues/2025/3/toc/",
        f"/api/v1/periodicals/{slug}/issues/2025/s1/toc/",
        "/api/v1/articles/?page_size=100",
        f"/api/v1/articles/?issue={issue.pk}&page=2&page_size=2",
        f"/api/v1/articles/?issue={issue.pk}&page_size=2",  # issue_list_page: full, counted
        f"/api/v1/articles/?issue={issue.pk}",
        f"/api/v1/articles/?issue={issue.pk}&ordering=-page",
        "/api/v1/articles/?format=json",
    ]
    for url in anonymous:
        read, serialized = both_bodies(api, url, monkeypatch)
        assert read == serialized, url
    for url in [*pages_of(draft), *pages_of(issue), "/api/v1/articles/?page_size=100"]:
        read, serialized = both_bodies(editor_api, url, monkeypatch)
        assert read == serialized, url
    # In English, the place a correction names is translated as the serializer translates it.
    read, serialized = both_bodies(api, toc_url(issue), monkeypatch, HTTP_ACCEPT_LANGUAGE="en")
    assert read == serialized

    # The comparison reached what it was built for.
    toc = api.get(toc_url(issue)).json()
    assert toc["issue"]["label"] == "2025年第3-4期"
    assert [section["column"]["id"] for section in toc["sections"]][::2] == [
        toc["sections"][0]["column"]["id"]
    ] * 2
    lead = toc["sections"][0]["entries"][0]
    assert lead["corrections"][0]["place"] and lead["corrections"][0]["article"]["title"]
    assert len(lead["authors"]) == 2
    assert toc["cover"]["image"]["renditions"] and toc["cover"]["credits"][1]["image"]
    assert (toc["issue"]["web_url"] is None) == (web_urls == "without web addresses")
    listed = api.get(f"/api/v1/articles/?issue={issue.pk}&page_size=100").json()["results"]
    assert {article["column"] is None for article in listed} == {True, False}
    assert listed[0]["photo_credits"][0]["image"]["renditions"]
    assert listed[0]["photo_credits"][1]["photographer"] is None
    masthead = api.get(masthead_url(issue)).json()
    assert [line["note"] for line in masthead["roles"]] == ["执行主编、特约", "", ""]
    assert masthead["periodical"]["price"] == "6.00" and masthead["barcode"]
    labels = {api.get(toc_url(other)).json()["issue"]["label"] for other in others[:-1]}
    assert labels == {"2025年增刊第1期", "2020年1月9日", "2019年"}


def test_the_seed_issue_reads_the_same_from_both(api, seed_issue, uncached, monkeypatch):
    for url in [*pages_of(seed_issue), "/api/v1/articles/?page_size=100"]:
        read, serialized = both_bodies(api, url, monkeypatch)
        assert read == serialized, url


def test_a_search_and_the_browsable_api_keep_the_serializers(api, seed_issue, monkeypatch):
    """A search's snippets come from the serializer; so does the browsable API's page."""
    monkeypatch.setattr("articles.views.article_items", None)  # the read model would fail
    monkeypatch.setattr("catalogue.views.toc_data", None)
    assert api.get("/api/v1/articles/", {"search": "援疆"}).status_code == 200
    page = api.get(toc_url(seed_issue), HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and "text/html" in page["Content-Type"]


def test_a_picture_is_what_its_schema_serializer_gives():
    picture = Picture(
        url="http://testserver/media/a.jpg", width=900, height=600, alt="说明", credit="燕雁/摄",
        renditions=[{"width": 320, "height": 213, "url": "http://testserver/media/a.webp"}],
    )  # fmt: skip
    assert picture_data(picture) == PictureSerializer(picture).data
    assert picture_data(None) is None


@unrecorded()
def test_queries_of_the_read_models(api, django_assert_num_queries, uncached):
    issue = IssueFactory()
    for n in range(20):
        article = ArticleFactory(issue=issue, toc_order=n)
        AuthorshipFactory.create_batch(2, article=article)
        PhotoCreditFactory(article=article)
    # The issue's stamp, then the issue, articles, authors, corrections, highlights, cover;
    # the first time also the stamp the lean path (core/fastpath.py) read before it had
    # learnt the answer's headers; after that the lean path builds the page itself.
    with django_assert_num_queries(8):
        assert api.get(toc_url(issue)).status_code == 200
    with django_assert_num_queries(7):
        assert api.get(toc_url(issue)).status_code == 200
    # The stamp, the issue, the masthead's people, the cover credit (and the first time the
    # lean path's stamp).
    with django_assert_num_queries(5):
        assert api.get(masthead_url(issue)).status_code == 200
    with django_assert_num_queries(4):
        assert api.get(masthead_url(issue)).status_code == 200
    # The list's stamp, the page, the authors, the photos; no count: the first page is not
    # full, so it holds all there are (articles.read_models.issue_list_page); the first time
    # also the lean path's stamp, which then builds the list itself.
    for queries in (5, 4):
        with django_assert_num_queries(queries):
            response = api.get(f"/api/v1/articles/?issue={issue.pk}&page_size=100")
        assert response.json()["count"] == 20 and response.json()["next"] is None
    # A full first page is counted.
    for queries in (6, 5):
        with django_assert_num_queries(queries):
            response = api.get(f"/api/v1/articles/?issue={issue.pk}&page_size=20")
        assert response.json()["count"] == 20 and len(response.json()["results"]) == 20
    # Any other list: the stamp, the filters' page and count (FirstPageFirstPaginator: a first
    # page with room to spare is not counted), the authors, the photos.
    with django_assert_num_queries(4):
        url = f"/api/v1/articles/?issue={issue.pk}&ordering=page&page_size=100"
        assert api.get(url).status_code == 200
