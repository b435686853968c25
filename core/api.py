"""What every endpoint of the REST API shares: who may see drafts and write, pagination,
caching headers, conditional GETs, the model's own validation on writes and the versions
that refuse a stale write (If-Match, 412).
"""

import contextlib
import copy
import functools
import hashlib
import json
import re

import django_filters
import django_filters.rest_framework
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.db import connection, connections, router
from django.http import Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.datastructures import MultiValueDict
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
from .problems import error_body, field_errors_body
from .read_models import fetch_prepared


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


class FirstPageFirstPaginator(DjangoPaginator):
    """Django's paginator, reading the first page before counting: where it holds less than a
    page of rows, they are all there are, and that is the count.

    Django's counts every list before reading a page of it, and on PostgreSQL the count of a
    filtered list costs about what its page does: an issue's ~60 articles in a page of 100
    took two queries, now one. A full first page is counted as before."""

    def page(self, number):
        if self.orphans or "count" in self.__dict__ or str(number) != "1":
            return super().page(number)
        rows = list(self.object_list[: self.per_page])
        if not rows and not self.allow_empty_first_page:
            return super().page(number)  # Django's EmptyPage
        if len(rows) < self.per_page:
            self.__dict__["count"] = len(rows)  # Paginator.count is a cached_property
        return self._get_page(rows, 1, self)


class CatalogPagination(PageNumberPagination):
    """Numbered pages; a page number that is not a number, or a page size beyond the largest,
    is a bad request (not a missing page, nor silently the largest size)."""

    django_paginator_class = FirstPageFirstPaginator
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_number(self, request, paginator):
        number = request.query_params.get(self.page_query_param) or 1  # empty: the first
        if number in self.last_page_strings:
            # ?page=last: the last page (no paginator where the parameters are only checked)
            return paginator.num_pages if paginator is not None else number
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
        if raw:  # absent or empty: the default size
            try:
                size = int(raw)
                if not 1 <= size <= self.max_page_size:
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

    def get_schema_operation_parameters(self, view):
        """`page` and `page_size` with the bounds the server checks."""
        parameters = super().get_schema_operation_parameters(view)
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size},
        }
        for parameter in parameters:
            parameter["schema"].update(bounds.get(parameter["name"], {}))
        return parameters

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
    (core.concurrency) as a 412 saying who changed the resource meanwhile; every answer shaped
    into the one error contract (core.problems), a missing object named in Chinese by its
    verbose name, never by its model's class name."""
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
    elif isinstance(exc, Http404):
        exc = NotFound(_not_found_message(context.get("view")))
    response = drf_exception_handler(exc, context)
    if response is not None:
        response.data = _problem(exc, response.data)
    return response


def _not_found_message(view) -> str:
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is None and hasattr(view, "get_queryset"):
        with contextlib.suppress(Exception):
            model = view.get_queryset().model
    if model is None:
        return _("Not found.")
    return _("No such %(name)s.") % {"name": model._meta.verbose_name}


def _problem(exc, data) -> dict:
    """DRF's error data as the one error contract (core.problems)."""
    if isinstance(exc, ValidationError):
        fields = data if isinstance(data, dict) else {api_settings.NON_FIELD_ERRORS_KEY: data}
        return field_errors_body(fields)
    codes = exc.get_codes() if isinstance(exc, APIException) else "error"
    code = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
    detail = data.get("detail", "") if isinstance(data, dict) else data
    return error_body(detail, code)


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


class IfMatchMixin:
    """The If-Match precondition of a write (core.concurrency): `if_match_version` reads the
    version the client names, and a write with If-Match to a missing resource is a 412. For
    viewsets whose actions write another object's version (a photo's image and its article)."""

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
            if (
                self.request.method not in permissions.SAFE_METHODS
                and "If-Match" in self.request.headers
                and self._could_exist()
            ):
                raise PreconditionFailed(_("There is no such resource to change.")) from None
            raise

    def _could_exist(self) -> bool:
        # `issues/abc/` names no resource at all: a 404 whatever the preconditions say.
        value = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        return self.lookup_field != "pk" or value.isdigit()


