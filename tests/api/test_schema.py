"""The OpenAPI schema validates, describes every field, and the docs page serves it."""

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_is_valid_openapi_3(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


def test_every_field_is_described(schema):
    missing = []
    for name, component in schema["components"]["schemas"].items():
        for field, spec in component.get("properties", {}).items():
            described = spec.get("description") or spec.get("title")
            if not described and "allOf" in spec:
                described = any(part.get("description") for part in spec["allOf"])
            if not described:
                missing.append(f"{name}.{field}")
    assert missing == []


def test_every_query_parameter_is_described(schema):
    missing = [
        f"{method.upper()} {path} ?{parameter['name']}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if not (parameter.get("description") or parameter["schema"].get("description"))
    ]
    assert missing == []


def test_the_contract_paths_are_documented(schema):
    for path in [
        "/api/v1/periodicals/",
        "/api/v1/periodicals/{slug}/",
        "/api/v1/issues/",
        "/api/v1/issues/{id}/toc/",
        "/api/v1/issues/{id}/masthead/",
        "/api/v1/periodicals/{periodical_slug}/issues/{year}/{number}/toc/",
        "/api/v1/articles/",
        "/api/v1/contributors/{id}/",
        "/api/v1/columns/",
    ]:
        assert path in schema["paths"], path


def test_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
