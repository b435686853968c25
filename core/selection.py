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


def fields_parameter(names: list[str]) -> OpenApiParameter:
    """FIELDS_PARAMETER for a serializer of these fields: an array of their names, sent
    comma-separated, so that a generated client offers exactly the names the server accepts
    (core.schema.AutoSchema puts it in place of FIELDS_PARAMETER)."""
    return OpenApiParameter(
        FIELDS_PARAMETER.name,
        {"type": "array", "items": {"type": "string", "enum": names}, "minItems": 1},
        OpenApiParameter.QUERY,
        required=False,
        explode=False,
        description=FIELDS_PARAMETER.description,
    )


def requested_fields(request) -> list[str] | None:
    """The names in `?fields=` (repeated or comma-separated), None without the parameter."""
    values = request.query_params.getlist("fields")
    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    # An empty `?fields=` (an HTML form's empty field) is no selection, as for every parameter.
    return names or None


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
        if unknown:
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
