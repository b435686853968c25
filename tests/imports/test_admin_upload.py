"""The admin's import page as an editor uses it: upload the text, read the preview, confirm."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from imports.models import IssueImport
from issues.models import Issue
from issues.services import issue_publish
from tests.factories import sign_off_issue, unrecorded, withdraw_to_draft

pytestmark = pytest.mark.django_db

SEED_TEXT = (Path(settings.BASE_DIR) / "fixtures/seeds/001_f298dd8e9d14375d.txt").read_text(
    encoding="utf-8"
)
TITLE_P25 = "社区“小食堂”撬动居民“大民生”"
UPLOAD_URL = reverse("admin:imports_issueimport_upload")


def user_with(username: str, *permissions: str) -> User:
    user = User.objects.create_user(username, password="x", is_staff=True)
    for label in permissions:
        app_label, codename = label.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def importer_client(db):
    """An editor who may import: the three permissions uploading needs, and viewing issues."""
    client = Client()  # its own: a test may use the auditor's `client` beside it
    user = user_with(
        "editor",
        "imports.add_issueimport",
        "issues.add_issue",
        "issues.change_issue",
        "issues.view_issue",
    )
    client.force_login(user)
    return client


@pytest.fixture
def dangyuan_zhiyou(seed_issue):
    """《党员之友》 without its issue 2025·3: importing the seed text makes a new draft."""
    periodical = seed_issue.periodical
    with unrecorded():
        seed_issue.delete()
    return periodical


def upload(client, periodical, content: bytes | str = SEED_TEXT, name="2025-03.txt"):
    if isinstance(content, str):
        content = content.encode("utf-8")
    text_file = SimpleUploadedFile(name, content, content_type="text/plain")
    return client.post(UPLOAD_URL, {"periodical": periodical.pk, "text_file": text_file})


def preview_url(record: IssueImport) -> str:
    return reverse("admin:imports_issueimport_preview", args=[record.pk])


def imported_issue(periodical) -> Issue:
    return Issue.objects.get(periodical=periodical, year=2025, number=3)


class TestUpload:
    def test_the_preview_shows_the_toc_the_masthead_and_the_report(
        self, importer_client, dangyuan_zhiyou
    ):
        response = upload(importer_client, dangyuan_zhiyou)

        record = IssueImport.objects.get()
        assert response.status_code == 302
        assert response.url == preview_url(record)
        assert record.status == IssueImport.Status.PREVIEWED
        assert record.created is True
        assert record.file_name == "2025-03.txt"
        assert record.text == SEED_TEXT
        assert not Issue.objects.filter(periodical=dangyuan_zhiyou, year=2025).exists()

        page = importer_client.get(response.url).text
        assert "2025年第3期" in page and "总第344期" in page
        assert "p.25" in page and TITLE_P25 in page
        assert page.index("卷首语") < page.index("工作交流") < page.index(TITLE_P25)
        assert "田进宝" in page  # 社长, from the masthead
        assert record.report, "the seed text has articles without a 责任编辑 mark"
        for item in record.report:
            assert escape(item["message"]) in page
        assert 'name="confirm"' in page

    def test_the_add_button_of_the_records_leads_to_the_upload_form(self, importer_client):
        changelist = importer_client.get(reverse("admin:imports_issueimport_changelist"))
        assert UPLOAD_URL in changelist.text
        add = importer_client.get(reverse("admin:imports_issueimport_add"))
        assert add.status_code == 200
        assert 'type="file"' in add.text and 'name="text_file"' in add.text

    @pytest.mark.parametrize(
        ("content", "code"),
        [
            (b"", "empty"),
            (b"  \n\n \t\n", "empty"),
            ("党员之友 2025年第3期".encode("gbk"), "not_utf8"),
            (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf"),
            ("2025年第3期".encode("utf-16-le"), "binary"),  # valid UTF-8 bytes, and NULs
            (b"a" * (settings.IMPORT_MAX_BYTES + 1), "too_big"),
        ],
        ids=["empty", "blank", "gbk", "pdf", "utf-16", "too-big"],
    )
    def test_a_file_that_is_not_an_issue_text_is_a_form_error_and_writes_nothing(
        self, importer_client, seed_issue, content, code
    ):
        response = upload(importer_client, seed_issue.periodical, content)

        assert response.status_code == 200
        errors = response.context["form"].errors.as_data()["text_file"]
        assert [error.code for error in errors] == [code]
        assert escape(errors[0].messages[0]) in response.text
        assert not IssueImport.objects.exists()

    def test_the_size_limit_is_the_import_setting(self, importer_client, seed_issue, settings):
        settings.IMPORT_MAX_BYTES = len(SEED_TEXT.encode()) - 1  # one byte short of the seed

        response = upload(importer_client, seed_issue.periodical)

        errors = response.context["form"].errors.as_data()["text_file"]
        assert [error.code for error in errors] == ["too_big"]
        assert not IssueImport.objects.exists()

    def test_a_published_issue_is_refused_with_its_reason(self, importer_client, seed_issue):
        changed_at = seed_issue.content_changed_at

        response = upload(importer_client, seed_issue.periodical)

        assert response.status_code == 200
        record = IssueImport.objects.get()
        assert record.status == IssueImport.Status.REFUSED
        assert record.refusal and "\n" not in record.refusal
        assert response.context["form"].non_field_errors() == [record.refusal]
        assert escape(record.refusal) in response.text
        seed_issue.refresh_from_db()
        assert seed_issue.content_changed_at == changed_at
        assert seed_issue.status == Issue.Status.PUBLISHED


class TestConfirm:
    def test_confirming_writes_a_draft_with_its_articles(self, importer_client, dangyuan_zhiyou):
        upload(importer_client, dangyuan_zhiyou)
        record = IssueImport.objects.get()

        response = importer_client.post(preview_url(record))

        issue = imported_issue(dangyuan_zhiyou)
        assert response.status_code == 302
        assert response.url == reverse("admin:issues_issue_change", args=[issue.pk])
        assert issue.status == Issue.Status.DRAFT
        assert issue.cumulative_number == 344
        assert issue.articles.count() == len(record.document["articles"])
        article = issue.articles.get(title=TITLE_P25)
        assert article.start_page == 25
        record.refresh_from_db()
        assert record.status == IssueImport.Status.IMPORTED
        assert record.issue == issue and record.created is True
        assert record.imported_at is not None
        page = importer_client.get(response.url).text
        assert preview_url(record) in page  # the success message links back to the record

    def test_confirming_twice_imports_once(self, importer_client, dangyuan_zhiyou):
        upload(importer_client, dangyuan_zhiyou)
        record = IssueImport.objects.get()
        importer_client.post(preview_url(record))
        record.refresh_from_db()
        issue = imported_issue(dangyuan_zhiyou)
        articles = set(issue.articles.values_list("pk", flat=True))

        again = importer_client.post(preview_url(record))

        assert again.status_code == 302 and again.url == preview_url(record)
        assert Issue.objects.filter(periodical=dangyuan_zhiyou, year=2025, number=3).count() == 1
        assert set(issue.articles.values_list("pk", flat=True)) == articles
        imported_at = record.imported_at
        record.refresh_from_db()
        assert record.imported_at == imported_at
        page = importer_client.get(again.url).text
        assert reverse("admin:issues_issue_change", args=[issue.pk]) in page
        assert 'name="confirm"' not in page

    def test_uploading_an_edited_text_again_updates_the_same_draft_in_place(
        self, importer_client, dangyuan_zhiyou
    ):
        upload(importer_client, dangyuan_zhiyou)
        importer_client.post(preview_url(IssueImport.objects.get()))
        issue = imported_issue(dangyuan_zhiyou)
        article_id = issue.articles.get(title=TITLE_P25).pk
        edited = SEED_TEXT.replace(TITLE_P25, "社区“小食堂”撬动居民“大幸福”")

        upload(importer_client, dangyuan_zhiyou, edited)
        record = IssueImport.objects.latest("id")
        assert record.created is False
        page = importer_client.get(preview_url(record)).text
        assert "社区“小食堂”撬动居民“大幸福”" in page
        # The retitled article is found again by its place and page, and the preview says so.
        assert "重新导入：位置或标题有变的原有文章" in page and "目录位置和起始页" in page
        importer_client.post(preview_url(record))
        assert issue.articles.get(pk=article_id).title == "社区“小食堂”撬动居民“大幸福”"

        record.refresh_from_db()
        assert record.status == IssueImport.Status.IMPORTED
        assert record.issue == imported_issue(dangyuan_zhiyou) == issue
        assert record.created is False
        titles = set(issue.articles.values_list("title", flat=True))
        assert "社区“小食堂”撬动居民“大幸福”" in titles and TITLE_P25 not in titles

    def test_an_issue_published_since_the_preview_is_refused_on_confirming(
        self, importer_client, seed_issue
    ):
        withdraw_to_draft(seed_issue)
        upload(importer_client, seed_issue.periodical)
        record = IssueImport.objects.get()
        assert record.status == IssueImport.Status.PREVIEWED and record.created is False
        sign_off_issue(seed_issue)
        issue_publish(issue=seed_issue)

        response = importer_client.post(preview_url(record), follow=True)

        assert response.status_code == 200
        assert response.redirect_chain == [(preview_url(record), 302)]
        record.refresh_from_db()
        assert record.status == IssueImport.Status.REFUSED and record.refusal
        assert escape(record.refusal) in response.text
        assert 'name="confirm"' not in response.text
        seed_issue.refresh_from_db()
        assert seed_issue.status == Issue.Status.PUBLISHED


class TestPermissions:
    @pytest.fixture
    def record(self, seed_issue):
        return IssueImport.objects.create(periodical=seed_issue.periodical, text=SEED_TEXT)

    def test_an_auditor_may_neither_upload_nor_confirm(self, auditor_client, seed_issue, record):
        assert auditor_client.get(UPLOAD_URL).status_code == 403
        assert upload(auditor_client, seed_issue.periodical).status_code == 403
        assert auditor_client.get(reverse("admin:imports_issueimport_add")).status_code == 403
        assert auditor_client.post(preview_url(record)).status_code == 403
        record.refresh_from_db()
        assert record.status == IssueImport.Status.PREVIEWED
        assert IssueImport.objects.count() == 1

    def test_an_auditor_sees_the_import_records(self, auditor_client, record):
        changelist = auditor_client.get(reverse("admin:imports_issueimport_changelist"))
        assert changelist.status_code == 200

    def test_a_viewer_sees_the_records_read_only(self, client, record):
        client.force_login(user_with("reader", "imports.view_issueimport", "issues.view_issue"))

        changelist = client.get(reverse("admin:imports_issueimport_changelist"))
        change = client.get(reverse("admin:imports_issueimport_change", args=[record.pk]))
        preview = client.get(preview_url(record))

        assert [changelist.status_code, change.status_code, preview.status_code] == [200] * 3
        assert UPLOAD_URL not in changelist.text
        assert 'name="_save"' not in change.text
        assert 'name="confirm"' not in preview.text
        assert client.get(UPLOAD_URL).status_code == 403

    def test_nobody_edits_or_deletes_a_record(self, admin_client, record):
        change_url = reverse("admin:imports_issueimport_change", args=[record.pk])
        assert 'name="_save"' not in admin_client.get(change_url).text
        assert admin_client.post(change_url, {"file_name": "x"}).status_code == 403
        delete_url = reverse("admin:imports_issueimport_delete", args=[record.pk])
        assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
        assert IssueImport.objects.filter(pk=record.pk, file_name="").exists()

    def test_the_issue_list_offers_the_import_only_to_who_may_upload(
        self, importer_client, auditor_client
    ):
        changelist = reverse("admin:issues_issue_changelist")
        assert UPLOAD_URL in importer_client.get(changelist).text
        assert UPLOAD_URL not in auditor_client.get(changelist).text


def test_the_record_shows_the_report_line_by_line(importer_client, dangyuan_zhiyou):
    upload(importer_client, dangyuan_zhiyou)
    record = IssueImport.objects.get()

    changelist = importer_client.get(reverse("admin:imports_issueimport_changelist")).text
    change = importer_client.get(reverse("admin:imports_issueimport_change", args=[record.pk]))

    assert "2025-03.txt" in changelist
    assert f'<td class="field-report_size">{record.report_count}</td>' in changelist
    assert change.status_code == 200
    item = next(item for item in record.report_items() if item.line)
    assert f"<td>{item.line}</td><td>{escape(item.label)}</td>" in change.text
    assert f"{item.line:>5}  " in change.text  # the text, numbered as the report counts
