"""Who is changing things and through what: the context every change record is written in.

The request middleware opens one for each request (admin or API), commands open one for their
run, services add a reason (a merge, a publication). Anything outside all of them (a Python
shell, a test) is recorded with the source `other` and no user.
"""

import contextlib
import getpass
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class AuditContext:
    source: str = "other"
    reason: str = ""
    # A callable, so that the API's user is read when a change is recorded: DRF authenticates
    # a token inside the view, after the middleware has run.
    actor: Callable | None = None
    remote_addr: str | None = None

    def current_actor(self):
        user = self.actor() if self.actor is not None else None
        return user if user is not None and user.is_authenticated else None


_OUTSIDE = AuditContext()  # frozen: safe to share
_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def current_audit_context() -> AuditContext:
    return _current.get() or _OUTSIDE


@contextlib.contextmanager
def audit_context(**changes):
    """Record the changes made inside the block with these fields changed, then restore."""
    token = _current.set(replace(current_audit_context(), **changes))
    try:
        yield current_audit_context()
    finally:
        _current.reset(token)


@contextlib.contextmanager
def audit_reason(reason: str):
    """Say why the changes inside the block are made: `合并作者 王伟 → 王玮`."""
    outer = current_audit_context().reason
    with audit_context(reason=f"{outer}; {reason}" if outer else reason) as context:
        yield context


def command_context(argv: list[str]):
    """The context of a management command: the command line and the system user running it.

    Plain text, not translated: manage.py opens it before Django (and its translations) is set up.
    """
    try:
        system_user = getpass.getuser()
    except (KeyError, OSError):
        system_user = "?"
    command = " ".join(["manage.py", *argv[1:]])
    return audit_context(source="command", reason=f"{command} (system user {system_user})")
