"""Contributors: what each did, filters by role and name, pinyin order and search."""

import pytest

from contributors.models import Contributor
from tests.factories import ArticleFactory, AuthorshipFactory, ContributorFactory, IssueFactory

pytestmark = pytest.mark.django_db

CONTRIBUTORS = "/api/v1/contributors/"


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [c["name"] for c in response.json()["results"]]


def test_contributor_shows_what_they_did_by_role(api, seed_issue):
    editor = Contributor.objects.get(name="杨佩佩")
    data = api.get(f"{CONTRIBUTORS}{editor.pk}/").json()
    edited = seed_issue.articles.filter(responsible_editor=editor).count()
    assert data["credits"]["edited"]["count"] == edited > 0
    listed = api.get(data["credits"]["edited"]["articles"] + "&page_size=100").json()
    assert listed["count"] == edited
    assert data["masthead_roles"] == [
        {
            "issue": api.get(f"/api/v1/articles/?issue={seed_issue.pk}").json()["results"][0][
                "issue"
            ],
            "role": "编辑部主任",
            "name": "杨佩佩",
            "note": "",
        }
    ]


def test_variants_are_listed(api, seed_issue):
    contributor = Contributor.objects.get(name="夏珑祯")
    assert api.get(f"{CONTRIBUTORS}{contributor.pk}/").json()["variants"] == ["夏琰祯"]


def test_filter_by_role(api, seed_issue):
    editors = set(names(api.get(CONTRIBUTORS, {"role": "responsible_editor", "page_size": 100})))
    assert {"杨佩佩", "夏珑祯"} <= editors
    assert "辛组研" not in editors
    masthead = set(names(api.get(CONTRIBUTORS, {"role": "masthead", "page_size": 100})))
    assert {"田进宝", "王新萍", "宋佳", "柳高鹤"} <= masthead
    photographers = set(names(api.get(CONTRIBUTORS, {"role": "photographer", "page_size": 100})))
    assert "赵登文" in photographers
    assert api.get(CONTRIBUTORS, {"role": "janitor"}).status_code == 400


def test_filter_by_name_and_variant(api, seed_issue):
    assert names(api.get(CONTRIBUTORS, {"name": "佩佩"})) == ["杨佩佩"]
    assert names(api.get(CONTRIBUTORS, {"name": "夏琰祯"})) == ["夏珑祯"]


@pytest.mark.parametrize("query", ["yangpeipei", "ypp", "杨佩佩", "YangPeipei"])
def test_search_by_characters_pinyin_or_initials(api, seed_issue, query):
    assert "杨佩佩" in names(api.get(CONTRIBUTORS, {"search": query}))


def test_list_is_in_pinyin_order(api, seed_issue):
    listed = names(api.get(CONTRIBUTORS, {"role": "masthead", "page_size": 100}))
    from pypinyin import lazy_pinyin

    assert listed == sorted(listed, key=lambda name: "".join(lazy_pinyin(name)))
    assert listed.index("陆海涛") < listed.index("田进宝") < listed.index("杨佩佩")


def test_contributors_of_drafts_only_are_hidden(api, seed_issue):
    draft = IssueFactory(periodical=seed_issue.periodical, year=2026, number=2, status="draft")
    hidden = ContributorFactory(name="草稿作者")
    AuthorshipFactory(article=ArticleFactory(issue=draft), contributor=hidden)
    assert api.get(f"{CONTRIBUTORS}{hidden.pk}/").status_code == 404
    assert "草稿作者" not in names(api.get(CONTRIBUTORS, {"search": "草稿"}))
    editor_count = api.get(f"{CONTRIBUTORS}{Contributor.objects.get(name='杨佩佩').pk}/").json()
    assert editor_count["credits"]["authored"]["count"] == 0
