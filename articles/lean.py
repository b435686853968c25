"""An issue's article list built by the lean path (core/fastpath.py, `LeanPage`) where it has no
recorded answer: the list's first page asked as `?issue=<id>[&page_size=<n>]`, the front ends'
most common list, from the read model the view itself uses for that shape
(read_models.issue_list_page), with the ETag ListConditionalMixin gives it, from the catalogue
stamp the lean path already read. Any other list (another filter, a page after the first, a
search, an ordering) is left to the full stack."""

from core.api import LISTS_TAG, list_etag
from core.fastpath import LeanPage
from core.renderers import JSONRenderer

from .read_models import issue_list_page, issue_list_shape

_RENDERER = JSONRenderer()


def takes(request) -> bool:
    return issue_list_shape(request.GET) is not None


def validators(request, match, stamp, language: str) -> tuple[str, None, list[str]]:
    """As ListConditionalMixin.list computes them for an anonymous JSON answer; a list has no
    Last-Modified, and the lists' cache tag (CacheHeadersMixin)."""
    _db, row = stamp
    return (
        list_etag("article", request.get_full_path(), False, "json", language, row),
        None,
        [LISTS_TAG],
    )


def body(match, request, rows) -> bytes:
    issue_id, size = issue_list_shape(request.GET)
    return _RENDERER.render(issue_list_page(issue_id, size, request=request))


ISSUE_LIST = LeanPage(validators=validators, body=body, takes=takes)
