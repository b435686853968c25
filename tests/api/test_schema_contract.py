"""The schema as generated clients read it (issue 16): public reads are anonymous, null is
typed as null, fields always sent are required, ids are integers, enums are named, and every
operation documents its errors (one Error schema), 304 and the caching headers."""

import re

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from tests.chinese import is_chinese

pytestmark = pytest.mark.django_db

ERROR = {"$ref": "#/components/schemas/Error"}
WRITES = {"post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock(), translation.override("zh-hans"):
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def component(schema, name):
    return schema["components"]["schemas"][name]


def is_nullable(spec) -> bool:
    kinds = spec.get("type")
    if isinstance(kinds, list) and "null" in kinds:
        return True
    return any(option.get("type") == "null" for option in spec.get("oneOf", []))


def test_it_is_openapi_3_1(schema):
    assert schema["openapi"].startswith("3.1")


def test_public_reads_declare_anonymous_access_and_nothing_else_does(schema):
    # An operation without `security` of its own inherits the document's (OpenAPI 3.1).
    assert schema["security"] == [{}, {"tokenAuth": []}, {"cookieAuth": []}]
    security = {
        (path, method): operation.get("security", schema["security"])
        for path, method, operation in operations(schema)
    }
    for path in ["/api/v1/issues/{id}/toc/", "/api/v1/articles/", "/api/v1/periodicals/"]:
        assert {} in security[(path, "get")], path
    assert (
        {}
        in security[
            ("/api/v1/periodicals/{periodical_slug}/issues/{year}/{number}/masthead/", "get")
        ]
    )
    # Auditors only, and every write: a credential is required.
    assert {} not in security[("/api/v1/changes/", "get")]
    for (path, method), requirements in security.items():
        if method in WRITES:
            assert {} not in requirements, (path, method)


def test_public_reads_inherit_the_optional_security_as_the_python_generator_reads_it(schema):
    """openapi-python-client reads only an operation's own `security` and asks a token of any
    operation that has one, `[{}]` included (core.schema says why): public reads must have none
    of their own, and an operation that needs a credential must keep its own."""
    own = {
        (path, method): operation.get("security") for path, method, operation in operations(schema)
    }
    for path in ["/api/v1/issues/{id}/toc/", "/api/v1/articles/{id}/", "/api/v1/issues/"]:
        assert own[(path, "get")] is None, path
    assert own[("/api/v1/periodicals/{periodical_slug}/issues/latest/", "get")] is None
    assert own[("/api/v1/periodicals/{periodical_slug}/years/", "get")] is None
    assert own[("/api/v1/changes/", "get")] == [{"tokenAuth": []}, {"cookieAuth": []}]
    assert own[("/api/v1/issues/", "post")] == [{"tokenAuth": []}, {"cookieAuth": []}]


def test_file_answers_are_described_as_openapi_3_1_does(schema):
    """Text files (CSV, XML) are strings, raw binary (XLSX) has no schema: 3.0's
    `format: binary` on a text type made the Python client wrap a str in BytesIO."""
    exports = schema["paths"]["/api/v1/exports/issues/"]["get"]["responses"]["200"]["content"]
    assert exports["text/csv"] == {"schema": {"type": "string"}}
    assert exports["text/xml"] == {"schema": {"type": "string"}}
    assert exports["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] == {}
    changes = schema["paths"]["/api/v1/changes/export/"]["get"]["responses"]["200"]["content"]
    assert changes == {"text/csv": {"schema": {"type": "string"}}}
    assert "binary" not in str(schema["paths"])


def test_nullable_references_and_fields_are_typed_null(schema):
    article = component(schema, "ArticleDetail")["properties"]
    assert is_nullable(article["column"]) and is_nullable(article["responsible_editor"])
    assert is_nullable(component(schema, "MastheadCover")["properties"]["image"])
    assert is_nullable(component(schema, "MastheadCover")["properties"]["photographer"])
    assert is_nullable(component(schema, "Masthead")["properties"]["barcode"])
    # 3.0's `nullable` is nowhere left to be ignored.
    assert "nullable" not in str(schema)


def test_fields_present_in_every_response_are_required(schema):
    for name in ["ArticleDetail", "Article", "Toc", "TocEntry", "Masthead", "Issue"]:
        spec = component(schema, name)
        assert set(spec["required"]) == set(spec["properties"]), name
    # Requests keep their optional fields.
    assert "subtitle" not in component(schema, "ArticleWriteRequest").get("required", [])


def test_ids_are_integers(schema):
    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
    }
    for name in ["issue", "author", "column", "responsible_editor", "photographer", "year"]:
        # An integer, or empty (an HTML filter form sends empty fields): never a float.
        integer, empty = parameters[name]["anyOf"]
        assert integer["type"] == "integer" and empty == {"type": "string", "enum": [""]}
    [path_id] = [
        parameter
        for parameter in schema["paths"]["/api/v1/issues/{id}/"]["get"]["parameters"]
        if parameter["in"] == "path"
    ]
    assert path_id["name"] == "id" and path_id["schema"]["type"] == "integer"


def test_query_enums_are_named_components_of_the_right_type(schema):
    parameters = {
        parameter["name"]: parameter
        for parameter in schema["paths"]["/api/v1/changes/"]["get"]["parameters"]
    }
    # A named enum, or empty (an HTML filter form sends empty fields: no filter).
    reference, empty = parameters["action"]["schema"]["anyOf"]
    assert empty == {"type": "string", "enum": [""]}
    action = component(schema, reference["$ref"].split("/")[-1])
    assert action["type"] == "string" and set(action["enum"]) == {"create", "update", "delete"}
    status = schema["paths"]["/api/v1/issues/"]["get"]["parameters"]
    [status] = [parameter for parameter in status if parameter["name"] == "status"]
    assert status["schema"]["anyOf"][0] == {"$ref": "#/components/schemas/IssueStatusEnum"}
    # Generators make class names of titles and component names: no Chinese in either.
    assert all(re.fullmatch(r"[A-Za-z0-9_]+", name) for name in schema["components"]["schemas"])
    for path, method, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            assert "title" not in parameter["schema"], (path, method, parameter["name"])


def test_ordering_is_declared_as_generators_send_it(schema):
    [ordering] = [
        parameter
        for parameter in schema["paths"]["/api/v1/articles/"]["get"]["parameters"]
        if parameter["name"] == "ordering"
    ]
    assert ordering["schema"]["type"] == "array"
    assert ordering.get("explode", True) is True  # repeated, the OpenAPI default


def test_every_operation_documents_its_errors_with_one_schema(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"400", "401", "429"}
        if "{" in path:
            expected.add("404")
        if method in WRITES:
            expected |= {"403", "409"}
        names = {parameter["name"] for parameter in operation.get("parameters", [])}
        if "If-Match" in names:
            expected.add("412")
        assert expected <= set(responses), (path, method, expected - set(responses))
        for code in expected:
            assert responses[code]["content"]["application/json"]["schema"] == ERROR
            assert is_chinese(str(responses[code]["description"])), (path, method, code)
        assert "WWW-Authenticate" in responses["401"]["headers"]
        assert "Retry-After" in responses["429"]["headers"]
    error = component(schema, "Error")
    assert error["required"] == ["detail", "code"]
    assert set(error["properties"]) == {"detail", "code", "fields"}


def test_reads_document_304_and_the_caching_headers(schema):
    for path, method, operation in operations(schema):
        if method != "get":
            continue
        names = {parameter["name"] for parameter in operation["parameters"]}
        assert {"If-None-Match", "If-Modified-Since"} <= names, path
        assert "304" in operation["responses"], path
        headers = operation["responses"]["200"]["headers"]
        assert {"ETag", "Last-Modified", "Cache-Control", "Cache-Tag", "Surrogate-Key"} <= set(
            headers
        ), path


def test_versioned_writes_document_if_match_and_412(schema):
    operation = schema["paths"]["/api/v1/articles/{id}/"]["patch"]
    assert "If-Match" in {parameter["name"] for parameter in operation["parameters"]}
    assert operation["responses"]["412"]["content"]["application/json"]["schema"] == ERROR
