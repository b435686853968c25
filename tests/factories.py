"""factory_boy factories for test data, one per model."""

import factory
from auditlog.context import disable_auditlog

from articles.models import Article, Authorship, PhotoCredit
from contributors.models import Contributor
from issues.models import Highlight, Issue, MastheadEntry
from periodical.models import Column, MastheadRole, Periodical


def unrecorded():
    """Rows written (or deleted) without change records, as a context manager or a decorator.

    For the data a test needs but whose record it never reads: recording a row reads its scope
    and snapshots its fields, three quarters of the time a 60-article issue takes to build and
    six sevenths of the time an issue takes to delete. A test of the record itself, or of what
    a write does, writes recorded.
    """
    return disable_auditlog()


class PeriodicalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Periodical

    name = factory.Sequence(lambda n: f"测试期刊{n}")
    slug = factory.Sequence(lambda n: f"test-periodical-{n}")
    kind = Periodical.Kind.MAGAZINE
    frequency = Periodical.Frequency.MONTHLY
    cn = "65-1309/D"
    price = "6.00"
    publication_day = 28
    address = "新疆乌鲁木齐市天山区中湾街388号"

    @factory.lazy_attribute_sequence
    def issn(self, n):
        # Distinct valid ISSNs: the check digit is computed, not typed.
        from core.validators import issn_check_digit

        digits = f"{3000000 + n:07d}"
        return f"{digits[:4]}-{digits[4:]}{issn_check_digit(digits)}"


class ColumnFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Column

    periodical = factory.SubFactory(PeriodicalFactory)
    name = factory.Sequence(lambda n: f"栏目{n}")
    order = factory.Sequence(int)


class MastheadRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MastheadRole

    periodical = factory.SubFactory(PeriodicalFactory)
    name = factory.Sequence(lambda n: f"职务{n}")
    order = factory.Sequence(int)


class ContributorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contributor

    name = factory.Sequence(lambda n: f"作者{n}")


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    periodical = factory.SubFactory(PeriodicalFactory)
    year = 2025
    number = factory.Sequence(lambda n: n % 12 + 1)
    status = Issue.Status.PUBLISHED


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    issue = factory.SubFactory(IssueFactory)
    column = factory.LazyAttribute(lambda o: ColumnFactory(periodical=o.issue.periodical))
    title = factory.Sequence(lambda n: f"文章标题{n}")
    toc_order = factory.Sequence(int)
    start_page = factory.Sequence(lambda n: n % 60 + 1)


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    article = factory.SubFactory(ArticleFactory)
    contributor = factory.SubFactory(ContributorFactory)
    credited_name = factory.LazyAttribute(lambda o: o.contributor.name)


class MastheadEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MastheadEntry

    issue = factory.SubFactory(IssueFactory)
    role = factory.LazyAttribute(lambda o: MastheadRoleFactory(periodical=o.issue.periodical))
    contributor = factory.SubFactory(ContributorFactory)
    credited_name = factory.LazyAttribute(lambda o: o.contributor.name)


class PhotoCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PhotoCredit

    article = factory.SubFactory(ArticleFactory)
    caption = factory.Sequence(lambda n: f"图片说明{n}")
    photographer = factory.SubFactory(ContributorFactory)
    credited_name = factory.LazyAttribute(lambda o: o.photographer.name)


class HighlightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Highlight

    article = factory.SubFactory(ArticleFactory)
    issue = factory.LazyAttribute(lambda o: o.article.issue)


# --- The editorial workflow (workflow app): people in its groups, and the steps tests skip ---


def user_in_group(username: str, group: str, **fields):
    """A staff user in one of the editorial groups the migration seeded (workflow/roles.py)."""
    from django.contrib.auth.models import Group, User

    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(username, password="x", is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group))
    return User.objects.get(pk=user.pk)  # without the permission cache of the old object


def chief_editor(username: str = "chief"):
    """A 主编: signs every stage, 签发 and 撤回."""
    from workflow.roles import CHIEF_EDITOR_GROUP

    return user_in_group(username, CHIEF_EDITOR_GROUP)


def withdraw_to_draft(issue, *, reason: str = "测试：撤回后修改", user=None):
    """Withdraw a published (or signed) issue to 编排 by a recorded decision, so that a test
    can change its content; returns the issue as stored now."""
    from workflow.services import issue_withdraw

    issue_withdraw(issue=issue, user=user or chief_editor("chief_withdraws"), reason=reason)
    issue.refresh_from_db()
    return issue


def sign_off_issue(issue, *, user=None, override_reason: str = "测试：直接签发"):
    """签发 an issue in 编排 (with an override when its articles are not 定稿)."""
    from workflow.services import issue_sign

    issue_sign(
        issue=issue, user=user or chief_editor("chief_signs"), override_reason=override_reason
    )
    issue.refresh_from_db()
    return issue
