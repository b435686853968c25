"""The API's clients (anonymous, an editor), for the tests of what a front end caches."""

from tests.api.conftest import api, editor, editor_api  # noqa: F401
