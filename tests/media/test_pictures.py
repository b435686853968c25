"""Pictures: a cover and a photo's image uploaded through the API and the admin, checked,
stored with renditions, and shown in the 目录, the masthead, the issue and the article."""

from urllib.parse import urlsplit

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import PhotoCredit
from issues.models import Issue
from issues.services import issue_publish
from tests.admin_pages import opened_form
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PhotoCreditFactory,
    sign_off_issue,
    unrecorded,
)

from .conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    """A draft issue with a cover caption, a cover credit and an article with one photo."""
    with unrecorded():
        issue = IssueFactory(
            status=Issue.Status.DRAFT, year=2025, number=5, cover_caption="天山脚下的村庄"
        )
        PhotoCreditFactory(article=None, issue=issue, on_cover=True, credited_name="赵登文")
        article = ArticleFactory(issue=issue, title="村里来了新书记")
        PhotoCreditFactory(article=article, caption="村民在田间劳作", credited_name="燕雁")
    return issue


def stored(url: str) -> bool:
    """Whether the file at this media URL is in the storage."""
    path = urlsplit(url).path
    return default_storage.exists(path.split("/media/", 1)[1])


def put_cover(client, issue, file, **headers):
    return client.put(
        f"/api/v1/issues/{issue.pk}/cover-image/", {"image": file}, format="multipart", **headers
    )


def test_a_cover_uploaded_by_api_shows_in_toc_masthead_and_issue_with_renditions(
    api, editor_api, draft
):
    response = put_cover(editor_api, draft, upload(width=2000, height=1000))
    assert response.status_code == 200, response.content
    issue_publish(issue=sign_off_issue(draft))

    toc = api.get(f"/api/v1/issues/{draft.pk}/toc/").json()
    picture = toc["cover"]["image"]
    assert (picture["width"], picture["height"]) == (2000, 1000)
    assert picture["alt"] == "天山脚下的村庄"
    assert picture["credit"] == "赵登文/摄"
    assert [(r["width"], r["height"]) for r in picture["renditions"]] == [
        (320, 160),
        (640, 320),
        (1280, 640),
    ]
    assert picture["url"].startswith("http://testserver/media/covers/")
    assert all(stored(url) for url in [picture["url"], *(r["url"] for r in picture["renditions"])])
    assert all(r["url"].endswith(".webp") for r in picture["renditions"])

    masthead = api.get(f"/api/v1/issues/{draft.pk}/masthead/").json()
    assert masthead["cover"]["image"] == picture
    assert api.get(f"/api/v1/issues/{draft.pk}/").json()["cover_image"] == picture
    listed = api.get("/api/v1/issues/", {"periodical": draft.periodical.slug}).json()["results"]
    assert listed[0]["cover_image"] == picture


