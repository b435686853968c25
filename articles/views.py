"""API views of articles."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.response import Response

from core.api import (
    CacheHeadersMixin,
    IssueConditionalMixin,
    VersionedMixin,
    can_see_drafts,
    versioned_write_schema,
)

from .filters import ArticleFilter, default_article_order
from .models import Article
from .search import SearchTerm, parse_search_query
from .serializers import ArticleDetailSerializer, ArticleSerializer, ArticleWriteSerializer
from .services import article_delete


@extend_schema_view(
    list=extend_schema(summary=_("Articles, filterable and searchable")),
    retrieve=extend_schema(summary=_("One article, with its body")),
    create=extend_schema(summary=_("Create an article (staff)"), responses=ArticleDetailSerializer),
    update=versioned_write_schema(_("Change an article (staff)"), ArticleDetailSerializer),
    partial_update=versioned_write_schema(
        _("Change some fields of an article (staff)"), ArticleDetailSerializer
    ),
    destroy=versioned_write_schema(
        _("Delete an article of a draft issue (staff)"),
        None,
        deleted=True,
        conflict=_("The article belongs to a published issue: it cannot be deleted."),
    ),
)
class ArticleViewSet(
    VersionedMixin, CacheHeadersMixin, IssueConditionalMixin, viewsets.ModelViewSet
):
    """Articles of published issues (and drafts for staff who may view them)."""

    filterset_class = ArticleFilter

    def get_queryset(self):
        articles = Article.objects.with_credits()
        if self.action == "list" and self._search_terms():
            articles = articles.defer("note", "search_title", "search_body")  # body: snippets
        elif self.action == "list":
            articles = articles.without_texts()
        if not can_see_drafts(self.request.user):
            articles = articles.published()
        return articles.order_by(*default_article_order())

    def _search_terms(self) -> list[SearchTerm]:
        """The terms of `?search=` on a list, for the snippets; none when there is no valid one
        (the filter answers an invalid one with 400)."""
        query = self.request.query_params.get("search") if self.action == "list" else None
        try:
            return parse_search_query(query) if query else []
        except ValidationError:
            return []

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "search_terms": self._search_terms()}

    def get_serializer_class(self):
        if self.action in ("create", "update", "partial_update"):
            return ArticleWriteSerializer
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        return self.conditional_response(
            request,
            issue=article.issue,
            resource=f"article:{article.pk}",
            build=lambda: Response(self.get_serializer(article).data),
            version=article.version,
        )

    def etag_parts(self, instance, data):
        return self.content_etag_parts(
            self.request, issue=instance.issue, resource=f"article:{instance.pk}"
        )

    def destroy(self, request, *args, **kwargs):
        article = self.get_object()
        article_delete(article=article, expected_version=self.if_match_version(article))
        return Response(status=status.HTTP_204_NO_CONTENT)
