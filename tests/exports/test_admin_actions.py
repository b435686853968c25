"""The export actions on the admin's issue list, for a staff auditor who may only view issues."""

import csv
import io
import json

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from lxml import etree
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

URL = reverse("admin:issues_issue_changelist")


@pytest.fixture
def viewer_client(client):
    """Staff who may view issues and nothing else."""
    user = User.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename="view_issue"))
    client.force_login(user)
    return client


def run(client, action, issues):
    response = client.post(URL, {"action": action, "_selected_action": [i.pk for i in issues]})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def test_a_viewer_is_offered_the_exports_and_not_the_changes(viewer_client, seed_issue):
    page = viewer_client.get(URL).content.decode()
    for action in ("export_csv", "export_xlsx", "export_json", "export_xml"):
        assert f'value="{action}"' in page
    assert 'value="publish"' not in page


def test_each_action_downloads_the_selected_issues(viewer_client, seed_issue):
    response, content = run(viewer_client, "export_csv", [seed_issue])
    assert 'attachment; filename="issues-selected-issues.csv"' == response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert {row["期号"] for row in rows} == {"2025年第3期"} and len(rows) == 37

    _, content = run(viewer_client, "export_xlsx", [seed_issue])
    assert load_workbook(io.BytesIO(content)).sheetnames == ["期次与版权", "文章", "勘误"]

    _, content = run(viewer_client, "export_json", [seed_issue])
    assert [d["issue"]["cumulative_number"] for d in json.loads(content)["issues"]] == [344]

    _, content = run(viewer_client, "export_xml", [seed_issue])
    assert len(etree.fromstring(content).findall(".//{*}record")) == 37