class VersionedMixin(IfMatchMixin):
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
        request.data  # noqa: B018 - a body that does not parse is a 400 before any 404 or 412
        instance = self.get_object()
        serializer = self.get_serializer(
            instance, data=request.data, partial=kwargs.pop("partial", False)
        )
        serializer.is_valid(raise_exception=True)  # a bad request is a 400 before any 412
        serializer.save(expected_version=self.if_match_version(instance))
        return self.versioned_response(serializer.instance)


# The CDN cache tags (Cache-Tag, Surrogate-Key) of public responses; a purge names them
# (audit/cdn.py). Every response about one issue (the issue, its 目录, masthead, articles)
# carries the issue's tag and its periodical's; lists and indexes (issues, articles,
# contributors, periodicals, columns), which any publication may change, carry LISTS_TAG.
LISTS_TAG = "lists"


def issue_cache_tags(issue) -> list[str]:
    return issue_tags(issue.pk, issue.periodical.slug)


def issue_tags(issue_id: int, periodical_slug: str) -> list[str]:
    """The cache tags of what shows one issue: a purge of the issue or its periodical names them."""
    return [f"issue-{issue_id}", f"periodical-{periodical_slug}"]


class CacheHeadersMixin:
    """Cache-Control for a CDN: public content is shared (with stale-while-revalidate and the
    cache tags a purge names); what a signed-in user sees is not."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code in (200, 304):
            if request.user and request.user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            elif "Cache-Control" not in response:
                public_caching(response, getattr(response, "cache_tags", None) or [LISTS_TAG])
        return response


def public_caching(response, tags) -> None:
    """Mark an answer every reader may share: Cache-Control for browsers and the CDN (the
    API_CACHE_* settings) and the tags a purge names (Cache-Tag, and Surrogate-Key for CDNs
    that read that one)."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.API_CACHE_MAX_AGE,
        s_maxage=settings.API_CACHE_SHARED_MAX_AGE,
        stale_while_revalidate=settings.API_CACHE_STALE_WHILE_REVALIDATE,
    )
    response["Cache-Tag"] = response["Surrogate-Key"] = " ".join(tags)


def issue_content_parts(resource: str, changed_at, status: str, format: str, language: str):
    """What decides the content ETag of a `resource` showing one issue (IssueConditionalMixin's,
    and the lean path's, core/fastpath.py): the issue's last content change and status, the
    format and the language of the answer."""
    return (resource, changed_at.isoformat(), status, format, language)


