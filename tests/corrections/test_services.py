"""correction_apply: the content changes through the write services, recorded and linked."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from articles.models import Article, Authorship
from articles.services import article_update
from audit.models import ChangeRecord
from core.errors import Conflict
from corrections.models import Correction
from corrections.services import correction_apply
from corrections.targets import Target
from issues.locks import PublicationLocked, correcting, ensure_editable
from issues.models import Issue
from tests.factories import IssueFactory, MastheadEntryFactory, PhotoCreditFactory

pytestmark = pytest.mark.django_db


def correct(of, approver, **fields):
    """Correct the article `of` (its body, unless `fields` say otherwise)."""
    values = {
        "issue": of.issue,
        "article": of,
        "target": Target.BODY,
        "wrong_text": "十万人",
        "right_text": "十二万人",
        "reason": "读者来信指出，据组织部统计数据更正。",
        "approver": approver,
    }
    return correction_apply(**{**values, **fields})


def test_a_correction_changes_the_body_and_publishes_a_notice(article, chief):
    correction = correct(article, chief)
    article.refresh_from_db()
    assert "全区党员达到十二万人" in article.body and "十万人" not in article.body
    assert correction.notice == "本文第2段“十万人”应为“十二万人”，特此更正。"
    assert correction.approved_by == chief and correction.applied_at is not None


def test_the_change_records_of_the_change_are_linked_to_the_correction(article, chief):
    correction = correct(article, chief)
    records = list(correction.change_records.all())
    article_type = ContentType.objects.get_for_model(Article)
    assert [(r.content_type, r.object_id) for r in records] == [(article_type, article.pk)]
    record = records[0]
    assert record.changes_dict["body"][1].endswith("全区党员达到十二万人。\n第三段是结尾。")
    assert record.reason.startswith(f"勘误 #{correction.pk}：") and record.after_publication
    assert record.actor == chief
    # The correction itself is recorded too.
    own = ChangeRecord.objects.get_for_object(correction)
    assert own.count() == 1 and own.get().issue_id == article.issue_id


def test_a_byline_name_is_corrected_in_its_row(article, chief):
    correction = correct(
        article, chief, target=Target.BYLINE_NAME, wrong_text="琰", right_text="珑"
    )
    names = list(article.authorships.order_by("order").values_list("credited_name", flat=True))
    assert names == ["夏珑祯", "杨佩佩"]
    assert correction.notice == "本文作者署名“琰”应为“珑”，特此更正。"
    authorship_type = ContentType.objects.get_for_model(Authorship)
    assert {r.content_type for r in correction.change_records.all()} == {authorship_type}


def test_a_photo_credit_and_the_masthead_and_the_issue_are_corrected(article, chief):
    photo = PhotoCreditFactory(article=article, credited_name="燕 雁")
    correct(article, chief, target=Target.PHOTO_CREDIT, wrong_text="燕 雁", right_text="燕 燕")
    photo.refresh_from_db()
    assert photo.credited_name == "燕 燕"
    issue = article.issue
    entry = MastheadEntryFactory(issue=issue, credited_name="刘 听")
    correct(
        article, chief, article=None, target=Target.MASTHEAD_NAME, wrong_text="听", right_text="昕"
    )
    entry.refresh_from_db()
    assert entry.credited_name == "刘 昕"
    Issue.objects.filter(pk=issue.pk).update(cover_caption="天山南北好风光")
    issue.refresh_from_db()
    made = correct(
        article, chief, article=None, target=Target.COVER_CAPTION, wrong_text="好", right_text="美"
    )
    issue.refresh_from_db()
    assert issue.cover_caption == "天山南北美风光"
    assert made.notice == "本期封面说明“好”应为“美”，特此更正。"


def test_a_correction_changes_the_issue_content_timestamp(article, chief):
    before = Issue.objects.get(pk=article.issue_id).content_changed_at
    correct(article, chief)
    assert Issue.objects.get(pk=article.issue_id).content_changed_at > before


def test_wrong_text_that_does_not_occur_is_refused_and_changes_nothing(article, chief):
    with pytest.raises(ValidationError) as refused:
        correct(article, chief, wrong_text="九万人")
    assert refused.value.message_dict == {"wrong_text": ["“九万人”未出现在正文中。"]}
    article.refresh_from_db()
    assert "十万人" in article.body and article.version == 1
    assert not Correction.objects.exists()


def test_wrong_text_occurring_twice_asks_for_more_context(article, chief):
    with pytest.raises(ValidationError) as refused:
        correct(article, chief, wrong_text="段")
    assert "出现了3次" in refused.value.message_dict["wrong_text"][0]


def test_field_errors_name_their_field(article, chief):
    other = IssueFactory(status="published")
    with pytest.raises(ValidationError) as refused:
        correct(article, chief, issue=other, right_text="十万人", reason=" ")
    assert set(refused.value.message_dict) == {"article", "right_text", "reason"}
    with pytest.raises(ValidationError) as refused:
        correct(article, chief, target=Target.TITLE, wrong_text="四十", right_text="长" * 300)
    assert list(refused.value.message_dict) == ["right_text"]
    assert not Correction.objects.exists() and Article.objects.get(pk=article.pk).version == 1


def test_only_a_chief_editor_may_approve(article, editor):
    with pytest.raises(PermissionDenied):
        correct(article, editor)
    assert not Correction.objects.exists()


def test_a_draft_is_edited_not_corrected(article, chief):
    Issue.objects.filter(pk=article.issue_id).update(status=Issue.Status.DRAFT)
    article.issue.refresh_from_db()
    with pytest.raises(Conflict):
        correct(article, chief)
    assert not Correction.objects.exists()


def test_the_lock_is_lifted_only_inside_a_correction(article, chief):
    issue = article.issue
    with pytest.raises(PublicationLocked):
        ensure_editable(issue)
    with correcting(object()):
        ensure_editable(issue)  # no error
    with pytest.raises(PublicationLocked):
        ensure_editable(issue)


def test_a_correction_passes_the_lock_of_the_write_services(article, chief, monkeypatch):
    """Once the write services refuse published content (the workflow wires the lock), a
    correction still goes through: it runs them inside correcting()."""
    import articles.services

    def locked_update(*, article, **fields):
        ensure_editable(article.issue)
        return article_update(article=article, **fields)

    monkeypatch.setattr("corrections.services.article_update", locked_update)
    with pytest.raises(PublicationLocked):
        locked_update(article=article, title="悄悄改掉")
    correct(article, chief)
    article.refresh_from_db()
    assert "十二万人" in article.body and articles.services  # the real service wrote it


def test_the_chief_editors_approve_whichever_migration_set_their_group_last(chief):
    from django.apps import apps
    from django.contrib.auth.models import Group
    from django.db.models.signals import post_migrate

    Group.objects.get(name="主编").permissions.clear()  # as a later migration's set() would
    corrections = apps.get_app_config("corrections")
    post_migrate.send(sender=corrections, app_config=corrections, using="default", verbosity=0)
    chief = type(chief).objects.get(pk=chief.pk)  # no cached permissions
    assert chief.has_perm("corrections.approve_correction")
