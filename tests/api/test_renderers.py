"""The API's JSON is written by orjson (core/renderers.py) for speed, and must stay byte for byte
what DRF's JSONRenderer writes: a client, a CDN's ETag-less comparison or a stored body compared
with a new one would notice any difference."""

import datetime
import decimal
import json
import uuid
import zoneinfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer as DRFJSONRenderer
from rest_framework.settings import api_settings
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from core.renderers import JSONRenderer

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

VALUES = [
    {"title": "党员之友", "page": 3, "flag": True, "none": None, "nested": [{"a": [1, 2]}]},
    ["习近平新时代中国特色社会主义思想", "“引号”、《书名号》——破折号…", "emoji 🇨🇳", '\t\n"\\/'],
    {"separators": "line\u2028paragraph\u2029end", "control": "\x00\x01\x1f"},
    {"utc": datetime.datetime(2024, 1, 5, 2, 0, tzinfo=datetime.UTC)},
    {"shanghai": datetime.datetime(2024, 1, 5, 10, 0, 30, 123456, tzinfo=SHANGHAI)},
    {"naive": datetime.datetime(2024, 1, 5, 10, 0), "date": datetime.date(2024, 2, 29)},
    {"time": datetime.time(8, 30, 15, 250000), "delta": datetime.timedelta(days=1, seconds=5)},
    {"decimal": decimal.Decimal("12.50"), "uuid": uuid.UUID(int=7)},
    {"lazy": gettext_lazy("目录"), "tuple": (1, "二"), "set_like": frozenset([3])},
    {"big": 2**63 - 1, "huge": 2**70, "negative": -(2**63)},
    {"float": 0.1, "one": 1.0, "third": 1 / 3, "large": 123456789.125},
    {1: "a key that is not a string"},
    ReturnDict({"returned": ReturnList([1, 2], serializer=None)}, serializer=None),
    "",
    [],
    {},
]


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_the_bytes_are_drfs(value):
    assert JSONRenderer().render(value) == DRFJSONRenderer().render(value)


@pytest.mark.parametrize("media_type", ["application/json; indent=4", "application/json"])
def test_indented_and_plain_answers_are_drfs(media_type):
    value = {"title": "党员之友", "entries": [{"page": 3}]}
    assert JSONRenderer().render(value, media_type) == DRFJSONRenderer().render(value, media_type)
    assert JSONRenderer().render(value, None, {"indent": 2}) == DRFJSONRenderer().render(
        value, None, {"indent": 2}
    )


def test_nothing_renders_as_nothing():
    assert JSONRenderer().render(None) == b""


def test_an_exponent_is_the_same_number():
    written = JSONRenderer().render({"small": 1e-7, "large": 1e16})
    assert json.loads(written) == {"small": 1e-7, "large": 1e16}


@pytest.mark.django_db
def test_the_api_writes_with_it(api, seed_issue):
    assert api_settings.DEFAULT_RENDERER_CLASSES[0] is JSONRenderer
    response = api.get(f"/api/v1/issues/{seed_issue.pk}/toc/")
    assert response.status_code == 200
    assert response.content == DRFJSONRenderer().render(json.loads(response.content))
