"""API views of articles."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from core.api import CacheHeadersMixin, IssueConditionalMixin, can_see_drafts

from .filters import ArticleFilter, default_article_order
from .models import Article
from .serializers import ArticleDetailSerializer, ArticleSerializer, ArticleWriteSerializer
from .services import article_create, article_update


@extend_schema_view(
    list=extend_schema(summary=_("Articles, filterable and searchable")),
    retrieve=extend_schema(summary=_("One article, with its body")),
    create=extend_schema(summary=_("Create an article (staff)"), responses=ArticleDetailSerializer),
    update=extend_schema(summary=_("Change an article (staff)"), responses=ArticleDetailSerializer),
    partial_update=extend_schema(
        summary=_("Change some fields of an article (staff)"), responses=ArticleDetailSerializer
    ),
    destroy=extend_schema(summary=_("Delete an article (staff)")),
)
class ArticleViewSet(CacheHeadersMixin, IssueConditionalMixin, viewsets.ModelViewSet):
    """Articles of published issues (and drafts for staff who may view them)."""

    filterset_class = ArticleFilter

    def get_queryset(self):
        articles = Article.objects.with_credits()
        if self.action == "list":
            articles = articles.without_texts()
        if not can_see_drafts(self.request.user):
            articles = articles.published()
        return articles.order_by(*default_article_order())

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
        )

    def perform_create(self, serializer):
        serializer.instance = article_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = article_update(
            article=serializer.instance, **serializer.validated_data
        )
