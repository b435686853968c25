"""The OpenAPI schema that generated clients can trust (drf-spectacular).

Two pieces, both general, so that an endpoint added later gets the same contract without a
decorator of its own:

- `AutoSchema` (REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS) adds to each operation what only the
  view knows: anonymous access (`{}` in `security`) where an anonymous request passes the
  view's permissions (`postprocess` then moves that optional requirement to the top level);
  the error answers (400, 401, 403, 404, 409, 412, 429) in the one error contract
  (core.problems), 304 and the caching headers (ETag, Last-Modified, Cache-Control, Vary,
  Cache-Tag, Surrogate-Key) of reads and the conditional request headers (If-None-Match,
  If-Modified-Since; If-Match where a write checks it).
- `postprocess` (SPECTACULAR_SETTINGS' POSTPROCESSING_HOOKS) tidies the whole document: the
  `Error` component, every field of a response component required (the serializers always
  send them, null where empty), query enums named as components instead of inline types that
  generators name after Chinese titles, integer-typed parameters with string values typed as
  strings, OpenAPI 3.0's `nullable` in hand-written schemas turned into 3.1's `null` type,
  files (CSV, XML, XLSX) described as 3.1 describes them, and the optional security of public
  reads stated once at the top level.

Where public reads say they are public. OpenAPI lets an operation inherit the document's
`security`; `[{}, {tokenAuth: []}, {cookieAuth: []}]` there says "anonymous, or signed in"
(staff who sign in see drafts too). openapi-typescript makes no use of `security`, but
openapi-python-client (0.29) reads only an operation's own `security` and treats any non-empty
one, `[{}]` included, as "needs a token" (its issue #1372): so public reads carry no `security`
of their own and inherit the top level, while everything that needs a credential keeps its
own requirement without `{}`. `.ci/schema-checks` generates both clients and checks this.
"""

import copy
import re

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular import openapi
from rest_framework import permissions
from rest_framework.request import Request

ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_COMPONENT = {
    "type": "object",
    "description": _(
        "Every error of the API: a sentence in Chinese for people, a code for programs and, "
        "for a 400, the parameters, headers or fields that were wrong, by the name sent."
    ),
    "properties": {
        "detail": {"type": "string", "description": _("What went wrong, in Chinese.")},
        "code": {
            "type": "string",
            "description": _(
                "A stable word for programs: invalid, parse_error, not_authenticated, "
                "authentication_failed, permission_denied, not_found, method_not_allowed, "
                "not_acceptable, unsupported_media_type, conflict, precondition_failed, "
                "throttled, error."
            ),
        },
        "fields": {
            "type": "object",
            "description": _(
                "The messages per query parameter, header or body field that was wrong "
                "(nested for a field of a nested object or list); only on a 400."
            ),
            "additionalProperties": True,
        },
    },
    "required": ["detail", "code"],
}

ERROR_DESCRIPTIONS = {
    "400": _("Bad request: the fields named are wrong (a parameter, a header or a field)."),
    "401": _(
        "No valid credentials: a token was sent that is not valid, or a write was "
        "attempted without signing in."
    ),
    "403": _("Signed in, but without the permission this needs."),
    "404": _("No such resource, or no such page of results."),
    "409": _("The current state forbids this write (a published issue, for instance)."),
    "412": _(
        "If-Match does not match: the resource was changed since you read it, or it "
        "does not exist. Nothing was changed; read it again."
    ),
    "429": _("Too many requests: wait the seconds Retry-After says."),
}

