"""The API's clients (anonymous, an editor), for the tests of renames through the API."""

from tests.api.conftest import api, editor, editor_api  # noqa: F401
