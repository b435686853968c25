"""The JSON export carries everything needed to rebuild the issues: loading it into an empty
database gives the same 目录 and masthead API responses and the same rows, field by field."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.db import models

from articles.models import Article, Authorship, PhotoCredit
from articles.search import article_refresh_search
from contributors.models import Contributor, ContributorNameVariant
from documents.reading import DocumentError
from documents.services import document_file_load
from exports.services import export_chunks, issues_for_export
from issues.models import Highlight, Issue, MastheadEntry
from periodical.models import Column, MastheadRole, Periodical
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ColumnFactory,
    ContributorFactory,
    IssueFactory,
    MastheadEntryFactory,
    MastheadRoleFactory,
    PeriodicalFactory,
    PhotoCreditFactory,
    unrecorded,
)

pytestmark = pytest.mark.django_db

CATALOGUE = [
    Periodical,
    Column,
    MastheadRole,
    Contributor,
    ContributorNameVariant,
    Issue,
    MastheadEntry,
    Highlight,
    Article,
    Authorship,
    PhotoCredit,
]
# Legitimately different after a reload: database ids and the times rows were written.
# The workflow's state is not printed content: a loaded document's articles enter as 定稿,
# marked as imported (documents/contents.py); their sign-offs stay with the database.
NOT_COMPARED = {"id", "created_at", "updated_at", "content_changed_at", "stage", "workflow_origin"}


def natural_key(obj):
    """What identifies a row whatever its database id."""
    if isinstance(obj, Periodical):
        return obj.slug
    if isinstance(obj, Column | MastheadRole):
        return (obj.periodical.slug, obj.name)
    if isinstance(obj, Contributor):
        return obj.name
    if isinstance(obj, Issue):
        return (obj.periodical.slug, obj.year, obj.number, obj.supplement, obj.publication_date)
    if isinstance(obj, Article):
        return (natural_key(obj.issue), obj.toc_order, obj.start_page, obj.title)
    raise AssertionError(f"no natural key for {obj!r}")


def catalogue_snapshot() -> dict:
    """Every row of every catalogue model, every field, foreign keys by natural key."""
    snapshot = {}
    for model in CATALOGUE:
        rows = []
        for obj in model.objects.all():
            row = {}
            for field in model._meta.concrete_fields:
                if field.name in NOT_COMPARED:
                    continue
                value = getattr(obj, field.name)
                if isinstance(field, models.ForeignKey) and value is not None:
                    value = natural_key(value)
                elif isinstance(field, models.FileField):
                    value = value.name
                row[field.name] = value
            rows.append(repr(sorted(row.items())))
        snapshot[model.__name__] = sorted(rows)
    return snapshot


# Which table an id in the 目录 and masthead responses refers to, by the key that holds it.
ID_TABLES = {
    "issue": "issue",
    "periodical": "periodical",
    "column": "column",
    "authors": "contributor",
    "people": "contributor",
    "photographer": "contributor",
}


def normalise_ids(value, seen: dict, parent: str = ""):
    """Database ids replaced by their order of first appearance in their table.

    The ids of a reloaded database differ; which rows are the same row must not: an author
    printed twice stays one contributor, a highlight points at the article of its entry.
    """
    if isinstance(value, list):
        return [normalise_ids(item, seen, parent) for item in value]
    if not isinstance(value, dict):
        return value
    result = {}
    for key, item in value.items():
        table = "article" if key == "article" and isinstance(item, int) else None
        if key == "id" and item is not None:
            assert parent in ID_TABLES, f"an id under {parent!r}: say which table it is"
            table = ID_TABLES[parent]
        if table:
            ids = seen.setdefault(table, {})
            result[key] = ids.setdefault(item, len(ids) + 1)
        else:
            result[key] = normalise_ids(item, seen, key)
    return result


def api_snapshot(client) -> list:
    """The 目录 and masthead of every issue, as a staff user who sees drafts gets them."""
    responses = []
    for issue in issues_for_export():
        for part in ("toc", "masthead"):
            response = client.get(f"/api/v1/issues/{issue.pk}/{part}/")
            assert response.status_code == 200
            responses.append(response.json())
    return normalise_ids(responses, {})


def export_json(path, issues=None):
    with open(path, "wb") as output:
        for chunk in export_chunks("json", issues if issues is not None else issues_for_export()):
            output.write(chunk)
    return path


@unrecorded()  # the records are not rows of the catalogue
def delete_catalogue():
    Issue.objects.all().delete()  # with their articles, credits, masthead and highlights
    Column.objects.all().delete()
    MastheadRole.objects.all().delete()
    Contributor.objects.all().delete()
    Periodical.objects.all().delete()
    for model in CATALOGUE:
        assert not model.objects.exists(), model


def test_loading_the_json_export_of_the_seed_issues_rebuilds_them(editor_api, tmp_path):
    assert Issue.objects.count() == 4
    api_before, rows_before = api_snapshot(editor_api), catalogue_snapshot()
    path = export_json(tmp_path / "issues.json")

    delete_catalogue()
    results = document_file_load(path)

    assert [result.created for _name, result in results] == [True] * 4
    assert api_snapshot(editor_api) == api_before
    assert catalogue_snapshot() == rows_before


def test_the_seed_issue_toc_is_compared_in_full(editor_api, seed_issue):
    """The comparison above is not vacuous: the 目录 holds the printed entries and authors."""
    toc = api_snapshot(editor_api)
    titles = [e["title"] for s in toc[0]["sections"] for e in s["entries"]]
    assert "促进区域协调发展 更好建设美丽新疆" in json.dumps(toc, ensure_ascii=False)
    assert len(titles) > 30


def test_what_seed_documents_never_have_is_carried_too(tmp_path):
    """A draft with facts unlike the periodical's, credits pointing at another contributor than
    the printed name, an editor with no contributor, gaps in the 目录 order, notes."""
    periodical = PeriodicalFactory(slug="edge", price="8.00", printer="今日印刷厂")
    issue = IssueFactory(
        periodical=periodical,
        year=2024,
        number=5,
        status=Issue.Status.DRAFT,
        published_at=datetime.datetime(2024, 5, 1, 8, 30, tzinfo=datetime.UTC),
        price=None,  # printed without a price, although the periodical has one today
        printer="",
        cumulative_number=300,
        note="期次备注",
    )
    person = ContributorFactory(name="王小伟", kind=Contributor.Kind.PERSON, note="笔名另见")
    ContributorNameVariant.objects.create(contributor=person, name="王晓伟")
    column = ColumnFactory(periodical=periodical, name="理论研究", order=7)
    ColumnFactory(periodical=periodical, name="未用栏目", order=9)
    article = ArticleFactory(
        issue=issue,
        column=column,
        toc_order=10,
        start_page=3,
        end_page=5,
        continuation_pages="9",
        responsible_editor=None,
        responsible_editor_name="佚名编辑",
        note="文章备注",
        body="第一段\n\n第二段",
    )
    ArticleFactory(issue=issue, column=None, toc_order=None, start_page=None, title="未入目录")
    AuthorshipFactory(article=article, contributor=person, credited_name="王晓伟", order=1)
    AuthorshipFactory(article=article, credited_name="李四", order=2, affiliation="某单位")
    PhotoCreditFactory(
        article=article, photographer=None, credited_name="", kind="archive", order=1
    )
    PhotoCreditFactory(
        article=None, issue=issue, on_cover=True, photographer=person, credited_name="王小伟",
        agency="新华社", credited_title="记者", order=1,
    )  # fmt: skip
    role = MastheadRoleFactory(periodical=periodical, name="编辑", order=3)
    MastheadEntryFactory(issue=issue, role=role, contributor=person, note="兼", order=1)
    MastheadEntryFactory(issue=issue, role=role, note="", order=2)
    # The search text is derived; factories leave it empty, the loader computes it.
    article_refresh_search(article_ids=list(issue.articles.values_list("pk", flat=True)))
    before = catalogue_snapshot()
    path = export_json(tmp_path / "edge.json", issues_for_export(periodical=periodical))

    Issue.objects.filter(periodical=periodical).delete()
    periodical.columns.all().delete()
    periodical.masthead_roles.all().delete()
    Contributor.objects.filter(authorships__isnull=True, masthead_entries__isnull=True).filter(
        photo_credits__isnull=True, edited_articles__isnull=True
    ).delete()
    periodical.delete()
    document_file_load(path)

    assert catalogue_snapshot() == before


def test_a_bad_document_in_an_export_is_a_one_line_error_and_writes_nothing(tmp_path, seed_issue):
    """The documents of one file are loaded all or nothing: the good ones before a bad one too."""
    path = export_json(tmp_path / "issues.json")
    export = json.loads(path.read_text(encoding="utf-8"))
    for document in export["issues"]:
        document["periodical"]["slug"] += "-copy"
        document["periodical"]["issn"] = ""
    export["issues"][2]["articles"][0]["end_page"] = -1
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    issues_before = Issue.objects.count()

    with pytest.raises(DocumentError) as caught:
        document_file_load(path)

    message = str(caught.value)
    assert "\n" not in message and "issues.json, document 3" in message
    assert "article a1: end_page" in message
    assert Issue.objects.count() == issues_before
    slugs = [document["periodical"]["slug"] for document in export["issues"]]
    assert not Periodical.objects.filter(slug__in=slugs).exists()


def test_an_export_of_another_version_is_refused(tmp_path):
    path = tmp_path / "future.json"
    path.write_text('{"format": "periodical-issues", "version": 2, "issues": []}')
    with pytest.raises(DocumentError, match="version 2"):
        document_file_load(path)


def test_load_seed_data_loads_an_export(tmp_path, seed_issue, capsys):
    path = export_json(tmp_path / "issues.json", issues_for_export(issue_ids=[seed_issue.pk]))
    call_command("load_seed_data", str(path))
    assert "2025年第3期 (37 articles) already present, kept" in capsys.readouterr().out