STRING_HEADER = {"schema": {"type": "string"}}
READ_HEADERS = {
    "ETag": _("The entity tag of this representation; send it back in If-None-Match."),
    "Last-Modified": _("When the issue shown last changed (issue, 目录, masthead, article)."),
    "Cache-Control": _("How long browsers and CDNs may keep the answer."),
    "Vary": _("The request headers the answer depends on."),
    "Cache-Tag": _("The CDN cache tags of the answer (space-separated), for purging."),
    "Surrogate-Key": _("The same tags, for CDNs that read Surrogate-Key."),
}
CONDITIONAL_PARAMETERS = [
    {
        "in": "header",
        "name": "If-None-Match",
        "schema": {"type": "string"},
        "description": _("ETags of copies you hold: if one is current, the answer is 304."),
    },
    {
        "in": "header",
        "name": "If-Modified-Since",
        "schema": {"type": "string"},
        "description": _(
            "The Last-Modified of your copy (HTTP date): if nothing changed since, the "
            "answer is 304. Ignored where no Last-Modified is sent."
        ),
    },
]
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
EMPTY_STRING = {"type": "string", "enum": [""]}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema with anonymous access, errors and caching documented."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if self.method in permissions.SAFE_METHODS and self.anonymous_may_call():
            security = operation.setdefault("security", [])
            if {} not in security:
                security.append({})
        self.document_errors(operation)
        if self.method == "GET":
            self.document_caching(operation)
        return operation

    def anonymous_may_call(self) -> bool:
        """Whether a request without credentials passes every permission of the view."""
        if self.view.request is None:
            return False
        # A new request around a copy of Django's: the generator's own request keeps its user.
        django_request = copy.copy(self.view.request._request)
        django_request.method = self.method
        request = Request(django_request)
        request.user = AnonymousUser()
        try:
            return all(
                permission.has_permission(request, self.view)
                for permission in self.view.get_permissions()
            )
        except Exception:  # a permission that needs more than a user: not public
            return False

    def document_errors(self, operation) -> None:
        parameters = {parameter["name"] for parameter in operation.get("parameters", [])}
        codes = ["400", "401", "429"]
        if "{" in self.path or "page" in parameters:
            codes.append("404")
        if self.method in WRITE_METHODS or not self.anonymous_may_call():
            codes.append("403")
        if self.method in WRITE_METHODS:
            codes.append("409")
        if "If-Match" in parameters:
            codes.append("412")
        responses = operation.setdefault("responses", {})
        for code in sorted(codes):
            response = responses.setdefault(code, {})
            response["description"] = response.get("description") or ERROR_DESCRIPTIONS[code]
            response["content"] = {"application/json": {"schema": ERROR}}
        responses["401"]["headers"] = {
            "WWW-Authenticate": {**STRING_HEADER, "description": _("Token: send a valid token.")}
        }
        responses["429"]["headers"] = {
            "Retry-After": {
                "schema": {"type": "integer"},
                "description": _("Seconds to wait before asking again."),
            }
        }

    def document_caching(self, operation) -> None:
        responses = operation["responses"]
        headers = {
            name: {**STRING_HEADER, "description": text} for name, text in READ_HEADERS.items()
        }
        for code, response in responses.items():
            if code.startswith("2"):
                response.setdefault("headers", {}).update(headers)
        responses["304"] = {
            "description": _("Not modified: the copy named in If-None-Match is current."),
            "headers": {name: headers[name] for name in ("ETag", "Cache-Control", "Vary")},
        }
        present = {parameter["name"] for parameter in operation.get("parameters", [])}
        operation.setdefault("parameters", []).extend(
            copy.deepcopy(parameter)
            for parameter in CONDITIONAL_PARAMETERS
            if parameter["name"] not in present
        )


def postprocess(result, generator, request, public):
    """POSTPROCESSING_HOOKS: the document-wide corrections described in the module docstring."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = ERROR_COMPONENT
    for name, component in schemas.items():
        if name.endswith("Request") or name == "Error":
            continue
        if component.get("type") == "object" and component.get("properties"):
            component["required"] = list(component["properties"])
    enum_names = {
        tuple(sorted(map(str, component["enum"]))): name
        for name, component in schemas.items()
        if "enum" in component
    }
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                _tidy_parameter(parameter, path, schemas, enum_names)
            _json_bodies_only(operation)
            _files_as_openapi_3_1(operation)
    _optional_security_at_top_level(result)
    _walk(result, _modernise)
    return result


def _optional_security_at_top_level(result) -> None:
    """The requirement "anonymous, or signed in" of public reads, once for the document (the
    module docstring says why). An operation without credentials of any kind says so with an
    empty `security`, so that it does not inherit the document's."""
    operations = [
        operation for methods in result.get("paths", {}).values() for operation in methods.values()
    ]
    optional = [
        operation["security"] for operation in operations if {} in operation.get("security", [])
    ]
    if not optional:
        return
    keys = [_requirements_key(security) for security in optional]
    common = max(set(keys), key=keys.count)
    result["security"] = [{}] + [
        requirement
        for requirement in next(s for s, key in zip(optional, keys, strict=True) if key == common)
        if requirement
    ]
    for operation in operations:
        if "security" not in operation:
            operation["security"] = []
        elif _requirements_key(operation["security"]) == common:
            del operation["security"]


