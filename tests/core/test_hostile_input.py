"""Hostile input answers a 4xx with a Chinese message naming the field, and writes nothing.

Each case here once ended in a 500 (issue 12): a NUL byte reached PostgreSQL (DataError), a
deeply nested JSON body the parser (RecursionError), a 20-digit id SQLite (OverflowError).
The refusals hold on both databases, so the tests run on both.
"""

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audit.models import ChangeRecord
from issues.models import Issue
from periodical.models import Column, Periodical
from tests.chinese import is_chinese

pytestmark = pytest.mark.django_db

SEED_TEXT = Path(__file__).resolve().parents[2] / "fixtures/seeds/001_f298dd8e9d14375d.txt"


def refused(response, field: str) -> list[str]:
    """The messages of a 400 for `field`, after checking that they are Chinese."""
    assert response.status_code == 400, response.content
    messages = response.json()["fields"][field]
    assert messages and all(is_chinese(message) for message in messages), messages
    return messages


# NUL bytes: PostgreSQL cannot store or compare them (DataError).


def test_a_nul_in_a_lookup_of_the_path_is_refused(api):
    refused(api.get("/api/v1/periodicals/%00/"), "slug")
    refused(api.get("/api/v1/issues/1%00/"), "pk")


def test_a_nul_in_a_lookup_of_a_write_is_refused_and_changes_nothing(editor_api):
    before = ChangeRecord.objects.count()
    refused(editor_api.patch("/api/v1/periodicals/%00/", {"name": "x"}, format="json"), "slug")
    assert ChangeRecord.objects.count() == before


def test_a_nul_in_a_query_parameter_is_refused(api):
    response = api.get("/api/v1/exports/issues/?format=csv&periodical=%00")
    refused(response, "periodical")
    refused(api.get("/api/v1/articles/", {"search": "党\x00员"}), "search")


def test_a_nul_in_a_json_field_is_refused_and_writes_nothing(editor_api, seed_issue):
    issues = Issue.objects.count()
    payload = {"periodical": "\u0000", "year": 2031, "number": 1}
    refused(editor_api.post("/api/v1/issues/", payload, format="json"), "periodical")
    assert Issue.objects.count() == issues

    column = Column.objects.first()
    response = editor_api.patch(
        f"/api/v1/columns/{column.pk}/", {"periodical": "\u0000"}, format="json"
    )
    refused(response, "periodical")
    response = editor_api.patch(
        f"/api/v1/columns/{column.pk}/", {"name": "理论\u0000学习"}, format="json"
    )
    refused(response, "name")
    column.refresh_from_db()
    assert "\x00" not in column.name


def test_a_nul_deep_in_a_json_body_is_refused_where_it_is(editor_api, seed_issue):
    article = seed_issue.articles.first()
    payload = {"authors": [{"contributor": 1, "affiliation": "党委\u0000组织部"}]}
    response = editor_api.patch(f"/api/v1/articles/{article.pk}/", payload, format="json")
    assert response.status_code == 400, response.content
    assert is_chinese(response.json()["fields"]["authors"][0]["affiliation"][0])


def test_a_nul_in_a_form_field_is_refused(editor_api, seed_issue):
    response = editor_api.patch(
        f"/api/v1/issues/{seed_issue.pk}/", {"cover_caption": "封面\x00"}, format="multipart"
    )
    refused(response, "cover_caption")


def test_a_token_with_a_nul_is_refused(api):
    api.credentials(HTTP_AUTHORIZATION="Token abc\x00def")
    refused(api.get("/api/v1/issues/"), "Authorization")


def test_the_admin_answers_a_nul_with_a_bad_request_page(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("boss", password="x"))
    response = client.get(
        "/admin/autocomplete/",
        {"term": "\x00", "app_label": "articles", "model_name": "authorship",
         "field_name": "contributor"},
    )  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "term" in page and is_chinese(page)

    periodicals = Periodical.objects.count()
    response = client.post("/admin/periodical/periodical/add/", {"name": "党\x00刊"})
    assert response.status_code == 400
    assert "name" in response.content.decode()
    assert Periodical.objects.count() == periodicals


