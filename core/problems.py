"""The one error contract of the API: every answer >= 400 under /api/ is JSON, in Chinese,

    {"detail": "<a sentence for people>", "code": "<a word for programs>",
     "fields": {"<parameter or field>": ["<message>", …]}}

`fields` is there when the request named something wrong (a 400: a query parameter, a body
field, a header), keyed by the name the client sent. DRF's exceptions are shaped into it by
`core.api.exception_handler`; what Django answers before DRF (an unknown route, a server
error, input the middleware refuses) by the functions here. The schema documents it once
(`core.schema`).
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


def error_body(detail, code: str, fields: dict | None = None) -> dict:
    body = {"detail": str(detail), "code": code}
    if fields:
        body["fields"] = fields
    return body


def field_errors_body(fields: dict) -> dict:
    """A 400 naming what was wrong; the detail repeats a lone message of no field."""
    messages = fields.get("non_field_errors")
    if len(fields) == 1 and isinstance(messages, list) and len(messages) == 1:
        detail = messages[0]
    else:
        detail = _("The request is not valid: see the fields named.")
    return error_body(detail, "invalid", fields)


def error_response(body: dict, status: int) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def is_api_request(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def page_not_found(request, exception=None):
    """handler404: JSON under /api/ (an unknown route is a 404 of the API too), Django's page
    elsewhere."""
    if is_api_request(request):
        return error_response(error_body(_("Not found."), "not_found"), 404)
    from django.views.defaults import page_not_found as django_page_not_found

    return django_page_not_found(request, exception)


def server_error(request):
    """handler500: JSON under /api/, Django's page elsewhere."""
    if is_api_request(request):
        body = error_body(_("A server error occurred. Please try again later."), "error")
        return error_response(body, 500)
    from django.views.defaults import server_error as django_server_error

    return django_server_error(request)
