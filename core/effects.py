"""Side effects collected during a transaction and applied once, just before it commits.

A write that saves many rows (an article with its byline, a whole imported issue) would
otherwise repeat each row's side effects: touch the issue's `content_changed_at` once per row,
recompute an article's search text once per author. Here the signal receivers only `defer()`
an effect with the ids it concerns; the outermost `collecting()` block applies each effect
once, for the union of the ids, inside the same transaction (so a refused write leaves no
effect behind and readers never see the rows without their effects).

Hand-written because Django has no hook for it: `transaction.on_commit()` runs after the
commit (too late to write in the same transaction) and there is no pre-commit signal.

    with collecting():          # or @collecting on a service
        article.save()          # receivers: defer(ISSUE_CONTENT_CHANGED, {article.issue_id})
        authorship.save()       # ... the same id again
    # here: one UPDATE of the issue, then COMMIT

- `register_effect(name, handler)`: `handler(ids, using=alias)` is what applying means. Apps
  register their handlers in `AppConfig.ready()`; core imports no app.
- `defer(name, ids)`: inside `collecting()` remember the ids; outside any collecting block
  apply at once, so a save in a shell or a test still has its effect.
- A handler may defer further effects (an article's change → its issue's). Pending effects
  are applied one name at a time, the most recently registered first: apps register in
  `INSTALLED_APPS` order, floor by floor, so an upper app's effect, which may defer a lower
  app's, runs before it and the lower effect still runs once. CDN_PURGE is declared here,
  before any app registers, so it comes last: one purge per transaction.
- If the block raises, or the transaction is marked for rollback, the pending effects are
  dropped with it. An inner block that fails inside an outer one that goes on leaves its ids
  pending: the effect is then applied to rows that may not have changed, which is harmless
  (an invalidation too many), never to too few.

State is per thread (as Django's connections are) and per database alias.
"""

import sys
import threading
from collections.abc import Callable, Iterable
from contextlib import ContextDecorator

from django.db import DEFAULT_DB_ALIAS, transaction

# The effects the domain apps register (names are plain strings so that core imports no app).
ISSUE_CONTENT_CHANGED = "issue content changed"  # ids of issues; issues/apps.py
ARTICLE_SEARCH_STALE = "article search stale"  # ids of articles; articles/apps.py
# Cache tags for the CDN to drop (audit/cdn.py): declared first below, so applied last, once,
# with the tags every other effect of the transaction deferred.
CDN_PURGE = "cdn purge"  # cache tags; audit/apps.py

# Handlers that keep deferring each other would loop; no real chain is longer than 3.
MAX_APPLICATIONS = 50

_handlers: dict[str, list[Callable]] = {CDN_PURGE: []}


class _State(threading.local):
    def __init__(self):
        self.depth: dict[str, int] = {}  # open collecting blocks per alias
        self.pending: dict[str, dict[str, set]] = {}  # alias -> effect name -> ids


_state = _State()


def register_effect(name: str, handler: Callable) -> None:
    """Make `handler(ids: set, *, using: str)` one of the things that applying `name` does.

    Registering the same handler twice is harmless (ready() can run twice in tests).
    """
    handlers = _handlers.setdefault(name, [])
    if handler not in handlers:
        handlers.append(handler)


def defer(name: str, ids: Iterable, *, using: str | None = None) -> None:
    """Apply effect `name` to `ids` once, when the outermost collecting block ends; at once
    when there is none. None among the ids is ignored."""
    alias = using or DEFAULT_DB_ALIAS
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return
    if name not in _handlers:
        raise LookupError(f"no handler is registered for the effect {name!r}")
    if not _state.depth.get(alias):
        _apply(name, ids, alias)
        return
    _state.pending.setdefault(alias, {}).setdefault(name, set()).update(ids)


def collecting_active(*, using: str | None = None) -> bool:
    """Whether a collecting block is open on the alias (effects are being deferred)."""
    return bool(_state.depth.get(using or DEFAULT_DB_ALIAS))


def pending_effects(*, using: str | None = None) -> dict[str, set]:
    """A copy of what is waiting to be applied (for tests and debugging)."""
    pending = _state.pending.get(using or DEFAULT_DB_ALIAS, {})
    return {name: set(ids) for name, ids in pending.items()}


def apply_pending(*, using: str | None = None) -> None:
    """Apply what is pending now, inside the open block, instead of at its end.

    For a reader in the middle of a write: the API answers a write with the resource as the
    next GET will show it, ETag included, so the effects of the write must be in place first.
    What is deferred afterwards is applied at the end of the block as usual.
    """
    alias = using or DEFAULT_DB_ALIAS
    if _state.depth.get(alias):
        _apply_pending(alias)


def _apply(name: str, ids: set, alias: str) -> None:
    for handler in _handlers.get(name, []):
        handler(set(ids), using=alias)


def _apply_pending(alias: str) -> None:
    """Apply every pending effect, the most recently registered first (see the module's
    docstring); what a handler defers joins the pending effects and is applied after it."""
    pending = _state.pending.setdefault(alias, {})  # where handlers defer to, too
    order = list(_handlers)
    for _application in range(MAX_APPLICATIONS):
        if not pending:
            return
        name = max(pending, key=order.index)
        _apply(name, pending.pop(name), alias)
    raise RuntimeError(f"side effects still deferring each other after {MAX_APPLICATIONS} runs")


class _Collecting(ContextDecorator):
    def __init__(self, using: str | None = None):
        self.alias = using or DEFAULT_DB_ALIAS
        self.atomic = None

    def _recreate_cm(self):
        # A fresh block for each call of a decorated function (they may nest or recurse).
        return _Collecting(self.alias)

    def __enter__(self):
        self.atomic = transaction.atomic(using=self.alias)
        self.atomic.__enter__()
        _state.depth[self.alias] = _state.depth.get(self.alias, 0) + 1
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        outermost = _state.depth[self.alias] == 1
        try:
            if outermost and exc_type is None and not transaction.get_rollback(self.alias):
                _apply_pending(self.alias)
        except BaseException:
            self._leave(outermost)
            self.atomic.__exit__(*sys.exc_info())
            raise
        self._leave(outermost)
        return self.atomic.__exit__(exc_type, exc_value, traceback)

    def _leave(self, outermost: bool) -> None:
        _state.depth[self.alias] -= 1
        if outermost:
            _state.pending.pop(self.alias, None)


def collecting(func=None, *, using: str | None = None):
    """A transaction whose side effects are applied once, before it commits.

    A context manager (`with collecting():`) and a decorator (`@collecting` or
    `@collecting(using=...)`). It opens `transaction.atomic(using=...)`; nested blocks join
    the outermost one, which applies what they deferred when it exits without an error.
    """
    if func is not None:
        return _Collecting(using)(func)
    return _Collecting(using)
