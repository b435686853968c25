"""The 目录 and the masthead built by the lean path (core/fastpath.py, `LeanPage`) where it has
no recorded answer: the JSON read model rendered, with the ETag, Last-Modified and cache tags
IssueConditionalMixin gives them, from the stamp the lean path already read. The full stack's
viewset (catalogue/views.py IssuePagesMixin) spends ~3 ms of its ~5 ms on an uncached 目录 in
Django's and DRF's machinery and the ORM's stamp read; built here, the page costs its read
model and its rendering."""

from core.api import issue_content_parts, issue_tags, response_etag
from core.fastpath import LeanPage, issue_stamp
from core.renderers import JSONRenderer
from issues.models import Issue

from .masthead import MASTHEAD_QUERIES, masthead_data
from .toc import TOC_QUERIES, toc_data

READ_MODELS = {"toc": toc_data, "masthead": masthead_data}
QUERIES = {"toc": TOC_QUERIES, "masthead": MASTHEAD_QUERIES}

_RENDERER = JSONRenderer()


def validators(request, match, stamp, language: str) -> tuple[str, int, list[str]]:
    """As IssueConditionalMixin.conditional_response computes them for a JSON answer."""
    stamp = issue_stamp(*stamp)
    issue_id, changed = int(match["id"]), stamp.content_changed_at
    parts = issue_content_parts(
        f"{match['page']}:{issue_id}", changed, Issue.Status.PUBLISHED, "json", language
    )
    return (
        response_etag(*parts),
        int(changed.timestamp()),
        issue_tags(issue_id, stamp.periodical_slug),
    )


def body(match, request, rows) -> bytes:
    data = READ_MODELS[match["page"]](int(match["id"]), request=request, rows=rows)
    return _RENDERER.render(data)


def reads(match) -> list:
    """The page's queries, each by the issue's id (sent with the stamp's where nothing is kept)."""
    return [(rows, int(match["id"])) for rows in QUERIES[match["page"]]]


ISSUE_PAGE = LeanPage(validators=validators, body=body, reads=reads)
