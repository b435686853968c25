"""What every endpoint of the REST API shares: who may see drafts and write, pagination,
caching headers, conditional GETs, the model's own validation on writes and the versions
that refuse a stale write (If-Match, 412).
"""

import contextlib
import copy
import hashlib
import json
import re

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connection
from django.http import Http404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings

from .concurrency import StaleVersion
from .effects import apply_pending
from .errors import Conflict


def can_see_drafts(user) -> bool:
    """Staff who may view issues in the admin see draft issues and their articles."""
    if not (user and user.is_authenticated and user.is_staff):
        return False
    return user.has_perm("issues.view_issue")


class StaffModelPermissionsOrReadOnly(permissions.DjangoModelPermissions):
    """Anyone reads; only staff with the model's add/change/delete permission write."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_staff) and super().has_permission(
            request, view
        )


class CatalogPagination(PageNumberPagination):
    """Numbered pages; a page number that is not a number is a bad request, not a missing page."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param, 1)
        if number not in self.last_page_strings:
            try:
                if int(number) < 1:
                    raise ValueError
            except (TypeError, ValueError):
                raise ValidationError(
                    {self.page_query_param: [_("A page number is a whole number from 1.")]}
                ) from None
        return number

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            try:
                size = int(raw)
                if size < 1:
                    raise ValueError
            except ValueError:
                raise ValidationError(
                    {
                        self.page_size_query_param: [
                            _("The page size is a whole number from 1 to %(max)d.")
                            % {"max": self.max_page_size}
                        ]
                    }
                ) from None
        return super().get_page_size(request)

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        descriptions = {
            "count": _("Number of results on all pages."),
            "next": _("The next page, or null on the last page."),
            "previous": _("The previous page, or null on the first page."),
            "results": _("This page's results."),
        }
        for name, description in descriptions.items():
            schema["properties"][name]["description"] = description
        return schema

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise NotFound(_("There is no such page.")) from None


def api_error_detail(error: DjangoValidationError) -> dict:
    """A Django ValidationError as DRF's field errors; errors of no field as non_field_errors."""
    detail = serializers.as_serializer_error(error)
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return detail


class StateConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The resource cannot be changed in its current state.")
    default_code = "conflict"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The resource has been changed since you read it.")
    default_code = "precondition_failed"


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError (from a model or a service) as a 400, a
    Conflict (core.errors: a write the state forbids) as a 409 and a stale version
    (core.concurrency) as a 412 saying who changed the resource meanwhile."""
    # Imported here: rest_framework.views reads REST_FRAMEWORK, which names this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Http404):
        # Django's message names the model in English ("No Issue matches the given query.").
        exc = NotFound(not_found_message(context.get("view")))
    elif isinstance(exc, Conflict):
        exc = StateConflict(" ".join(exc.messages), code=exc.code)
    elif isinstance(exc, DjangoValidationError):
        exc = ValidationError(api_error_detail(exc))
    elif isinstance(exc, StaleVersion):
        exc = PreconditionFailed(exc.message)
    return drf_exception_handler(exc, context)


def view_model(view):
    """The model a view shows, from its queryset or its serializer; None for other views."""
    queryset = getattr(view, "queryset", None)
    if queryset is None and hasattr(view, "get_queryset") and getattr(view, "request", None):
        with contextlib.suppress(Exception):  # a view that cannot say: no model named
            queryset = view.get_queryset()
    if queryset is not None:
        return queryset.model
    serializer = getattr(view, "serializer_class", None)
    return getattr(getattr(serializer, "Meta", None), "model", None)


def not_found_message(view) -> str:
    """未找到该期次。: what was not found, in the reader's language, never a class name."""
    model = view_model(view)
    if model is None:
        return str(_("Not found."))
    return str(_("No such %(model)s.") % {"model": model._meta.verbose_name})


# The browsable API's page titles by action, where the model's name alone would not say it.
ACTION_TITLES = {
    "toc": _("Table of contents as printed"),
    "masthead": _("Masthead as printed"),
    "publish": _("Publish the issue"),
    "unpublish": _("Withdraw the issue to draft"),
}


def view_name(view) -> str:
    """The title of a page of the browsable API, in the reader's language (DRF's default is
    the class name in English: "Issue By Number", "Api Root")."""
    from rest_framework.views import get_view_name as drf_view_name

    if type(view).__name__ == "APIRootView":
        return str(_("API root"))
    action = getattr(view, "action", None)
    if action in ACTION_TITLES:
        return str(ACTION_TITLES[action])
    model = view_model(view)
    if model is None:
        return drf_view_name(view)
    if getattr(view, "suffix", None) == "List" or action == "list":
        return str(_("List of %(models)s") % {"models": model._meta.verbose_name_plural})
    return str(model._meta.verbose_name)


