"""Every path by which what an issue shows can change makes its cached 目录 or masthead stale.

A front end (or a CDN) keeps the 目录 and the masthead with their ETag and asks again with
`If-None-Match`; a 304 tells it that its copy is still what the issue prints. Each test below
changes one thing, the way the admin, the API or the importer does, and checks that the old
ETag is answered 200 with a new body. Each one fails when its receiver (issues/signals.py,
articles/signals.py) or the registration of its effect (the apps' ready()) is removed.
"""

import pytest

from articles.models import Article, Authorship, PhotoCredit
from contributors.models import Contributor, ContributorNameVariant
from core.effects import collecting
from issues.models import Highlight, MastheadEntry
from periodical.models import MastheadRole
from tests.factories import withdraw_to_draft

pytestmark = pytest.mark.django_db

ISSUE = "/api/v1/periodicals/dangyuan-zhiyou/issues/2025/3/"
TOC = ISSUE + "toc/"
MASTHEAD = ISSUE + "masthead/"


class Cached:
    """A front end's cached copy of one endpoint: body and ETag."""

    def __init__(self, api, url):
        self.api, self.url = api, url
        response = api.get(url)
        assert response.status_code == 200
        self.etag = response["ETag"]
        assert api.get(url, HTTP_IF_NONE_MATCH=self.etag).status_code == 304

    def assert_stale(self):
        """The old ETag no longer matches: the front end gets the page again, with a new tag."""
        response = self.api.get(self.url, HTTP_IF_NONE_MATCH=self.etag)
        assert response.status_code == 200, "a 304 would serve the stale copy"
        assert response["ETag"] != self.etag
        return response


@pytest.fixture
def toc(api, seed_issue):
    return Cached(api, TOC)


@pytest.fixture
def masthead(api, seed_issue):
    return Cached(api, MASTHEAD)


def only(seed_issue, **credit) -> Contributor:
    """A contributor of the seed issue credited in this one way only (so that only the receiver
    under test can make the issue stale)."""
    kinds = {
        "authorships__article__issue": seed_issue,
        "edited_articles__issue": seed_issue,
        "photo_credits__article__issue": seed_issue,
        "masthead_entries__issue": seed_issue,
    }
    (lookup,) = credit
    others = Contributor.objects.none()
    for other in kinds:
        if other != lookup:
            others |= Contributor.objects.filter(**{other: seed_issue})
    contributor = (
        Contributor.objects.filter(**credit)
        .exclude(pk__in=others.values("pk"))
        .exclude(photo_credits__issue=seed_issue)
        .distinct()
        .first()
    )
    assert contributor is not None, credit
    return contributor


# People renamed through the API, as an editor does.


def test_renaming_an_author_makes_the_toc_stale(editor_api, seed_issue, toc):
    author = only(seed_issue, authorships__article__issue=seed_issue)
    response = editor_api.patch(
        f"/api/v1/contributors/{author.pk}/", {"name": "甄士隐"}, format="json"
    )
    assert response.status_code == 200
    toc.assert_stale()


def test_renaming_a_responsible_editor_makes_the_toc_stale(editor_api, seed_issue, toc):
    editor = only(seed_issue, edited_articles__issue=seed_issue)
    editor_api.patch(f"/api/v1/contributors/{editor.pk}/", {"name": "贾雨村"}, format="json")
    toc.assert_stale()


def test_renaming_a_photographer_makes_the_toc_stale(editor_api, seed_issue, toc):
    photographer = only(seed_issue, photo_credits__article__issue=seed_issue)
    editor_api.patch(f"/api/v1/contributors/{photographer.pk}/", {"name": "林如海"}, format="json")
    toc.assert_stale()


def test_renaming_a_person_of_the_masthead_makes_the_masthead_stale(
    editor_api, seed_issue, masthead
):
    person = only(seed_issue, masthead_entries__issue=seed_issue)
    editor_api.patch(f"/api/v1/contributors/{person.pk}/", {"name": "王熙凤"}, format="json")
    masthead.assert_stale()


