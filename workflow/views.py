"""API of the workflow: the article and issue endpoints with their sign-off actions (staff see
stage and sign-offs on the detail), and the inbox 待我处理.

The viewsets extend those of articles and issues (which know nothing of the workflow) and
take their place in the router (config/api_urls.py).
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from articles.views import ArticleViewSet
from core.api import IF_MATCH_PARAMETER, PRECONDITION_FAILED_RESPONSE, can_see_drafts
from issues.views import IssueViewSet

from .inbox import inbox_for
from .models import WITHDRAW_ISSUE_PERMISSION, SignOff
from .serializers import (
    ArticleSignOffRequestSerializer,
    ArticleStaffSerializer,
    InboxSerializer,
    IssueSignOffRequestSerializer,
    IssueStaffSerializer,
    WithdrawRequestSerializer,
)
from .services import article_sign_off, issue_sign, issue_withdraw


class CanWithdraw(permissions.BasePermission):
    """撤回 needs the withdrawal permission (the 主编's)."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_staff and user.has_perm(WITHDRAW_ISSUE_PERMISSION))


class IsStaff(permissions.BasePermission):
    """Signed-in staff only; what each may sign is the service's to check (403 with why)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


def sign_off_schema(summary, request, response, *, conflict):
    """A sign-off action: the request, the resource after it (with its ETag), and each refusal."""
    return extend_schema(
        summary=summary,
        parameters=[IF_MATCH_PARAMETER],
        request=request,
        responses={
            200: response,
            400: OpenApiResponse(description=_("请求有误：字段级的中文说明（如缺少意见或理由）。")),
            403: OpenApiResponse(
                description=_("未登录、不是工作人员，或没有该阶段的签署权限（三审须三人）。")
            ),
            409: OpenApiResponse(description=conflict),
            412: PRECONDITION_FAILED_RESPONSE,
        },
    )


_sign_offs = Prefetch("sign_offs", queryset=SignOff.objects.in_order())


class WorkflowArticleViewSet(ArticleViewSet):
    """Articles; staff see each one's stage and sign-offs, and sign its next step."""

    def get_queryset(self):
        articles = super().get_queryset()
        if self.action in ("retrieve", "sign_off") and can_see_drafts(self.request.user):
            articles = articles.prefetch_related(_sign_offs)
        return articles

    def get_serializer_class(self):
        if self.action == "retrieve" and can_see_drafts(self.request.user):
            return ArticleStaffSerializer
        return super().get_serializer_class()

    def detail_from_read_model(self, request) -> bool:
        # Staff see the stage and the sign-offs: ArticleStaffSerializer, not the read model.
        return not can_see_drafts(request.user) and super().detail_from_read_model(request)

    @sign_off_schema(
        _("签署稿件当前阶段（三审三校，工作人员）"),
        ArticleSignOffRequestSerializer,
        ArticleStaffSerializer,
        conflict=_("稿件不在所签的阶段（不能跳过），已无待签步骤，或所属期次已出版（锁定）。"),
    )
    @action(detail=True, methods=["post"], url_path="sign-off", permission_classes=[IsStaff])
    def sign_off(self, request, *args, **kwargs):
        article = self.get_object()
        expected = self.if_match_version(article)
        serializer = ArticleSignOffRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        article_sign_off(
            article=article,
            user=request.user,
            expected_version=expected,
            **serializer.validated_data,
        )
        return self.versioned_response(article)


class WorkflowIssueViewSet(IssueViewSet):
    """Issues; staff see their 签发 and 撤回 records, and sign off or withdraw them."""

    def get_queryset(self):
        issues = super().get_queryset()
        if self.action == "retrieve" and can_see_drafts(self.request.user):
            issues = issues.prefetch_related(_sign_offs)
        return issues

    def get_serializer_class(self):
        if self.action == "retrieve" and can_see_drafts(self.request.user):
            return IssueStaffSerializer
        return super().get_serializer_class()

    @sign_off_schema(
        _("签发或撤回期次（工作人员）"),
        IssueSignOffRequestSerializer,
        IssueStaffSerializer,
        conflict=_(
            "期次状态不允许：已签发或已出版的不能再签发，编排中的无需撤回；稿件未全部定稿或核对清单有问题"
            "而没有写强制签发理由。"
        ),
    )
    @action(detail=True, methods=["post"], url_path="sign-off", permission_classes=[IsStaff])
    def sign_off(self, request, *args, **kwargs):
        issue = self.get_object()
        expected = self.if_match_version(issue)
        serializer = IssueSignOffRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["decision"] == SignOff.Decision.WITHDRAWN:
            issue_withdraw(
                issue=issue, user=request.user, reason=data["opinion"], expected_version=expected
            )
        else:
            issue_sign(
                issue=issue,
                user=request.user,
                opinion=data["opinion"],
                override_reason=data["override_reason"],
                publish_at=data["publish_at"],
                expected_version=expected,
            )
        return self.versioned_response(issue)

    @sign_off_schema(
        _("撤回期次为编排（工作人员，须写理由）"),
        WithdrawRequestSerializer,
        IssueStaffSerializer,
        conflict=_("期次尚在编排，无需撤回。"),
    )
    @action(detail=True, methods=["post"], permission_classes=[CanWithdraw])
    def unpublish(self, request, *args, **kwargs):
        issue = self.get_object()
        expected = self.if_match_version(issue)
        serializer = WithdrawRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        issue_withdraw(
            issue=issue,
            user=request.user,
            reason=serializer.validated_data["reason"],
            expected_version=expected,
        )
        return self.versioned_response(issue)


class InboxView(APIView):
    """待我处理: the articles waiting at a stage I may sign, and the issues waiting for 签发."""

    permission_classes = [IsStaff]

    @extend_schema(
        summary=_("待我处理（工作人员）"),
        responses={
            200: InboxSerializer,
            403: OpenApiResponse(description=_("未登录或不是工作人员。")),
        },
    )
    def get(self, request):
        inbox = inbox_for(request.user)
        data = InboxSerializer({"articles": inbox.articles, "issues": inbox.issues}).data
        response = Response(data)
        response["Cache-Control"] = "private, no-cache"
        return response
