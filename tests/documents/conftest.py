"""The API clients of tests/api, for the article addresses a re-import must keep."""

from tests.api.conftest import api, editor, editor_api  # noqa: F401  (fixtures)
