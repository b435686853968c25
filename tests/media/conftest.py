"""Pictures in tests: uploads land in a temporary media folder; images are made with Pillow."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.api.conftest import api, editor, editor_api  # noqa: F401  (the API's clients)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def picture_bytes(width=2000, height=1000, format="JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format=format)
    return buffer.getvalue()


def upload(name="cover.jpg", **kwargs) -> SimpleUploadedFile:
    content_type = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif"}
    return SimpleUploadedFile(
        name, picture_bytes(**kwargs), content_type=content_type[kwargs.get("format", "JPEG")]
    )
