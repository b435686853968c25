"""Pictures in an S3-compatible store (django-storages), against moto's S3 server started here
on the loopback interface: the original and its renditions land in the bucket, and the API
gives their addresses in the store."""

import socket

import pytest
from django.test import override_settings

from issues.models import Issue
from issues.services import issue_publish
from tests.factories import IssueFactory, sign_off_issue, unrecorded

from .conftest import upload

pytestmark = pytest.mark.django_db

BUCKET = "periodical-media"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on 127.0.0.1, or the tests are skipped saying why."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as error:
        pytest.skip(f"moto[server] is not installed (the test extras): {error}")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    try:
        server.start()
    except Exception as error:  # a port taken meanwhile, a missing dependency of the server
        pytest.skip(f"moto's S3 server could not start on 127.0.0.1:{port}: {error}")
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint, monkeypatch):
    """The media storage switched to the S3 server, with an empty bucket; the boto3 client."""
    import boto3

    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.setenv(name, "testing")
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": BUCKET,
            "endpoint_url": s3_endpoint,
            "region_name": "us-east-1",
            "access_key": "testing",
            "secret_key": "testing",
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
    from django.conf import settings

    with override_settings(STORAGES={**settings.STORAGES, "default": storage}):
        yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_a_cover_goes_to_the_s3_store_with_its_renditions(s3, s3_endpoint, api, editor_api):
    with unrecorded():
        issue = IssueFactory(status=Issue.Status.DRAFT, cover_caption="封面")
    response = editor_api.put(
        f"/api/v1/issues/{issue.pk}/cover-image/",
        {"image": upload(width=1500, height=1000)},
        format="multipart",
    )
    assert response.status_code == 200, response.content
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert len(keys) == 4  # the original and three renditions
    originals = [key for key in keys if key.startswith("covers/")]
    renditions = [key for key in keys if key.startswith("renditions/")]
    assert len(originals) == 1 and len(renditions) == 3

    issue_publish(issue=sign_off_issue(issue))
    picture = api.get(f"/api/v1/issues/{issue.pk}/toc/").json()["cover"]["image"]
    assert picture["url"] == f"{s3_endpoint}/{BUCKET}/{originals[0]}"
    assert {r["url"] for r in picture["renditions"]} == {
        f"{s3_endpoint}/{BUCKET}/{key}" for key in renditions
    }
    assert [r["width"] for r in picture["renditions"]] == [320, 640, 1280]
    rendition = s3.get_object(Bucket=BUCKET, Key=sorted(renditions)[0])
    assert rendition["Body"].read(12)[8:12] == b"WEBP"
