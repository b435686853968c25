"""Article rules: page ranges, columns of the right periodical, names kept as printed."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Article, PhotoCredit
from articles.services import article_create
from tests.chinese import is_chinese
from tests.factories import (
    ArticleFactory,
    AuthorshipFactory,
    ColumnFactory,
    ContributorFactory,
    IssueFactory,
)

pytestmark = pytest.mark.django_db


def test_end_page_before_start_page_is_a_chinese_error_and_nothing_is_saved():
    """The service every write path calls refuses it before the database would."""
    issue = IssueFactory()
    with pytest.raises(ValidationError) as caught:
        article_create(issue=issue, title="标题", start_page=12, end_page=10)
    assert is_chinese(" ".join(caught.value.messages))
    assert not issue.articles.exists()


def test_database_refuses_an_inverted_page_range():
    issue = IssueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(issue=issue, title="标题", start_page=12, end_page=10)
    assert not issue.articles.exists()


def test_continuation_pages_must_be_page_numbers():
    article = ArticleFactory.build(issue=IssueFactory(), column=None, continuation_pages="第9页")
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    assert "continuation_pages" in caught.value.message_dict
    article.continuation_pages = "9, 12-13"
    article.full_clean()
    assert article.continuation_page_numbers() == [9, 12, 13]


def test_pages_read_as_a_reader_writes_them():
    assert Article(start_page=4, end_page=5, continuation_pages="9").pages == "4-5, 9"
    assert Article(start_page=11).pages == "11"


def test_column_of_another_periodical_is_refused():
    issue = IssueFactory()
    foreign_column = ColumnFactory()
    article = Article(issue=issue, column=foreign_column, title="标题")
    with pytest.raises(ValidationError) as caught:
        article.full_clean()
    assert "column" in caught.value.message_dict


def test_untitled_article_must_be_a_continuation():
    article = Article(issue=IssueFactory(), title="")
    with pytest.raises(ValidationError):
        article.full_clean()
    article.continuation_pages = "1"
    article.full_clean()


def test_printed_names_default_to_the_contributor_name_once():
    editor = ContributorFactory(name="杨佩佩")
    article = ArticleFactory(responsible_editor=editor)
    article.full_clean()
    assert article.responsible_editor_name == "杨佩佩"
    authorship = AuthorshipFactory.build(
        article=article, contributor=ContributorFactory(name="杨羊"), credited_name=""
    )
    authorship.full_clean()
    assert authorship.credited_name == "杨羊"


def test_photo_belongs_to_an_article_or_to_the_issue_not_both():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        PhotoCredit.objects.create(article=article, issue=article.issue, caption="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        PhotoCredit.objects.create(caption="x")


def test_credit_line_reads_as_printed():
    assert PhotoCredit(
        credited_name="燕雁", agency="新华社", credited_title="记者"
    ).credit_line == ("新华社记者 燕雁/摄")
    assert PhotoCredit(credited_name="某公司", kind="supplied").credit_line == "某公司供图"
    assert PhotoCredit(kind="archive").credit_line == "资料图"