class IssueConditionalMixin:
    """Conditional GET for the responses that show one issue: ETag and Last-Modified.

    Both come from `Issue.content_changed_at`, which any change to what the issue shows
    touches (see issues/signals.py, articles/signals.py); a matching conditional GET is
    answered 304 before anything but the issue is read.
    """

    def filter_queryset(self, queryset):
        # A list's filters (django-filter builds a form per request: milliseconds) say nothing
        # about one issue or article found by its key.
        if self.action != "list":
            return queryset
        return super().filter_queryset(queryset)

    def content_etag_parts(self, request, *, issue, resource: str) -> tuple:
        renderer = getattr(request, "accepted_renderer", None)
        return issue_content_parts(
            resource,
            issue.content_changed_at,
            issue.status,
            getattr(renderer, "format", ""),
            request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "",
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
        if not_modified is not None:
            response = not_modified
        else:
            response = cached_rendering(self, request, etag, build)
        response.cache_tags = issue_cache_tags(issue)
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        return response


def cached_rendering(view, request, etag: str, build):
    """`build()`'s response rendered once per content version, then served from the cache.

    The key is the response's ETag, which holds the content version (an issue's
    `content_changed_at`, a list's stamp), the format and the language, with the whole URL
    (scheme and host, which absolute URLs in the body carry; the query, which
    chooses what it shows): a change makes a new key, so nothing is ever
    purged, and a stale entry is never read again. Only anonymous JSON answers are cached (the
    browsable API renders a page per user, and signed-in staff see fields the public must not).
    """
    renderer = getattr(request, "accepted_renderer", None)
    if getattr(renderer, "format", None) != "json":
        return build()
    if request.user.is_authenticated:
        # Staff see more than the public (drafts, stages, sign-offs): only anonymous answers,
        # the same for everyone, are shared, so no signed-in view can reach another reader.
        return build()
    key = "api:rendered:" + _digest((etag, request.build_absolute_uri()), 40)
    body = cache.get(key)
    if body is None:
        built = build()
        if built.status_code != 200:
            return built
        body = renderer.render(built.data, request.accepted_media_type, view.get_renderer_context())
        cache.set(key, body, settings.API_RENDERED_CACHE_SECONDS)
    content_type = renderer.media_type
    if renderer.charset:
        content_type = f"{content_type}; charset={renderer.charset}"
    return HttpResponse(body, content_type=content_type)


def catalogue_stamp(*models) -> tuple:
    """What changes whenever any list of the catalogue would show something else, in one query:
    the issues' last content change, count and last id (an article, a credit, a column, a
    periodical's facts and an issue's status all touch `Issue.content_changed_at`), plus the
    count, last id and summed versions of the `models` whose rows a list shows outside any
    issue: an insert, a delete or a versioned update changes at least one of them."""
    issue = apps.get_model("issues", "Issue")  # a floor above core: by name
    connection = connections[router.db_for_read(issue)]
    return fetch_prepared(connection, _catalogue_stamp_sql(issue, *models), one=True)


@functools.cache
def _catalogue_stamp_sql(*models) -> str:
    """The stamp query's text, built once per process and list (every list asks it on every
    request, a 304 included)."""
    quote = connection.ops.quote_name
    tables = []
    for number, model in enumerate(models):
        table, fields = quote(model._meta.db_table), {f.name: f for f in model._meta.fields}
        columns = ["count(*)", f"max({quote(model._meta.pk.column)})"]
        if "version" in fields:
            columns.append(f"sum({quote(fields['version'].column)})")
        if "content_changed_at" in fields:
            columns.append(f"max({quote(fields['content_changed_at'].column)})")
        # One scan of each table for all its figures (a subquery a figure read it each time).
        tables.append(f"(SELECT {', '.join(columns)} FROM {table}) AS t{number}")
    return "SELECT * FROM " + ", ".join(tables)


def list_etag(basename: str, full_path: str, drafts: bool, format: str, language: str, stamp):
    """A list's ETag (ListConditionalMixin's, and the lean path's, articles/lean.py): the list,
    the URL that chose what it shows, whether drafts are shown, the format, the language and
    the list's stamp."""
    return response_etag("list", basename, full_path, drafts, format, language, stamp)


class ListConditionalMixin:
    """A cheap conditional GET for a list: its ETag comes from `list_stamp()` (one aggregate
    query, `catalogue_stamp`) and the request, not from the rendered body. A matching
    If-None-Match is answered 304 without reading the list; otherwise the rendered list is
    kept in the cache under that ETag."""

    list_stamp_models: tuple = ()

    def check_list_parameters(self, request) -> None:
        """A bad filter, ordering, page or page size is a 400 even where a 304 would answer:
        the filters are built (no query runs) and the page parameters read before the ETag."""
        self.filter_queryset(self.get_queryset())
        if self.paginator is not None:
            self.paginator.get_page_size(request)
            if hasattr(self.paginator, "get_page_number"):
                self.paginator.get_page_number(request, None)

    def list_stamp(self) -> tuple:
        return catalogue_stamp(*self.list_stamp_models)

    def list(self, request, *args, **kwargs):
        self.check_list_parameters(request)
        renderer = getattr(request, "accepted_renderer", None)
        etag = list_etag(
            self.basename,
            request.get_full_path(),
            can_see_drafts(request.user),
            getattr(renderer, "format", ""),
            getattr(request, "LANGUAGE_CODE", ""),
            self.list_stamp(),
        )
        not_modified = get_conditional_response(request._request, etag=etag)
        if not_modified is not None:
            response = not_modified
        else:
            response = cached_rendering(
                self,
                request,
                etag,
                lambda: super(ListConditionalMixin, self).list(request, *args, **kwargs),
            )
        if response.status_code in (200, 304):  # not on a 400 for a bad filter
            response["ETag"] = etag
        return response


class RepeatedOrCommaSeparatedWidget(django_filters.widgets.CSVWidget):
    """A list parameter read in both forms clients send: `?ordering=a,b` (OpenAPI's form style
    without explode) and `?ordering=a&ordering=b` (with explode, what openapi-fetch and
    openapi-python-client send); django-filter's own widget kept only the last repetition."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        values = [value for value in values if value is not None]
        if not values:
            return None
        # An empty value (`?ordering=`, as an HTML filter form sends it) is the default order.
        return [key for value in values for key in value.split(",") if key]


class StableOrderingFilter(django_filters.OrderingFilter):
    """django-filter's ordering with the primary key as the last key, so pages never overlap;
    the keys given comma-separated or by repeating the parameter."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.extra["widget"] = RepeatedOrCommaSeparatedWidget

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, whose form class is made once per filter set, not per request.

    django-filter makes a new form class for every request (`get_form_class`: a form field
    per filter, then a class through Django's form metaclass), about 1 ms of a list's ~10. The
    filters here take their fields from their declarations alone (no choices read from the
    database or the request), and a form copies its class's fields when it is made, so one
    class serves every request. Every filter set of the API derives from this one."""

    def get_form_class(self):
        made = type(self).__dict__.get("_made_form_class")
        if made is None:
            made = super().get_form_class()
            type(self)._made_form_class = made
        return made


class FilterBackend(django_filters.rest_framework.DjangoFilterBackend):
    """django-filter's backend, whose 400 names the parameter the client sent: a range's
    error under `publication_date_after` or `_before`, not the filter's own name."""

    BOOLEANS = frozenset({"", "true", "false", "True", "False", "1", "0"})

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = self.boolean_errors(filterset)
        if errors or not filterset.is_valid():
            raise ValidationError({**self.named_errors(filterset), **errors})
        return filterset.qs

    def boolean_errors(self, filterset) -> dict:
        """django-filter reads any word as "no filter" for a boolean (`?after_publication=ja`
        lists everything): here it is a 400, as the schema's boolean says."""
        message = _("Enter true or false.")
        return {
            name: [message]
            for name, declared in filterset.filters.items()
            if isinstance(declared, django_filters.BooleanFilter)
            and filterset.form.data.get(name, "") not in self.BOOLEANS
        }

    @staticmethod
    def named_errors(filterset) -> dict:
        errors = {}
        for name, messages in filterset.errors.items():
            field = filterset.form.fields.get(name)
            suffixes = getattr(getattr(field, "widget", None), "suffixes", None)
            parts = getattr(field, "fields", None)
            if not (suffixes and parts):
                errors[name] = list(messages)
                continue
            named = {}
            for suffix, part in zip(suffixes, parts, strict=False):
                parameter = f"{name}_{suffix}" if suffix else name
                raw = filterset.form.data.get(parameter)
                try:
                    part.clean(raw if raw not in (None, "") else None)
                except DjangoValidationError as error:
                    named[parameter] = list(error.messages)
            errors.update(named or {name: list(messages)})
        return errors


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


class WholeNumberFilter(django_filters.NumberFilter):
    """A filter by a whole number (a year, an issue number): 0 to the largest integer the
    database stores, declared so in the schema; `1.5` or a number beyond 64 bits is a 400
    naming the parameter, not a filter on a decimal (or SQLite's OverflowError, a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        message = format_lazy(_("A whole number from 0 to {max}."), max=LARGEST_ID)
        kwargs.update(
            min_value=0,
            max_value=LARGEST_ID,
            error_messages={"invalid": message, "min_value": message, "max_value": message},
        )
        super().__init__(*args, **kwargs)
        schema = {"type": "integer", "minimum": 0, "maximum": LARGEST_ID}
        extend_schema_field({**schema, "description": kwargs.get("help_text", "")})(self)


class WholeNumberRangeField(django_filters.fields.RangeField):
    """A range's two bounds as whole numbers from 0 to the largest integer stored."""

    def __init__(self, fields=None, *args, **kwargs):
        def bound():
            return forms.IntegerField(min_value=0, max_value=LARGEST_ID)

        super().__init__((bound(), bound()), *args, **kwargs)


class WholeNumberRangeFilter(django_filters.RangeFilter):
    """django-filter's RangeFilter (`<name>_min`, `<name>_max`) over whole numbers: `1.5` or a
    bound beyond 64 bits is a 400 naming that bound, as the schema's integer says."""

    field_class = WholeNumberRangeField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        schema = {"type": "integer", "minimum": 0, "maximum": LARGEST_ID}
        extend_schema_field({**schema, "description": kwargs.get("help_text", "")})(self)


# The JSON types a request body may give a field, as the schema states them. DRF is lenient
# where the schema is not: a CharField takes 0.5 as "0.5", an IntegerField "3" as 3, a
# BooleanField "yes" or 1 as true, a primary key "7" as 7. A client generated from the schema
# never sends those, and a hand-written one that does has a bug it should hear about.
JSON_TYPE_NAMES = {
    "string": _("a string"),
    "integer": _("an integer"),
    "number": _("a number"),
    "boolean": _("true or false"),
    "array": _("a list"),
    "object": _("an object"),
    "null": _("null"),
}


def json_type(value) -> str:
    """The JSON type of a value as the JSON parser gives it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def expected_json_types(field) -> frozenset[str] | None:
    """The JSON types the schema allows for a writable field; None where any will do (a JSON
    field) or the field checks for itself (files, decimals, which take strings and numbers)."""
    if isinstance(field, (serializers.ListSerializer, serializers.ListField)):
        return frozenset({"array"})
    if isinstance(field, (serializers.ManyRelatedField, serializers.MultipleChoiceField)):
        return frozenset({"array"})
    if isinstance(field, (serializers.Serializer, serializers.DictField)):
        return frozenset({"object"})
    if isinstance(field, serializers.BooleanField):
        return frozenset({"boolean"})
    if isinstance(field, serializers.IntegerField):
        return frozenset({"integer"})
    if isinstance(field, serializers.FloatField):
        return frozenset({"integer", "number"})
    if isinstance(field, serializers.PrimaryKeyRelatedField):
        pk = field.queryset.model._meta.pk if field.queryset is not None else None
        integer = pk is not None and pk.get_internal_type().endswith(("AutoField", "IntegerField"))
        return frozenset({"integer"}) if integer else None
    if isinstance(field, serializers.ChoiceField):
        kinds = {json_type(choice) for choice in field.choices}
        return frozenset(kinds) if len(kinds) == 1 else None
    if isinstance(
        field,
        (
            serializers.CharField,
            serializers.DateField,
            serializers.DateTimeField,
            serializers.TimeField,
            serializers.DurationField,
            serializers.UUIDField,
            serializers.SlugRelatedField,
        ),
    ):
        return frozenset({"string"})
    return None


class JsonTypesMixin:
    """Refuse a JSON request body whose values have another type than the schema states, with
    a 400 naming each such field, before DRF's fields coerce them. Form bodies (the browsable
    API, picture uploads) carry only strings and are left to the fields."""

    def to_internal_value(self, data):
        if isinstance(data, dict) and not isinstance(data, MultiValueDict):
            errors = {}
            for field in self._writable_fields:
                value = data.get(field.field_name)
                if value is None:  # absent, or null: the field's own rule decides
                    continue
                expected, got = expected_json_types(field), json_type(value)
                if expected is None or got in expected:
                    continue
                names = "、".join(str(JSON_TYPE_NAMES[kind]) for kind in sorted(expected))
                errors[field.field_name] = [
                    format_lazy(
                        _("Expected {expected}, got {got}."),
                        expected=names,
                        got=JSON_TYPE_NAMES[got],
                    )
                ]
            if errors:
                raise ValidationError(errors)
        return super().to_internal_value(data)


class RequestSerializer(JsonTypesMixin, serializers.Serializer):
    """The body of an action that is not a model's own write (a sign-off, a correction)."""


class DescribedModelSerializer(JsonTypesMixin, serializers.ModelSerializer):
    """A ModelSerializer whose primary key is described in the schema like every other field,
    and whose JSON body must have the types the schema states."""

    def build_field(self, field_name, info, model_class, nested_depth):
        field_class, kwargs = super().build_field(field_name, info, model_class, nested_depth)
        if field_name == "id":
            kwargs.setdefault(
                "help_text",
                format_lazy(_("Id of the {model}."), model=model_class._meta.verbose_name),
            )
        return field_class, kwargs
