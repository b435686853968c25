"""The API clients of tests/api (anonymous, an editor) for the hostile-input tests here."""

from tests.api.conftest import api, editor, editor_api  # noqa: F401