# Deep JSON: the parser must not recurse without bound.


def test_a_json_body_nested_100000_deep_is_a_bad_request(editor_api):
    body = "[" * 100_000 + "]" * 100_000
    response = editor_api.post("/api/v1/issues/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert is_chinese(response.json()["detail"])


def test_a_json_body_nested_deeper_than_any_document_is_a_bad_request(editor_api):
    body = {"title": "x"}
    for _level in range(40):
        body = {"title": [body]}
    response = editor_api.post("/api/v1/issues/", body, format="json")
    assert response.status_code == 400, response.content
    assert is_chinese(response.json()["detail"])


# Ids beyond the database's integer range: SQLite cannot bind them (OverflowError).

ID_FILTERS = ["author", "issue", "column", "photographer", "responsible_editor"]


@pytest.mark.parametrize("name", ID_FILTERS)
def test_an_id_filter_beyond_the_integer_range_is_refused(api, name):
    refused(api.get("/api/v1/articles/", {name: "9" * 20}), name)


@pytest.mark.parametrize("value", ["-1", "0", "1.5", "1e400", "abc"])
def test_an_id_filter_is_a_whole_number_from_1(api, value):
    refused(api.get("/api/v1/articles/", {"issue": value}), "issue")


def test_an_id_filter_in_range_still_filters(api, seed_issue):
    response = api.get("/api/v1/articles/", {"issue": seed_issue.pk, "page_size": 100})
    assert response.status_code == 200
    assert response.json()["count"] == seed_issue.articles.count()


def test_the_change_records_id_filters_are_bounded_too(auditor_api):
    refused(auditor_api.get("/api/v1/changes/", {"issue": "9" * 20}), "issue")
    refused(auditor_api.get("/api/v1/changes/", {"object_id": "9" * 20}), "object_id")


# Commands: a NUL is refused with one line, as the admin's upload refuses it.


@pytest.fixture
def other_magazine(db) -> Periodical:
    return Periodical.objects.create(name="另一刊", slug="other")


def test_import_issue_refuses_a_nul_with_one_line_and_writes_nothing(other_magazine, tmp_path):
    text = SEED_TEXT.read_text(encoding="utf-8")
    path = tmp_path / "issue.txt"
    middle = len(text) // 2  # in an article's body
    path.write_text(text[:middle] + "\x00" + text[middle:], encoding="utf-8")

    with pytest.raises(CommandError) as refusal:
        call_command("import_issue", str(path), periodical="other")

    assert "\n" not in str(refusal.value) and "NUL" in str(refusal.value)
    assert not Issue.objects.filter(periodical=other_magazine).exists()


@pytest.mark.parametrize(
    "bad, reason", [("\u0000", "NUL"), ("\ud800", "Unicode")], ids=["nul", "lone-surrogate"]
)
def test_load_seed_data_refuses_unstorable_text_with_one_line_and_writes_nothing(
    tmp_path, seed_issue, bad, reason
):
    export = tmp_path / "export.json"
    call_command(
        "export_issues", periodical="dangyuan-zhiyou", format="json", output=str(export),
        progress=False,
    )  # fmt: skip
    exported = json.loads(export.read_text(encoding="utf-8"))
    exported["issues"][0]["articles"][0]["title"] = f"新{bad}标题"
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(exported), encoding="utf-8")  # escaped: "\\u0000", "\\ud800"
    records = ChangeRecord.objects.count()
    titles = list(seed_issue.articles.order_by("pk").values_list("title", flat=True))

    with pytest.raises(CommandError) as refusal:
        call_command("load_seed_data", str(path), "--reset", stdout=io.StringIO())

    assert "\n" not in str(refusal.value) and reason in str(refusal.value)
    assert "articles[0].title" in str(refusal.value)
    assert list(seed_issue.articles.order_by("pk").values_list("title", flat=True)) == titles
    assert ChangeRecord.objects.count() == records


def test_a_token_client_gets_the_same_refusals(editor, seed_issue):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    refused(client.get("/api/v1/articles/", {"author": "9" * 20}), "author")
