"""`?fields=`: a client asks for fewer fields of a resource (a list of issues with their ids,
labels and covers only). A small mixin rather than a library: the fields are the view's
serializer's top-level ones, and the schema documents the parameter (FIELDS_PARAMETER)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import permissions
from rest_framework.exceptions import ValidationError

FIELDS_PARAMETER = OpenApiParameter(
    "fields",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    description=_(
        "Only these fields of each result, comma-separated (fields=id,label,cover_image); "
        "nested objects come whole. An unknown name is a 400 listing the known ones. "
        "Without it: every field."
    ),
)


def requested_fields(request) -> list[str] | None:
    """The names in `?fields=` (repeated or comma-separated), None without the parameter."""
    values = request.query_params.getlist("fields")
    if not values:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


class FieldSelectionMixin:
    """A viewset whose GET responses keep only the fields named by `?fields=`."""

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.request.method not in permissions.SAFE_METHODS:
            return serializer
        wanted = requested_fields(self.request)
        if wanted is None:
            return serializer
        fields = getattr(serializer, "child", serializer).fields
        unknown = [name for name in wanted if name not in fields]
        if unknown or not wanted:
            raise ValidationError(
                {
                    "fields": [
                        _("Unknown field: %(unknown)s. Known fields: %(known)s.")
                        % {"unknown": ", ".join(unknown) or "—", "known": ", ".join(fields)}
                    ]
                }
            )
        for name in list(fields):
            if name not in wanted:
                fields.pop(name)
        return serializer
