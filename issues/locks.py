"""The publication lock: once an issue is published, its printed content is read-only.

Every service that writes printed content (an article, its byline and credits, the masthead,
the 目录 order, the issue's facts) calls `ensure_editable(issue)` first. The only way to change
published content is a correction (勘误): its service runs the change inside `correcting()`,
which lifts the lock for that block of code alone and names the correction being applied.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils.translation import gettext_lazy as _

from core.errors import Conflict

_correction: ContextVar[object | None] = ContextVar("correction", default=None)


class PublicationLocked(Conflict):
    """Printed content of a published issue was to be changed outside a correction: 409."""


def current_correction() -> object | None:
    """The correction being applied by the surrounding `correcting()` block, or None."""
    return _correction.get()


@contextmanager
def correcting(correction: object) -> Iterator[None]:
    """Lift the publication lock while `correction` is applied."""
    token = _correction.set(correction)
    try:
        yield
    finally:
        _correction.reset(token)


def ensure_editable(issue) -> None:
    """Refuse (PublicationLocked) a change to the printed content of a published issue, unless
    a correction is being applied."""
    if issue is not None and issue.is_published and _correction.get() is None:
        raise PublicationLocked(
            _("本期已出版，内容已锁定：已出版的内容只能通过勘误更正（需主编批准）。"),
            code="published",
        )
