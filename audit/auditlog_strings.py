"""django-auditlog's own words that our admin and API show, so that `make messages` puts them
in our Chinese catalogue: django-auditlog ships no Simplified Chinese translation."""

from django.utils.translation import gettext_noop

AUDITLOG_STRINGS = [
    # LogEntry.Action
    gettext_noop("create"),
    gettext_noop("update"),
    gettext_noop("delete"),
    gettext_noop("access"),
    # The fields of AbstractLogEntry
    gettext_noop("content type"),
    gettext_noop("object pk"),
    gettext_noop("object id"),
    gettext_noop("object representation"),
    gettext_noop("action"),
    gettext_noop("change message"),
    gettext_noop("actor"),
    gettext_noop("Correlation ID"),
    gettext_noop("remote address"),
    gettext_noop("remote port"),
    gettext_noop("timestamp"),
    gettext_noop("additional data"),
    gettext_noop("actor email"),
    # LogEntry.__str__
    gettext_noop("Created {repr:s}"),
    gettext_noop("Updated {repr:s}"),
    gettext_noop("Deleted {repr:s}"),
    gettext_noop("Logged {repr:s}"),
]
