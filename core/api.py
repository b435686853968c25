"""What every endpoint of the REST API shares: who may see drafts and write, pagination,
caching headers, conditional GETs and the model's own validation on writes.
"""

import copy
import hashlib

import django_filters
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings


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


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError (from a model or a service) as a 400."""
    # Imported here: rest_framework.views reads REST_FRAMEWORK, which names this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(api_error_detail(exc))
    return drf_exception_handler(exc, context)


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


def response_etag(*parts) -> str:
    """A strong ETag from the parts that decide a response's content."""
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return quote_etag(digest)


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

    def conditional_response(self, request, *, issue, resource: str, build):
        """`build()`'s response, or 304 if the client's copy of `resource` is current."""
        changed = issue.content_changed_at
        renderer = getattr(request, "accepted_renderer", None)
        etag = response_etag(
            resource,
            changed.isoformat(),
            issue.status,
            getattr(renderer, "format", ""),
            request.LANGUAGE_CODE if hasattr(request, "LANGUAGE_CODE") else "",
        )
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
