"""API representations of a credited contributor, shared by every page that prints names."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


class CreditedPersonSerializer(serializers.Serializer):
    """A contributor as this page prints them: the contributor's id and the printed name."""

    id = serializers.IntegerField(
        source="contributor_id", help_text=_("The contributor's id (see /contributors/).")
    )
    name = serializers.CharField(source="credited_name", help_text=_("The name as printed."))


@extend_schema_field(CreditedPersonSerializer(allow_null=True))
class PhotographerField(serializers.Field):
    """Who took or supplied a photo, from its PhotoCredit: {id, name}, or null where the print
    names nobody (资料图)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, credit):
        if not credit.credited_name:
            return None
        return {"id": credit.photographer_id, "name": credit.credited_name}
