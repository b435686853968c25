"""API representations of the accountability read models (accountability/reports.py)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from issues.serializers import IssueBriefSerializer


class ChecklistItemSerializer(serializers.Serializer):
    """An article, photo or pair of articles that breaks a check."""

    article_id = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the article; null for a photo outside articles.")
    )
    pages = serializers.CharField(help_text=_("The article's pages as printed: 11, 11-13, 4, 9."))
    title = serializers.CharField(help_text=_("The article's title."))
    photo_id = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the photo credit, for a photo check.")
    )
    caption = serializers.CharField(help_text=_("The photo's caption."))
    on_cover = serializers.BooleanField(help_text=_("The photo is the cover photo."))
    other_article_id = serializers.IntegerField(
        allow_null=True, help_text=_("Id of the other article, for overlapping pages.")
    )
    other_pages = serializers.CharField(help_text=_("The other article's pages."))
    other_title = serializers.CharField(help_text=_("The other article's title."))
    shared_pages = serializers.CharField(help_text=_("The pages both articles claim."))
    detail = serializers.CharField(help_text=_("What else an auditor needs to know."))


class CheckSerializer(serializers.Serializer):
    """One check of the checklist and what breaks it."""

    code = serializers.CharField(help_text=_("The check's code, stable across languages."))
    title = serializers.CharField(help_text=_("What is checked."))
    rule = serializers.CharField(help_text=_("The rule, exactly."))
    passed = serializers.BooleanField(help_text=_("True when nothing breaks the rule."))
    blocking = serializers.BooleanField(
        help_text=_("false：仅供知悉的检查（如无审稿记录），其条目不算问题，也不妨碍签发。")
    )
    items = ChecklistItemSerializer(many=True, help_text=_("What breaks the rule."))


class ChecklistSerializer(serializers.Serializer):
    """The completeness checklist of an issue."""

    issue = IssueBriefSerializer(help_text=_("The issue checked."))
    passed = serializers.BooleanField(help_text=_("True when every check passes."))
    problem_count = serializers.IntegerField(help_text=_("Number of items over all checks."))
    checks = CheckSerializer(many=True, help_text=_("The checks, in the order auditors run them."))


class IssueRefSerializer(serializers.Serializer):
    """An issue named in a report."""

    id = serializers.IntegerField(help_text=_("Id of the issue."))
    periodical = serializers.CharField(help_text=_("The periodical's name."))
    label = serializers.CharField(help_text=_("The issue as the print names it: 2025年第3期."))
    publication_date = serializers.DateField(
        allow_null=True, help_text=_("The issue's publication date.")
    )


class IssueCountSerializer(serializers.Serializer):
    """A number of articles in one issue."""

    issue = IssueRefSerializer(help_text=_("The issue."))
    count = serializers.IntegerField(help_text=_("Number of articles."))


class EditorRowSerializer(serializers.Serializer):
    """A responsible editor and the articles they answered for."""

    contributor_id = serializers.IntegerField(help_text=_("Id of the contributor."))
    name = serializers.CharField(help_text=_("The editor's name."))
    printed_names = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Other names the [责任编辑] marks printed for this editor."),
    )
    total = serializers.IntegerField(help_text=_("Number of articles in the period."))
    issues = IssueCountSerializer(many=True, help_text=_("Number of articles per issue."))


class EditorReportSerializer(serializers.Serializer):
    """Responsible editors in pinyin order, and the articles no editor answers for."""

    rows = EditorRowSerializer(many=True, help_text=_("Responsible editors in pinyin order."))
    without_editor = IssueCountSerializer(
        many=True, help_text=_("Articles without a responsible editor, per issue.")
    )
    total = serializers.IntegerField(help_text=_("Number of articles in the period."))


class RolePersonSerializer(serializers.Serializer):
    """A person in a masthead role and the issues that listed them in it."""

    contributor_id = serializers.IntegerField(help_text=_("Id of the contributor."))
    name = serializers.CharField(help_text=_("The person's name."))
    printed_names = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Other names the masthead printed for this person."),
    )
    issues = IssueRefSerializer(many=True, help_text=_("The issues listing them in the role."))


class RoleRowSerializer(serializers.Serializer):
    """A masthead role and the people in it."""

    role_id = serializers.IntegerField(help_text=_("Id of the masthead role."))
    role = serializers.CharField(help_text=_("The role's name."))
    periodical = serializers.CharField(help_text=_("The periodical's name."))
    people = RolePersonSerializer(many=True, help_text=_("The people in it, in pinyin order."))


class RoleReportSerializer(serializers.Serializer):
    """Masthead roles in the masthead's order."""

    roles = RoleRowSerializer(many=True, help_text=_("Masthead roles in the masthead's order."))


class StageSignatureSerializer(serializers.Serializer):
    """Who signed one stage of an article (its last 通过) and when."""

    stage = serializers.CharField(help_text=_("阶段代码，如 first_review。"))
    label = serializers.CharField(help_text=_("阶段名称，如 初审。"))
    signer = serializers.CharField(help_text=_("签署人。"))
    signed_at = serializers.DateTimeField(help_text=_("签署时间。"))


class ArticleSignaturesSerializer(serializers.Serializer):
    """An article of the period and the signature of each stage it passed."""

    article_id = serializers.IntegerField(help_text=_("稿件 id。"))
    title = serializers.CharField(help_text=_("标题。"))
    pages = serializers.CharField(help_text=_("页码。"))
    issue = IssueRefSerializer(help_text=_("所属期次。"))
    origin = serializers.CharField(help_text=_("来源：编辑流程，或导入（无审校记录）。"))
    detail = serializers.CharField(help_text=_("无任何签署时为“无审稿记录”。"))
    signatures = StageSignatureSerializer(many=True, help_text=_("各阶段的签署，按阶段顺序。"))


class SignOffReportSerializer(serializers.Serializer):
    """Who signed each stage of each article of the period."""

    articles = ArticleSignaturesSerializer(many=True, help_text=_("稿件，按期次和目录顺序。"))
