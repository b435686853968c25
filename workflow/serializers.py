"""API representations of the workflow: sign-offs, the staff view of an article and an issue
(their stage and sign-offs), the sign-off requests and the inbox."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, Stage
from articles.serializers import ArticleDetailSerializer
from core.api import DescribedModelSerializer, RequestSerializer
from issues.serializers import IssueBriefSerializer, IssueSerializer

from .models import SignOff


class SignerSerializer(serializers.Serializer):
    """The person who signed: the user's id, login and full name."""

    id = serializers.IntegerField(help_text=_("用户 id。"))
    username = serializers.CharField(help_text=_("登录名。"))
    name = serializers.CharField(help_text=_("姓名（未填时为登录名）。"))


class SignOffSerializer(DescribedModelSerializer):
    """One signed step: stage, decision, who and when, the opinion."""

    signed_by = serializers.SerializerMethodField(help_text=_("签署人。"))

    class Meta:
        model = SignOff
        fields = [
            "id",
            "stage",
            "decision",
            "returned_to",
            "opinion",
            "override_reason",
            "signed_by",
            "signed_at",
        ]

    @extend_schema_field(SignerSerializer)
    def get_signed_by(self, sign_off):
        user = sign_off.signed_by
        return {
            "id": user.pk,
            "username": user.get_username(),
            "name": user.get_full_name() or user.get_username(),
        }


class ArticleStaffSerializer(ArticleDetailSerializer):
    """An article as staff see it: with its stage in 三审三校 and its sign-offs, oldest first."""

    stage = serializers.ChoiceField(
        choices=Stage.choices, read_only=True, help_text=_("当前阶段（等待签署的步骤）。")
    )
    workflow_origin = serializers.ChoiceField(
        choices=Article.Origin.choices,
        read_only=True,
        help_text=_("imported：以定稿状态导入，没有签署记录。"),
    )
    sign_offs = SignOffSerializer(many=True, read_only=True, help_text=_("签署记录，从早到晚。"))

    class Meta(ArticleDetailSerializer.Meta):
        fields = [*ArticleDetailSerializer.Meta.fields, "stage", "workflow_origin", "sign_offs"]


class IssueStaffSerializer(IssueSerializer):
    """An issue as staff see it: with its 签发 and 撤回 records, oldest first."""

    sign_offs = SignOffSerializer(many=True, read_only=True, help_text=_("签发与撤回记录。"))

    class Meta(IssueSerializer.Meta):
        fields = [*IssueSerializer.Meta.fields, "sign_offs"]


class ArticleSignOffRequestSerializer(RequestSerializer):
    """Sign the step an article waits at."""

    stage = serializers.ChoiceField(
        choices=Stage.choices,
        help_text=_("要签署的阶段，须是稿件当前所处的阶段（各阶段依次签署，不能跳过）。"),
    )
    decision = serializers.ChoiceField(
        choices=[
            (SignOff.Decision.APPROVED, SignOff.Decision.APPROVED.label),
            (SignOff.Decision.RETURNED, SignOff.Decision.RETURNED.label),
            (SignOff.Decision.REJECTED, SignOff.Decision.REJECTED.label),
        ],
        help_text=_("approved 通过，returned 退回修改，rejected 不予刊用。"),
    )
    opinion = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("审稿意见或校对记录；退回修改、不予刊用时必填。"),
    )
    returned_to = serializers.ChoiceField(
        choices=Stage.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_("退回修改时稿件回到的阶段，须在当前阶段之前。"),
    )


class IssueSignOffRequestSerializer(RequestSerializer):
    """签发 an issue, or withdraw it back to 编排."""

    decision = serializers.ChoiceField(
        choices=[
            (SignOff.Decision.APPROVED, _("签发")),
            (SignOff.Decision.WITHDRAWN, SignOff.Decision.WITHDRAWN.label),
        ],
        help_text=_(
            "approved 签发（需 sign_issue 权限）；withdrawn 撤回为编排（需 withdraw_issue 权限）。"
        ),
    )
    opinion = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("签发意见；撤回时为撤回理由（必填）。"),
    )
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text=_("稿件未全部定稿或核对清单有问题时仍要签发的理由；此时必填。"),
    )
    publish_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("定时发布时间：到时由 publish_due 发布；不填则由“发布”操作发布。"),
    )


class WithdrawRequestSerializer(RequestSerializer):
    """撤回: the reason is recorded with the decision."""

    reason = serializers.CharField(help_text=_("撤回的理由（必填，记录在案）。"))


class InboxArticleSerializer(serializers.Serializer):
    """An article waiting at a stage the user may sign."""

    id = serializers.IntegerField(source="pk", help_text=_("稿件 id。"))
    title = serializers.CharField(source="__str__", help_text=_("标题。"))
    stage = serializers.ChoiceField(choices=Stage.choices, help_text=_("等待签署的阶段。"))
    issue = IssueBriefSerializer(help_text=_("所属期次。"))
    waiting_since = serializers.DateTimeField(
        help_text=_("进入本阶段的时间（最近一次签署，或收稿时间）。")
    )


class InboxIssueSerializer(serializers.Serializer):
    """An issue waiting for 签发."""

    issue = IssueBriefSerializer(source="*", help_text=_("期次。"))
    article_count = serializers.IntegerField(help_text=_("稿件数。"))
    not_ready_count = serializers.IntegerField(help_text=_("尚未定稿的稿件数。"))


class InboxSerializer(serializers.Serializer):
    """待我处理: what waits for the signed-in user."""

    articles = InboxArticleSerializer(many=True, help_text=_("等待我签署的稿件，最早的在前。"))
    issues = InboxIssueSerializer(many=True, help_text=_("等待签发的期次（有签发权限者）。"))