def view_description(view, html=False) -> str:
    """The text under the title of a page of the browsable API: the English docstrings are for
    the developers of this code; readers get a Chinese pointer to the documentation."""
    from django.utils.html import format_html

    text = str(_("Every field and parameter is described in the API documentation (/api/docs/)."))
    return format_html("<p>{}</p>", text) if html else text


class ModelValidationMixin:
    """Run the model's own validation (clean(), constraints, uniqueness) before saving.

    DRF validates fields only; the admin also runs `full_clean()`. With this the API refuses
    exactly what the admin refuses, with the same (Chinese) messages, as a 400 per field.
    """

    model_validation_exclude: list[str] = []  # fields set by the caller after validation

    def validate(self, attrs):
        attrs = super().validate(attrs)
        concrete = {field.name for field in self.Meta.model._meta.concrete_fields}
        instance = copy.copy(self.instance) if self.instance is not None else self.Meta.model()
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        try:
            instance.full_clean(exclude=self.model_validation_exclude)
        except DjangoValidationError as error:
            raise ValidationError(api_error_detail(error)) from None
        return attrs


def _digest(parts, length: int) -> str:
    return hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:length]


def response_etag(*parts) -> str:
    """A strong ETag from the parts that decide a response's content."""
    return quote_etag(_digest(parts, 32))


def version_etag(version: int, *parts) -> str:
    """A strong ETag `"7.3fa9…"`: the resource's version, then a digest of what else decides
    the representation (the format, the language, or an issue's content timestamp)."""
    return f'"{version}.{_digest(parts, 24)}"'


# An entity tag this API gave: the version before the dot. Weak tags never match (RFC 9110).
VERSION_ETAG = re.compile(r'^"(\d+)(?:\.[0-9a-f]*)?"$')

IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=_(
        "The ETag of the resource as you read it (GET, or the response to your last write). "
        "The write is made only if nobody has changed the resource since: otherwise the answer "
        "is 412 and nothing is changed. Without this header the write is accepted whatever "
        "the resource's version (the last write wins), so simple scripts keep working."
    ),
)
PRECONDITION_FAILED_RESPONSE = OpenApiResponse(
    description=_(
        "If-Match does not match: the resource was changed since you read it (the message "
        "says by whom and when), or it does not exist. Nothing was changed; read it again."
    )
)


def versioned_write_schema(
    summary, response, *, created=False, deleted=False, conflict=None, **kwargs
):
    """extend_schema for a write guarded by If-Match: the header, the answer (with its ETag)
    and the 412 documented; `conflict`, when the state can refuse the write, describes its 409."""
    code = 204 if deleted else 201 if created else 200
    responses = {code: response, 412: PRECONDITION_FAILED_RESPONSE}
    if conflict is not None:
        responses[409] = OpenApiResponse(description=conflict)
    return extend_schema(
        summary=summary, parameters=[IF_MATCH_PARAMETER], responses=responses, **kwargs
    )


