"""三审三校 of one article: stage by stage, by people holding each stage's permission, three
reviews by three people, returns to the stage named."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import Article
from audit.models import ChangeRecord
from core.errors import Conflict
from issues.models import Issue
from tests.factories import ArticleFactory, IssueFactory, chief_editor, user_in_group
from workflow.models import SignOff
from workflow.roles import EDITOR_GROUP, OFFICE_HEAD_GROUP, RESPONSIBLE_EDITOR_GROUP
from workflow.services import article_sign_off

pytestmark = pytest.mark.django_db

Stage = Article.Stage
APPROVED, RETURNED = SignOff.Decision.APPROVED, SignOff.Decision.RETURNED


@pytest.fixture
def article():
    return ArticleFactory(issue=IssueFactory(status=Issue.Status.DRAFT), title="待审稿件")


@pytest.fixture
def people():
    return {
        "editor": user_in_group("bianji", EDITOR_GROUP),
        "responsible": user_in_group("zebian", RESPONSIBLE_EDITOR_GROUP),
        "head": user_in_group("zhuren", OFFICE_HEAD_GROUP),
        "chief": chief_editor("zhubian"),
    }


def sign(article, user, decision=APPROVED, **kwargs):
    article = Article.objects.select_related("issue__periodical").get(pk=article.pk)
    article_sign_off(article=article, user=user, decision=decision, **kwargs)
    return Article.objects.get(pk=article.pk)


def test_an_article_moves_through_every_stage_to_ready(article, people):
    order = [
        (Stage.RECEIVED, "editor"),
        (Stage.FIRST_REVIEW, "responsible"),
        (Stage.SECOND_REVIEW, "head"),
        (Stage.FINAL_REVIEW, "chief"),
        (Stage.PROOF_1, "editor"),
        (Stage.PROOF_2, "editor"),
        (Stage.PROOF_3, "editor"),
    ]
    for stage, who in order:
        assert article.stage == stage
        article = sign(article, people[who], stage=stage, opinion=f"{stage} 通过")
    assert article.stage == Stage.READY  # no 通读: the periodical does not require it
    history = list(SignOff.objects.filter(article=article).in_order())
    assert [s.stage for s in history] == [stage for stage, _ in order]
    assert [s.signed_by.username for s in history] == [people[who].username for _, who in order]


def test_a_periodical_requiring_a_read_through_adds_the_step(article, people):
    periodical = article.issue.periodical
    periodical.requires_read_through = True
    periodical.save()
    Article.objects.filter(pk=article.pk).update(stage=Stage.PROOF_3)
    article = sign(article, people["editor"])
    assert article.stage == Stage.READ_THROUGH
    assert sign(article, people["editor"]).stage == Stage.READY


def test_an_article_cannot_skip_a_stage(article, people):
    with pytest.raises(Conflict, match="不能跳过"):
        sign(article, people["chief"], stage=Stage.FINAL_REVIEW)
    article.refresh_from_db()
    assert article.stage == Stage.RECEIVED and not SignOff.objects.filter(article=article).exists()


def test_one_person_cannot_sign_two_of_the_three_reviews(article, people):
    Article.objects.filter(pk=article.pk).update(stage=Stage.FIRST_REVIEW)
    article = sign(article, people["chief"])  # 初审 by the chief
    assert article.stage == Stage.SECOND_REVIEW
    with pytest.raises(PermissionDenied, match="三审须由三人分别签署"):
        sign(article, people["chief"])  # and 复审 by the chief again
    article = sign(article, people["head"])
    with pytest.raises(PermissionDenied, match="三审须由三人分别签署"):
        sign(article, people["chief"])  # 终审: the chief signed 初审
    assert Article.objects.get(pk=article.pk).stage == Stage.FINAL_REVIEW


def test_a_user_without_the_stage_permission_is_refused(article, people):
    Article.objects.filter(pk=article.pk).update(stage=Stage.SECOND_REVIEW)
    for who in ("editor", "responsible"):
        with pytest.raises(PermissionDenied, match="复审"):
            sign(article, people[who])
    assert Article.objects.get(pk=article.pk).stage == Stage.SECOND_REVIEW


def test_a_return_goes_to_the_named_stage_and_needs_an_opinion(article, people):
    Article.objects.filter(pk=article.pk).update(stage=Stage.FINAL_REVIEW)
    with pytest.raises(ValidationError) as no_opinion:
        sign(article, people["chief"], RETURNED, returned_to=Stage.FIRST_REVIEW)
    assert "opinion" in no_opinion.value.error_dict
    with pytest.raises(ValidationError) as later:
        sign(article, people["chief"], RETURNED, returned_to=Stage.PROOF_1, opinion="改")
    assert "returned_to" in later.value.error_dict
    article = sign(
        article, people["chief"], RETURNED, returned_to=Stage.FIRST_REVIEW, opinion="史实待核"
    )
    assert article.stage == Stage.FIRST_REVIEW
    record = SignOff.objects.get(article=article)
    assert (record.stage, record.decision, record.returned_to, record.opinion) == (
        Stage.FINAL_REVIEW,
        RETURNED,
        Stage.FIRST_REVIEW,
        "史实待核",
    )


def test_a_rejected_article_has_no_step_left(article, people):
    article = sign(article, people["editor"], SignOff.Decision.REJECTED, opinion="不宜刊发")
    assert article.stage == Stage.REJECTED
    with pytest.raises(Conflict):
        sign(article, people["chief"])


def test_every_sign_off_is_a_change_record(article, people):
    sign(article, people["editor"], opinion="收稿")
    record = SignOff.objects.get(article=article)
    change = ChangeRecord.objects.get_for_object(record).get()
    assert change.issue_id == article.issue_id
