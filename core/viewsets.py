"""The viewset most API resources share. Apart from periodical/api.py, which REST_FRAMEWORK
names and so must not import rest_framework.views (a circular import)."""

from rest_framework import mixins, viewsets

from .api import CacheHeadersMixin


class CatalogViewSet(
    CacheHeadersMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Everyone reads; staff with the model permissions create and change; none deletes."""