@pytest.mark.parametrize(
    "credit", ["authorships__article__issue", "masthead_entries__issue"], ids=["author", "masthead"]
)
def test_a_new_name_variant_makes_the_issue_stale(api, seed_issue, credit):
    cached = Cached(api, TOC if credit.startswith("authorships") else MASTHEAD)
    person = only(seed_issue, **{credit: seed_issue})
    with collecting():
        ContributorNameVariant.objects.create(contributor=person, name=person.name + "乙")
    cached.assert_stale()


# The periodical's own rows: columns, masthead roles, facts.


def test_renaming_a_column_makes_the_toc_stale(editor_api, seed_issue, toc):
    column = Article.objects.filter(issue=seed_issue, column__isnull=False).first().column
    response = editor_api.patch(f"/api/v1/columns/{column.pk}/", {"name": "新栏目"}, format="json")
    assert response.status_code == 200
    toc.assert_stale()


def test_renaming_a_masthead_role_makes_the_masthead_stale(seed_issue, masthead):
    role = MastheadRole.objects.get(pk=seed_issue.masthead_entries.first().role_id)
    role.name = "总编辑"
    with collecting():
        role.save()
    masthead.assert_stale()


def test_a_change_of_the_periodicals_facts_makes_the_masthead_stale(seed_issue, masthead):
    periodical = seed_issue.periodical
    periodical.phone = "0991-0000000"
    with collecting():
        periodical.save()
    masthead.assert_stale()


# An article's own rows, as the admin's inlines and the importer write them.


def test_an_article_changed_through_the_api_makes_the_toc_stale(editor_api, seed_issue):
    withdraw_to_draft(seed_issue)  # a published issue's articles are locked (409)
    toc = Cached(editor_api, TOC)  # a draft: staff see it
    article = seed_issue.articles.first()
    response = editor_api.patch(
        f"/api/v1/articles/{article.pk}/", {"subtitle": "新副题"}, format="json"
    )
    assert response.status_code == 200
    toc.assert_stale()


@pytest.mark.parametrize("operation", ["add", "change", "delete"])
def test_an_authorship_added_changed_or_deleted_makes_the_toc_stale(seed_issue, toc, operation):
    authorship = Authorship.objects.filter(article__issue=seed_issue).first()
    with collecting():
        if operation == "add":
            Authorship.objects.create(
                article_id=authorship.article_id,
                contributor=Contributor.objects.create(name="甄宝玉"),
                credited_name="甄宝玉",
                order=9,
            )
        elif operation == "change":
            authorship.affiliation = "新单位"
            authorship.save()
        else:
            authorship.delete()
    toc.assert_stale()


@pytest.mark.parametrize("where", ["article", "issue"])
def test_a_photo_credit_added_makes_the_issue_stale(seed_issue, toc, where):
    article = seed_issue.articles.first()
    with collecting():
        PhotoCredit.objects.create(
            article=article if where == "article" else None,
            issue=seed_issue if where == "issue" else None,
            credited_name="赵登文",
            order=9,
        )
    toc.assert_stale()


@pytest.mark.parametrize("operation", ["add", "change", "delete"])
def test_a_masthead_entry_added_changed_or_deleted_makes_the_masthead_stale(
    seed_issue, masthead, operation
):
    entry = seed_issue.masthead_entries.first()
    with collecting():
        if operation == "add":
            MastheadEntry.objects.create(
                issue=seed_issue, role_id=entry.role_id, contributor_id=entry.contributor_id
            )
        elif operation == "change":
            entry.note = "兼"
            entry.save()
        else:
            entry.delete()
    masthead.assert_stale()


@pytest.mark.parametrize("operation", ["add", "delete"])
def test_a_highlight_added_or_deleted_makes_the_toc_stale(seed_issue, toc, operation):
    with collecting():
        if operation == "add":
            article = seed_issue.articles.exclude(highlights__isnull=False).first()
            Highlight.objects.create(issue=seed_issue, article=article, order=9)
        else:
            seed_issue.highlights.first().delete()
    toc.assert_stale()


def test_outside_a_collecting_block_a_save_still_makes_the_issue_stale(seed_issue, toc):
    """A save in a shell or a script, outside any service, is applied at once."""
    authorship = Authorship.objects.filter(article__issue=seed_issue).first()
    authorship.affiliation = "新单位"
    authorship.save()
    toc.assert_stale()
