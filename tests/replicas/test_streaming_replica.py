"""Anonymous API reads on a real streaming replica; writers read their writes on the primary."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission, User
from django.db import connections
from django.db.utils import InternalError, OperationalError
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import ArticleFactory, AuthorshipFactory, withdraw_to_draft

from .conftest import wait_for_replicas

# Committed writes, which the replica replays. available_apps (every app) makes the flush after
# each test TRUNCATE … CASCADE, which also empties django-auditlog's own table that the swapped
# record model (audit.ChangeRecord) leaves behind.
pytestmark = pytest.mark.django_db(
    transaction=True,
    databases=["default", "replica"],
    available_apps=[app.name for app in apps.get_app_configs()],
)


def queries_on(alias):
    return CaptureQueriesContext(connections[alias])


def test_the_replica_is_a_read_only_copy():
    with connections["replica"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
        with pytest.raises((InternalError, OperationalError)):
            cursor.execute("CREATE TABLE written_on_a_replica (id int)")


def test_an_anonymous_read_is_served_by_the_replica():
    article = ArticleFactory()
    wait_for_replicas()
    with queries_on("replica") as replica, queries_on("default") as primary:
        response = APIClient().get(f"/api/v1/issues/{article.issue_id}/toc/")
    assert response.status_code == 200
    assert response.json()["sections"][0]["entries"][0]["title"] == article.title
    assert len(replica) >= 1 and len(primary) == 0


def test_a_writer_reads_its_write_back_from_the_primary():
    # A contributor's name: published articles are locked (勘误 only), people are not.
    author = AuthorshipFactory(credited_name="旧名字").contributor
    editor = User.objects.create_user("editor", password="x", is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(codename="change_contributor"))
    wait_for_replicas()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    written = client.patch(f"/api/v1/contributors/{author.pk}/", {"name": "新名字"}, format="json")
    assert written.status_code == 200, written.json()
    # The same client, now without its token but with the cookie the write set: the primary,
    # which has the write whatever the replica's lag.
    client.credentials()
    with queries_on("replica") as replica:
        read = client.get(f"/api/v1/contributors/{author.pk}/")
    assert read.json()["name"] == "新名字"
    assert len(replica) == 0
    # Anyone else reads from the replica, which has it once it has replayed the write.
    wait_for_replicas()
    with queries_on("replica") as replica:
        assert APIClient().get(f"/api/v1/contributors/{author.pk}/").json()["name"] == "新名字"
    assert len(replica) >= 1


def test_a_replica_read_never_sees_a_draft():
    article = ArticleFactory(title="撤回的文章")
    # A superuser: these tests flush the database, and with it the groups of the migrations.
    chief = User.objects.create_superuser("chief", password="x")
    withdraw_to_draft(article.issue, user=chief)
    wait_for_replicas()
    anonymous = APIClient()
    with queries_on("replica") as replica:
        assert anonymous.get(f"/api/v1/issues/{article.issue_id}/toc/").status_code == 404
        assert anonymous.get(f"/api/v1/articles/{article.pk}/").status_code == 404
        listed = anonymous.get("/api/v1/articles/", {"search": "撤回"}).json()
    assert listed["count"] == 0
    assert len(replica) >= 3
