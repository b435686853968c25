"""The article list and detail: what each article says, filters, search, bad parameters."""

import html

import pytest

from articles import search_pages
from articles.models import Article
from contributors.models import Contributor
from tests.factories import ArticleFactory, AuthorshipFactory, IssueFactory, PhotoCreditFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def all_results(api, params) -> list[dict]:
    """Every article of a filtered list, following the pages."""
    results, url = [], ARTICLES
    response = api.get(url, {**params, "page_size": 100})
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        results += body["results"]
        if not body["next"]:
            return results
        response = api.get(body["next"])


def test_article_detail_carries_byline_editor_credits_and_body(api, seed_issue):
    article = seed_issue.articles.get(responsible_editor_name="夏琰祯")
    data = api.get(f"{ARTICLES}{article.pk}/").json()
    assert data["responsible_editor"] == {
        "id": article.responsible_editor_id,
        "name": "夏琰祯",  # as printed; the contributor is 夏珑祯
    }
    assert data["issue"]["label"] == "2025年第3期"
    assert data["body"] == article.body
    expected_authors = [
        (a.contributor_id, a.credited_name, a.affiliation) for a in article.authorships.all()
    ]
    assert [(a["id"], a["name"], a["affiliation"]) for a in data["authors"]] == expected_authors


def test_photo_credits_say_who_took_each_photo(api, seed_issue):
    article = Article.objects.filter(issue=seed_issue, photo_credits__agency="").first()
    data = api.get(f"{ARTICLES}{article.pk}/").json()
    stored = list(article.photo_credits.all())
    assert [c["caption"] for c in data["photo_credits"]] == [c.caption for c in stored]
    assert [c["photographer"]["name"] for c in data["photo_credits"] if c["photographer"]] == [
        c.credited_name for c in stored if c.credited_name
    ]
    assert all(
        {"caption", "photographer", "agency", "kind"} <= set(c) for c in data["photo_credits"]
    )


def test_list_leaves_out_the_body(api, seed_issue):
    first = api.get(ARTICLES).json()["results"][0]
    assert "body" not in first and "title" in first


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"periodical": "dangyuan-zhiyou"}, lambda a: a.issue.periodical.slug == "dangyuan-zhiyou"),
        ({"year": 2020}, lambda a: a.issue.year == 2020),
        ({"pages_min": 10, "pages_max": 20}, lambda a: a.start_page and 10 <= a.start_page <= 20),
        (
            {"publication_date_after": "2025-01-01", "publication_date_before": "2025-12-31"},
            lambda a: a.issue.publication_date and a.issue.publication_date.year == 2025,
        ),
        ({"has_photos": "true"}, lambda a: a.photo_credits.exists()),
        ({"has_photos": "false"}, lambda a: not a.photo_credits.exists()),
    ],
)
def test_filters_return_exactly_the_matching_articles(api, seed_issue, params, expected):
    found = {a["id"] for a in all_results(api, params)}
    wanted = {a.pk for a in Article.objects.published() if expected(a)}
    assert found == wanted and wanted


def test_filter_by_author_editor_photographer_and_column(api, seed_issue):
    editor = Contributor.objects.get(name="杨佩佩")
    edited = {a["id"] for a in all_results(api, {"responsible_editor": editor.pk})}
    assert edited == set(
        seed_issue.articles.filter(responsible_editor=editor).values_list("pk", flat=True)
    )
    assert len(edited) > 1

    authorship = seed_issue.articles.get(start_page=1).authorships.get()
    authored = {a["id"] for a in all_results(api, {"author": authorship.contributor_id})}
    assert authorship.article_id in authored

    photo = seed_issue.articles.filter(photo_credits__photographer__isnull=False).first()
    photographer = photo.photo_credits.exclude(photographer=None).first().photographer_id
    photographed = {a["id"] for a in all_results(api, {"photographer": photographer})}
    assert photo.pk in photographed

    column = seed_issue.articles.get(start_page=1).column
    in_column = {a["id"] for a in all_results(api, {"column": column.pk})}
    assert in_column == set(column.articles.values_list("pk", flat=True))


@pytest.mark.parametrize("word", ["援疆", "党建"])
def test_search_finds_every_article_containing_a_two_character_word(api, seed_issue, word):
    found = [a["id"] for a in all_results(api, {"search": word})]
    searched = ("title", "toc_title", "kicker", "subtitle", "body", "source_org", "reprinted_from")
    containing = {
        a.pk
        for a in Article.objects.published().prefetch_related("authorships")
        if any(word in getattr(a, field) for field in searched)
        or any(word in au.credited_name for au in a.authorships.all())
    }
    assert set(found) == containing and containing
    in_title = [pk for pk in found if word in Article.objects.get(pk=pk).toc_heading]
    assert found[: len(in_title)] == in_title  # title matches first