def _requirements_key(security) -> frozenset:
    return frozenset(
        tuple(sorted((name, tuple(scopes)) for name, scopes in requirement.items()))
        for requirement in security
    )


def _files_as_openapi_3_1(operation) -> None:
    """A file answer (drf-spectacular's `type: string, format: binary`, OpenAPI 3.0's way) as
    OpenAPI 3.1 describes it: a text format (CSV, XML) is a string in the media type's
    charset, and raw binary content (XLSX) needs no schema, its media type says it all.
    Generated clients follow: openapi-python-client reads `text/*` as `response.text`, which
    with `format: binary` it would wrap in `BytesIO(str)`, a type error under mypy --strict."""
    for response in operation.get("responses", {}).values():
        for media_type, content in response.get("content", {}).items():
            if content.get("schema") != {"type": "string", "format": "binary"}:
                continue
            if media_type.startswith("text/"):
                content["schema"] = {"type": "string"}
            else:
                del content["schema"]


def _json_bodies_only(operation) -> None:
    """A write that takes JSON is documented with JSON alone: the form encodings DRF also
    parses are there for the browsable API's HTML forms, not for clients (a generated client
    would otherwise offer three ways to send the same body). Uploads keep multipart."""
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        for media_type in list(content):
            if media_type != "application/json":
                del content[media_type]


def _tidy_parameter(parameter, path, schemas, enum_names) -> None:
    schema = parameter.get("schema", {})
    title = schema.pop("title", None)
    if title and not parameter.get("description"):
        parameter["description"] = title
    if parameter.get("in") == "query" and parameter["name"] == "ordering":
        # Both forms are accepted; generated clients repeat the parameter (explode).
        parameter.pop("explode", None)
        parameter.pop("style", None)
    target = schema["items"] if schema.get("type") == "array" else schema
    values = target.get("enum")
    if not values:
        _allow_empty(parameter)
        return
    if target.get("type") == "integer" and any(isinstance(value, str) for value in values):
        target["type"] = "string"
    key = tuple(sorted(map(str, values)))
    name = enum_names.get(key)
    if name is None:
        resource = _camel(path.rstrip("/").split("/")[3] if path.count("/") > 3 else "api")
        name = f"{resource}{_camel(parameter['name'])}Enum"
        while name in schemas:
            name = f"{name}_"
        schemas[name] = {"type": target.get("type", "string"), "enum": values}
        enum_names[key] = name
    description = target.pop("description", None)
    target.clear()
    if parameter.get("required"):
        target["$ref"] = f"#/components/schemas/{name}"
    else:  # an empty value (as an HTML filter form sends it) means no filter, the default
        target["anyOf"] = [{"$ref": f"#/components/schemas/{name}"}, EMPTY_STRING]
    if description and not parameter.get("description"):
        parameter["description"] = description


def _allow_empty(parameter) -> None:
    """An optional query parameter of another type than text may be sent empty (an HTML
    filter form sends every field): the server reads it as absent, and the schema says so."""
    schema = parameter.get("schema", {})
    if parameter.get("in") != "query" or parameter.get("required") or "anyOf" in schema:
        return
    if schema.get("type") in (None, "array") or (
        schema.get("type") == "string" and "format" not in schema and "pattern" not in schema
    ):
        return
    description = schema.pop("description", None)
    parameter["schema"] = {"anyOf": [schema, EMPTY_STRING]}
    if description and not parameter.get("description"):
        parameter["description"] = description


def _camel(text: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", text) if part)


def _walk(node, visit) -> None:
    if isinstance(node, dict):
        visit(node)
        for value in node.values():
            _walk(value, visit)
    elif isinstance(node, list):
        for value in node:
            _walk(value, visit)


def _modernise(schema: dict) -> None:
    """OpenAPI 3.0's `nullable: true` left in a hand-written schema, as 3.1's `null` type."""
    if schema.pop("nullable", False) is True:
        kind = schema.get("type")
        if isinstance(kind, str):
            schema["type"] = [kind, "null"]
        elif isinstance(kind, list) and "null" not in kind:
            kind.append("null")
