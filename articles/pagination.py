"""Pages of the article list, whose searches count their results only so far."""

import math

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.api import CatalogPagination


class ArticlePagination(CatalogPagination):
    """The catalogue's numbered pages; a search's page is read by `search_page()`, whose count
    is exact up to a limit and beyond it a lower bound (`count_is_lower_bound`). The pages stay
    honest: `next` is given whenever a further result exists."""

    search_page = None

    def paginate_queryset(self, queryset, request, view=None):
        if getattr(queryset, "search_terms", None) is None:
            self.search_page = None
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        size = self.get_page_size(request)
        number = self.get_page_number(request, None)
        if number in self.last_page_strings:
            counted = queryset.search_page(offset=0, limit=0)
            if counted.count_is_lower_bound:
                raise NotFound(_("A search's last page is not known; ask for a numbered page."))
            number = max(1, math.ceil(counted.count / size))
        self.number, self.size = int(number), size
        self.search_page = queryset.search_page(offset=(self.number - 1) * size, limit=size)
        if not self.search_page.articles and self.number > 1:
            raise NotFound(_("There is no such page."))
        return self.search_page.articles

    def get_paginated_response(self, data):
        if self.search_page is None:
            count, lower_bound = self.page.paginator.count, False
        else:
            count, lower_bound = self.search_page.count, self.search_page.count_is_lower_bound
        return Response(
            {
                "count": count,
                "count_is_lower_bound": lower_bound,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_next_link(self):
        if self.search_page is None:
            return super().get_next_link()
        page = self.search_page
        if not page.count_is_lower_bound and self.number * self.size >= page.count:
            return None
        return self._link(self.number + 1)

    def get_previous_link(self):
        if self.search_page is None:
            return super().get_previous_link()
        return self._link(self.number - 1) if self.number > 1 else None

    def _link(self, number: int) -> str:
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_is_lower_bound"] = {
            "type": "boolean",
            "description": _(
                "True when a search found more results than it counts: `count` is then "
                "the least number of results (the pages go on while `next` is given)."
            ),
        }
        schema["required"] = [*schema.get("required", []), "count_is_lower_bound"]
        return schema