def test_a_photo_uploaded_by_api_shows_in_the_article(api, editor_api, draft):
    credit = PhotoCredit.objects.get(article__issue=draft)
    response = editor_api.put(
        f"/api/v1/photo-credits/{credit.pk}/image/",
        {"image": upload("photo.png", width=900, height=600, format="PNG")},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    issue_publish(issue=sign_off_issue(draft))

    article = api.get(f"/api/v1/articles/{credit.article_id}/").json()
    picture = article["photo_credits"][0]["image"]
    assert (picture["width"], picture["height"], picture["alt"]) == (900, 600, "村民在田间劳作")
    assert picture["credit"] == "燕雁/摄"
    # The original is 900 wide: only the narrower renditions are offered.
    assert [(r["width"], r["height"]) for r in picture["renditions"]] == [(320, 213), (640, 427)]
    assert all(stored(r["url"]) for r in picture["renditions"])
    listed = api.get("/api/v1/articles/", {"issue": draft.pk}).json()["results"]
    assert listed[0]["photo_credits"][0]["image"] == picture


def test_the_cover_photo_credit_shows_its_own_image_in_the_toc(api, editor_api, draft):
    credit = PhotoCredit.objects.get(issue=draft, on_cover=True)
    response = editor_api.put(
        f"/api/v1/photo-credits/{credit.pk}/image/",
        {"image": upload("cover-photo.jpg", width=800, height=1200)},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    issue_publish(issue=sign_off_issue(draft))
    toc = api.get(f"/api/v1/issues/{draft.pk}/toc/").json()
    picture = toc["cover"]["credits"][0]["image"]
    assert (picture["width"], picture["height"], picture["credit"]) == (800, 1200, "赵登文/摄")
    assert [(r["width"], r["height"]) for r in picture["renditions"]] == [(320, 480), (640, 960)]
    assert toc["cover"]["image"] is None  # the issue's cover image is another upload


def test_without_an_image_the_picture_is_null(api, seed_issue):
    toc = api.get(f"/api/v1/issues/{seed_issue.pk}/toc/").json()
    assert toc["cover"]["image"] is None
    assert all(credit["image"] is None for credit in toc["cover"]["credits"])
    article = api.get("/api/v1/articles/", {"has_photos": "true"}).json()["results"][0]
    assert article["photo_credits"][0]["image"] is None


def test_removing_the_cover_image(editor_api, draft):
    put_cover(editor_api, draft, upload())
    response = editor_api.delete(f"/api/v1/issues/{draft.pk}/cover-image/")
    assert response.status_code == 200
    assert response.json()["cover_image"] is None
    draft.refresh_from_db()
    assert not draft.cover_image and draft.cover_image_width is None


@pytest.mark.parametrize(
    "file, message",
    [
        (SimpleUploadedFile("cover.jpg", b"not a picture at all"), "图片"),
        (upload("cover.gif", format="GIF", width=40, height=40), "JPEG、PNG 或 WebP"),
    ],
)
def test_a_file_that_is_not_an_accepted_picture_is_refused_in_chinese(
    editor_api, draft, file, message
):
    response = put_cover(editor_api, draft, file)
    assert response.status_code == 400
    assert message in response.json()["image"][0]
    draft.refresh_from_db()
    assert not draft.cover_image


def test_a_picture_over_the_size_limit_is_refused(settings, editor_api, draft):
    settings.IMAGE_MAX_BYTES = 1000
    response = put_cover(editor_api, draft, upload())
    assert response.status_code == 400
    assert "最大" in response.json()["image"][0]
    draft.refresh_from_db()
    assert not draft.cover_image


def test_a_published_issue_keeps_its_pictures(editor_api, seed_issue):
    response = put_cover(editor_api, seed_issue, upload())
    assert response.status_code == 409
    seed_issue.refresh_from_db()
    assert not seed_issue.cover_image


def test_only_staff_who_may_change_upload(api, draft):
    assert put_cover(api, draft, upload()).status_code == 401


def test_a_stale_if_match_changes_nothing(editor_api, draft):
    response = put_cover(editor_api, draft, upload(), HTTP_IF_MATCH='"999.0"')
    assert response.status_code == 412
    draft.refresh_from_db()
    assert not draft.cover_image


def test_a_cover_and_a_photo_uploaded_in_the_admin(client, editor, draft):
    client.force_login(editor)
    url = f"/admin/issues/issue/{draft.pk}/change/"
    data = opened_form(client, url)
    data["cover_image"] = upload(width=1000, height=500)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    draft.refresh_from_db()
    assert (draft.cover_image_width, draft.cover_image_height) == (1000, 500)
    assert default_storage.exists(draft.cover_image_320.name)
    assert default_storage.exists(draft.cover_image_640.name)

    article = draft.articles.get()
    url = f"/admin/articles/article/{article.pk}/change/"
    data = opened_form(client, url)
    data["photo_credits-0-image"] = upload("photo.jpg", width=700, height=700)
    response = client.post(url, data)
    assert response.status_code == 302
    credit = article.photo_credits.get()
    assert (credit.image_width, credit.image_height) == (700, 700)
    assert default_storage.exists(credit.image_640.name)


def test_the_admin_refuses_a_damaged_picture_with_a_form_error(client, editor, draft):
    client.force_login(editor)
    url = f"/admin/issues/issue/{draft.pk}/change/"
    data = opened_form(client, url)
    data["cover_image"] = SimpleUploadedFile("cover.jpg", b"\xff\xd8\xff broken")
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover_image"]
    draft.refresh_from_db()
    assert not draft.cover_image
