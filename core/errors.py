"""Errors a service raises that every caller answers the same way."""

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    """A write the current state of the data forbids, such as deleting an article of a
    published issue: the API answers 409, the admin shows the message, a command exits 1.

    A ValidationError, so that code catching those (forms, commands) refuses it as one.
    """