class VersionedMixin:
    """Optimistic concurrency for a resource with a `version` (core.concurrency).

    Its detail and every successful write answer with a strong ETag that starts with the
    version. A write (PUT, PATCH, an action calling `if_match_version`) whose If-Match names
    another version, is not an ETag of ours, or is `*` for a resource that does not exist,
    answers 412 and changes nothing; the service's compare-and-set refuses a concurrent
    writer that read the same version. A write without If-Match is accepted.
    """

    def etag_parts(self, instance, data) -> tuple:
        """What besides the version decides the representation; issues and articles override
        it with their content timestamp, so that a 304 needs no serialisation."""
        renderer = getattr(self.request, "accepted_renderer", None)
        body = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
        return (getattr(renderer, "format", ""), getattr(self.request, "LANGUAGE_CODE", ""), body)

    def versioned_response(self, instance, *, status_code=status.HTTP_200_OK) -> Response:
        """`instance` as its detail GET shows it, read again after the write, with its ETag."""
        apply_pending()  # the write's effects (the issue's content timestamp) are in the ETag
        with self._as_retrieve():
            instance = self.get_queryset().filter(pk=instance.pk).first() or instance
            data = self.get_serializer(instance).data
        response = Response(data, status=status_code)
        response["ETag"] = version_etag(instance.version, *self.etag_parts(instance, data))
        return response

    @contextlib.contextmanager
    def _as_retrieve(self):
        # The detail GET's queryset and serializer, which may differ from the write's.
        action, self.action = self.action, "retrieve"
        try:
            yield
        finally:
            self.action = action

    def if_match_version(self, instance) -> int | None:
        """The version the client's If-Match names, None without one (or `*`); StaleVersion if
        it names another version or is not an ETag of ours."""
        header = self.request.headers.get("If-Match")
        if header is None:
            return None
        tags = [tag.strip() for tag in header.split(",")]
        if "*" in tags:
            return None
        for tag in tags:
            found = VERSION_ETAG.match(tag)
            if found and int(found[1]) == instance.version:
                return instance.version
        raise StaleVersion(instance, expected=None)

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            if self.request.method not in permissions.SAFE_METHODS and (
                "If-Match" in self.request.headers
            ):
                raise PreconditionFailed(_("There is no such resource to change.")) from None
            raise

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        data = self.get_serializer(instance).data
        response = Response(data)
        response["ETag"] = version_etag(instance.version, *self.etag_parts(instance, data))
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return self.versioned_response(serializer.instance, status_code=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        expected = self.if_match_version(instance)
        serializer = self.get_serializer(
            instance, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)
        serializer.save(expected_version=expected)
        return self.versioned_response(serializer.instance)


class CacheHeadersMixin:
    """Cache-Control for a CDN: public content is shared; what a signed-in user sees is not."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
            if request.user and request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            elif "Cache-Control" not in response:
                patch_cache_control(
                    response,
                    public=True,
                    max_age=settings.API_CACHE_MAX_AGE,
                    s_maxage=settings.API_CACHE_SHARED_MAX_AGE,
                )
        return response


class IssueConditionalMixin:
    """Conditional GET for the responses that show one issue: ETag and Last-Modified.

    Both come from `Issue.content_changed_at`, which any change to what the issue shows
    touches (see issues/signals.py, articles/signals.py); a matching conditional GET is
    answered 304 before anything but the issue is read.
    """

    def content_etag_parts(self, request, *, issue, resource: str) -> tuple:
        renderer = getattr(request, "accepted_renderer", None)
        return (
            resource,
            issue.content_changed_at.isoformat(),
            issue.status,
            getattr(renderer, "format", ""),
            request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "",
            ",".join(request.GET.getlist("fields")),  # ?fields= gives another body
        )

    def conditional_response(self, request, *, issue, resource: str, build, version=None):
        """`build()`'s response, or 304 if the client's copy of `resource` is current.

        With the `version` of an editable resource (the issue, an article) the ETag starts
        with it (see VersionedMixin); the 目录 and the masthead have content ETags only.
        """
        changed = issue.content_changed_at
        parts = self.content_etag_parts(request, issue=issue, resource=resource)
        etag = response_etag(*parts) if version is None else version_etag(version, *parts)
        last_modified = int(changed.timestamp())
        not_modified = get_conditional_response(
            request._request, etag=etag, last_modified=last_modified
        )
        response = not_modified if not_modified is not None else build()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        return response


class StableOrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering with the primary key as the last key, so pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


# The largest id the database stores (a 64-bit integer on SQLite and PostgreSQL alike).
LARGEST_ID = connection.ops.integer_field_range("BigAutoField")[1]


class IdFilter(django_filters.NumberFilter):
    """A filter by a row's id: a whole number from 1 to the largest id the database stores.

    django-filter's NumberFilter takes any decimal, and a foreign key's lookup hands an id
    beyond 64 bits to SQLite's driver, which raises OverflowError (a 500); here it is a 400
    naming the parameter, and `1.5` is no longer read as 1.
    """

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        message = format_lazy(_("An id is a whole number from 1 to {max}."), max=LARGEST_ID)
        kwargs.update(
            min_value=1,
            max_value=LARGEST_ID,
            error_messages={"invalid": message, "min_value": message, "max_value": message},
        )
        super().__init__(*args, **kwargs)
        # The schema says so (an integer in range, not any number), with the filter's help.
        schema = {"type": "integer", "minimum": 1, "maximum": LARGEST_ID}
        extend_schema_field({**schema, "description": kwargs.get("help_text", "")})(self)


class DescribedModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose primary key is described in the schema like every other field."""

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if field_name == "id":
            kwargs.setdefault(
                "help_text",
                format_lazy(_("Id of the {model}."), model=model_class._meta.verbose_name),
            )
        return field_class, kwargs
