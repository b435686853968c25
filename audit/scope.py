"""Which periodical and issue a change belongs to, and whether that issue was published.

Each recorded model declares its own scope: a classmethod `change_scopes(rows, *, action)`
that gives the scope of each row, in a constant number of queries for the whole batch (bulk
writes record hundreds of rows at once). This app imports none of the apps it records; a
model without the method (a contributor) belongs to no issue.

Scopes are read before an update is written, so the issue's status read is the one the
change was made against: publishing a draft is not a change after publication, withdrawing a
published issue is.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ChangeScope:
    periodical_id: int | None = None
    issue_id: int | None = None
    after_publication: bool = False


NO_SCOPE = ChangeScope()

CREATE = 0  # django-auditlog's LogEntry.Action.CREATE


def change_scopes(model, rows: Sequence, *, action=None) -> list[ChangeScope]:
    """The scope of a change to each of `rows` (instances of `model`), in order."""
    declared = getattr(model, "change_scopes", None)
    if declared is None:
        return [NO_SCOPE] * len(rows)
    scopes = declared(rows, action=action)
    if len(scopes) != len(rows):
        raise ValueError(f"{model.__name__}.change_scopes() gave {len(scopes)} scopes")
    return scopes


def change_scope(instance, *, action=None) -> ChangeScope:
    """The scope of a change to `instance`, read before an update is written."""
    return change_scopes(type(instance), [instance], action=action)[0]
