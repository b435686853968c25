"""API views of articles."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import (
    IF_MATCH_PARAMETER,
    PRECONDITION_FAILED_RESPONSE,
    CacheHeadersMixin,
    IfMatchMixin,
    IssueConditionalMixin,
    ListConditionalMixin,
    VersionedMixin,
    can_see_drafts,
    versioned_write_schema,
)
from core.fastpath import mark_read_model_body
from core.parsers import MultiPartParser
from core.pictures import PictureUploadSerializer
from core.read_models import json_read

from .filters import ArticleFilter, default_article_order
from .models import Article, PhotoCredit
from .pagination import ArticlePagination
from .read_models import (
    ARTICLE_VALUES,
    article_detail,
    article_items,
    issue_list_page,
    issue_list_shape,
)
from .search import SearchTerm, parse_search_query
from .serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    ArticleWriteSerializer,
    PhotoCreditSerializer,
)
from .services import article_delete, photo_credit_set_image


class ArticleListReadModelMixin:
    """The page of a list without `?search=` (whose snippets need the serializer) read by the
    article read model: plain rows, no model instance. Placed after ListConditionalMixin, whose
    conditional GET and shared cache call this `list` to build a body."""

    _filtered = None

    def _issue_list_shape(self, request) -> tuple[int, int] | None:
        """An issue's first page read from issue_list_page, where the reader sees no drafts."""
        if self.action != "list" or can_see_drafts(request.user) or not json_read(request):
            return None
        return issue_list_shape(request.query_params)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # The body is issue_list_page's, as the lean path builds it (articles/lean.py)?
        if self._issue_list_shape(request) is not None and response.status_code == 200:
            mark_read_model_body(response, self, request)
        return response

    def filter_queryset(self, queryset):
        """A list's filters run once a request: ListConditionalMixin checks the parameters with
        them before the ETag, then the page reads them, both of the view's get_queryset();
        django-filter builds and validates its form (a millisecond or two) each time."""
        if self.action != "list":
            return super().filter_queryset(queryset)
        if self._filtered is None:
            self._filtered = super().filter_queryset(queryset)
        return self._filtered

    def list(self, request, *args, **kwargs):
        if not json_read(request) or self._search_terms():
            return super().list(request, *args, **kwargs)
        if (shape := self._issue_list_shape(request)) is not None:
            issue_id, size = shape  # the lean path builds this one the same way (articles/lean.py)
            return Response(issue_list_page(issue_id, size, request=request))
        articles = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        page = self.paginate_queryset(articles.values(*ARTICLE_VALUES))
        items = article_items(list(page), request=request, format=self.format_kwarg)
        return self.get_paginated_response(items)


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
    VersionedMixin,
    CacheHeadersMixin,
    IssueConditionalMixin,
    ListConditionalMixin,
    ArticleListReadModelMixin,
    viewsets.ModelViewSet,
):
    """Articles of published issues (and drafts for staff who may view them)."""

    filterset_class = ArticleFilter
    pagination_class = ArticlePagination
    _stamp_only = False

    def get_queryset(self):
        if self._stamp_only:
            # What a conditional GET, the shared cache and the cache tags need, in one query.
            articles = Article.objects.select_related("issue__periodical").only(
                "pk", "version", "issue__content_changed_at", "issue__status",
                "issue__periodical__slug",
            )  # fmt: skip
            return articles if can_see_drafts(self.request.user) else articles.published()
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
        """A JSON read finds the article's stamp alone (a 304 needs no more) and builds the
        body from the read model; the browsable API reads the article for the serializer."""
        read_model = self.detail_from_read_model(request)
        article = self.stamp_object() if read_model else self.get_object()

        def build():
            if read_model:
                return Response(self.article_detail_data(article.pk))
            return Response(self.get_serializer(article).data)

        return self.conditional_response(
            request,
            issue=article.issue,
            resource=f"article:{article.pk}",
            build=build,
            version=article.version,
        )

    def stamp_object(self):
        """The article with only what its ETag and cache tags need (one narrow query)."""
        self._stamp_only = True
        try:
            return self.get_object()
        finally:
            self._stamp_only = False

    def detail_from_read_model(self, request) -> bool:
        """Whether the detail is built by the read model (a JSON read); a viewset whose
        detail shows more to some readers (workflow: stages for staff) may say no for them."""
        return json_read(request)

    def article_detail_data(self, pk: int) -> dict:
        """The detail from the read model; layers above (corrections) add what they show."""
        return article_detail(pk, request=self.request, format=self.format_kwarg)

    def etag_parts(self, instance, data):
        return self.content_etag_parts(
            self.request, issue=instance.issue, resource=f"article:{instance.pk}"
        )

    def destroy(self, request, *args, **kwargs):
        article = self.get_object()
        article_delete(article=article, expected_version=self.if_match_version(article))
        return Response(status=status.HTTP_204_NO_CONTENT)


class CanChangeArticle(permissions.BasePermission):
    """A photo's image is part of its article (or issue): staff who may change articles."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_staff and user.has_perm("articles.change_article"))


@extend_schema(
    methods=["PUT"],
    summary=_("Upload the image of a photo credit (staff)"),
    request={"multipart/form-data": PictureUploadSerializer},
    parameters=[IF_MATCH_PARAMETER],
    responses={
        200: PhotoCreditSerializer,
        409: OpenApiResponse(description=_("The issue is published: its pictures are locked.")),
        412: PRECONDITION_FAILED_RESPONSE,
    },
)
@extend_schema(
    methods=["DELETE"],
    summary=_("Remove the image of a photo credit (staff)"),
    request=None,
    parameters=[IF_MATCH_PARAMETER],
    responses={
        200: PhotoCreditSerializer,
        409: OpenApiResponse(description=_("The issue is published: its pictures are locked.")),
        412: PRECONDITION_FAILED_RESPONSE,
    },
)
class PhotoCreditImageViewSet(IfMatchMixin, viewsets.GenericViewSet):
    """The image of a photo credit (`photo_credits[].id` of an article or a 目录): PUT a JPEG,
    PNG or WebP file as `image` (multipart); DELETE removes it. If-Match takes the ETag of the
    article (or, for a photo outside articles, of the issue)."""

    queryset = PhotoCredit.objects.select_related("article__issue", "issue")
    serializer_class = PhotoCreditSerializer
    permission_classes = [CanChangeArticle]
    parser_classes = [MultiPartParser]
    filterset_class = None
    pagination_class = None

    @action(detail=True, methods=["put", "delete"], url_path="image")
    def image(self, request, *args, **kwargs):
        credit = self.get_object()
        image = None
        if request.method == "PUT":
            upload = PictureUploadSerializer(data=request.data)
            upload.is_valid(raise_exception=True)
            image = upload.validated_data["image"]
        owner = credit.article if credit.article_id else credit.issue
        photo_credit_set_image(
            credit=credit, image=image, expected_version=self.if_match_version(owner)
        )
        return Response(self.get_serializer(credit).data)
