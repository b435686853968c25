"""The 勘误 admin: the chief makes a correction; refusals are form errors; pages list them."""

import pytest
from django.urls import reverse

from corrections.models import Correction
from corrections.services import correction_apply
from corrections.targets import Target

pytestmark = pytest.mark.django_db

ADD = "admin:corrections_correction_add"


def form(article, **fields) -> dict:
    return {
        "issue": article.issue_id,
        "article": article.pk,
        "target": Target.BODY.value,
        "wrong_text": "十万人",
        "right_text": "十二万人",
        "reason": "据组织部统计数据更正。",
        "notice": "",
        "published_on": "",
        **fields,
    }


def test_the_chief_makes_a_correction_in_the_admin(client, chief, article):
    client.force_login(chief)
    response = client.post(reverse(ADD), form(article))
    assert response.status_code == 302, response.context["adminform"].form.errors
    correction = Correction.objects.get()
    assert correction.approved_by == chief and correction.change_records.count() == 1
    article.refresh_from_db()
    assert "十二万人" in article.body
    page = client.get(reverse("admin:corrections_correction_change", args=[correction.pk]))
    assert page.status_code == 200 and "十二万人" in page.text
    assert 'name="_save"' not in page.text  # read-only: a correction made is a record


def test_wrong_text_that_does_not_occur_is_a_form_error(client, chief, article):
    client.force_login(chief)
    response = client.post(reverse(ADD), form(article, wrong_text="九万人"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors == {"wrong_text": ["“九万人”未出现在正文中。"]}
    assert not Correction.objects.exists()


def test_an_editor_without_the_permission_gets_a_form_error(client, editor, article):
    client.force_login(editor)
    response = client.post(reverse(ADD), form(article))
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["只有主编可以批准勘误。"]
    article.refresh_from_db()
    assert "十二万人" not in article.body and not Correction.objects.exists()


def test_article_and_issue_pages_list_their_corrections(admin_client, chief, article):
    correction_apply(
        issue=article.issue, article=article, target=Target.TITLE, wrong_text="四十",
        right_text="四十一", reason="年数算错。", approver=chief,
    )  # fmt: skip
    notice = "本文标题“四十”应为“四十一”，特此更正。"
    article_page = admin_client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert notice in article_page.text
    issue_page = admin_client.get(reverse("admin:issues_issue_change", args=[article.issue_id]))
    assert notice in issue_page.text


def test_the_history_of_an_article_shows_its_correction(admin_client, chief, article):
    correction_apply(
        issue=article.issue, article=article, target=Target.TITLE, wrong_text="四十",
        right_text="四十一", reason="年数算错。", approver=chief,
    )  # fmt: skip
    history = admin_client.get(reverse("admin:articles_article_history", args=[article.pk]))
    assert history.status_code == 200
    assert "年数算错。" in history.text  # the correction's own record, with its reason
    assert "勘误 #" in history.text  # the title's change, made for it