def test_a_search_counted_past_its_limit_says_so_and_still_pages_to_the_end(
    api, seed_issue, monkeypatch
):
    monkeypatch.setattr(search_pages, "SEARCH_COUNT_LIMIT", 3)
    first = api.get(ARTICLES, {"search": "新疆", "page_size": 2}).json()
    assert (first["count"], first["count_is_lower_bound"]) == (3, True)
    paged, body = [], first
    while True:
        paged += [a["id"] for a in body["results"]]
        if not body["next"]:
            break
        body = api.get(body["next"]).json()
    everything = [a["id"] for a in all_results(api, {"search": "新疆"})]
    assert paged == everything and len(everything) > 3
    assert (body["count"], body["count_is_lower_bound"]) == (len(everything), False)
    unsearched = api.get(ARTICLES, {"year": 2025}).json()
    assert unsearched["count_is_lower_bound"] is False


def test_search_results_carry_a_snippet_with_the_words_marked(api, seed_issue):
    results = all_results(api, {"search": "援疆 干部"})
    assert results
    for result in results:
        snippet = result["search_snippet"]
        article = Article.objects.get(pk=result["id"])
        printed = "".join(
            (article.body + article.title + article.subtitle + article.kicker).split()
        )
        if "援疆" not in printed and "干部" not in printed:
            assert snippet is None  # found by a word outside the printed text (an author's name)
            continue
        assert "<mark>援疆</mark>" in snippet or "<mark>干部</mark>" in snippet
        assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 82
        plain = snippet.replace("<mark>", "").replace("</mark>", "").strip("…")
        assert "".join(html.unescape(plain).split()) in printed  # the print's own words
    assert all(r["search_snippet"] is None for r in all_results(api, {"year": 2025}))


def test_search_by_author_name(api, seed_issue):
    found = {a["id"] for a in all_results(api, {"search": "辛组研"})}
    assert seed_issue.articles.get(start_page=1).pk in found


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"issue": "x"}, "issue"),
        ({"has_photos": "perhaps"}, "has_photos"),
        ({"publication_date_after": "28/03/2025"}, "publication_date_after"),
        ({"ordering": "colour"}, "ordering"),
        ({"page": "two"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"search": "，。！"}, "search"),
    ],
)
def test_bad_parameters_are_400_with_a_message_for_the_field(api, seed_issue, params, field):
    response = api.get(ARTICLES, params)
    assert response.status_code == 400
    errors = response.json()["fields"]
    assert field in errors and errors[field][0]


def test_a_page_past_the_end_is_404(api, seed_issue):
    assert api.get(ARTICLES, {"page": 999}).status_code == 404


def test_pages_do_not_overlap_and_cover_every_article(api, seed_issue):
    pages = [api.get(ARTICLES, {"page_size": 7, "page": n}) for n in range(1, 20)]
    ids = [a["id"] for r in pages if r.status_code == 200 for a in r.json()["results"]]
    assert len(ids) == len(set(ids)) == Article.objects.published().count()


def test_ordering_by_page(api, seed_issue):
    results = all_results(api, {"issue": seed_issue.pk, "ordering": "-page"})
    pages = [a["start_page"] for a in results if a["start_page"] is not None]
    assert pages == sorted(pages, reverse=True)


def test_drafts_are_invisible_to_anonymous_clients(api, seed_issue):
    draft = IssueFactory(periodical=seed_issue.periodical, year=2026, number=1, status="draft")
    article = ArticleFactory(issue=draft, title="未发稿件援疆")
    AuthorshipFactory(article=article)
    PhotoCreditFactory(article=article)
    assert api.get(f"{ARTICLES}{article.pk}/").status_code == 404
    assert api.get(f"/api/v1/issues/{draft.pk}/").status_code == 404
    assert api.get(f"/api/v1/issues/{draft.pk}/toc/").status_code == 404
    assert api.get(f"/api/v1/issues/{draft.pk}/masthead/").status_code == 404
    assert api.get("/api/v1/periodicals/dangyuan-zhiyou/issues/2026/1/").status_code == 404
    for params in (
        {"issue": draft.pk},
        {"search": "未发稿件"},
        {"year": 2026, "periodical": "dangyuan-zhiyou"},
    ):
        assert all_results(api, params) == []
    assert api.get("/api/v1/issues/", {"status": "draft"}).json()["results"] == []


def test_staff_with_view_permission_see_drafts(editor_api, seed_issue):
    draft = IssueFactory(periodical=seed_issue.periodical, year=2026, number=1, status="draft")
    article = ArticleFactory(issue=draft)
    assert editor_api.get(f"{ARTICLES}{article.pk}/").status_code == 200
    assert editor_api.get(f"/api/v1/issues/{draft.pk}/toc/").status_code == 200
    listed = editor_api.get("/api/v1/issues/", {"status": "draft"}).json()["results"]
    assert [issue["id"] for issue in listed] == [draft.pk]


def test_signed_in_user_without_permission_sees_no_drafts(seed_issue, django_user_model):
    from rest_framework.test import APIClient

    draft = IssueFactory(periodical=seed_issue.periodical, year=2026, number=1, status="draft")
    client = APIClient()
    client.force_authenticate(django_user_model.objects.create_user("reader", is_staff=True))
    assert client.get(f"/api/v1/issues/{draft.pk}/").status_code == 404
