"""The API's request parsers: DRF's JSON, form and multipart parsers, refusing what no database
can store and JSON nested deeper than any resource of ours, with a 400 instead of a 500.

DRF's JSONParser lets Python's decoder recurse until RecursionError on a body nested 100,000
deep, and no parser refuses a NUL character, which PostgreSQL answers with a DataError at the
first query. Here a NUL or a lone surrogate in any string (or key) is a 400 naming the field
where it is, shaped as the serializers' errors are (`{"authors": [{}, {"affiliation": [...]}]}`),
and a body nested too deep is a 400 `{"detail": ...}`. Query strings, paths, headers and the
admin's forms are checked by core.middleware.StorableInputMiddleware with the same rule
(core.validators.unstorable_text).
"""

import codecs

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.utils import json  # the standard library's, with DRF's strict constants

from .validators import printable, unstorable_text

# The deepest resource we accept nests 3 levels (an article's authors); 32 leaves room for
# any client's wrapping while keeping every later walk over the data far from the recursion
# limit.
MAX_JSON_DEPTH = 32


def nesting_exceeds(data, limit: int) -> bool:
    """Whether lists and objects in `data` nest deeper than `limit` (walked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def text_errors(value):
    """The errors, shaped as a serializer's, of the strings in `value` that cannot be stored,
    or None. `value` must nest no deeper than MAX_JSON_DEPTH (this recurses)."""
    if isinstance(value, str):
        problem = unstorable_text(value)
        return [problem] if problem else None
    if isinstance(value, dict):
        errors = {}
        for key, item in value.items():
            key_problem = unstorable_text(key) if isinstance(key, str) else None
            if key_problem:
                errors[printable(key)] = [key_problem]
            elif (error := text_errors(item)) is not None:
                errors[key] = error
        return errors or None
    if isinstance(value, list):
        errors = [text_errors(item) for item in value]
        return [error or {} for error in errors] if any(errors) else None
    return None


def querydict_errors(querydict) -> dict:
    """`{name: [message]}` for the parameters of a QueryDict (query string, form) whose name or
    a value cannot be stored."""
    errors = {}
    for name, values in querydict.lists():
        texts = [text for text in (name, *values) if isinstance(text, str)]
        problem = next(filter(None, map(unstorable_text, texts)), None)
        if problem:
            errors[printable(name)] = [problem]
    return errors


class JSONParser(parsers.JSONParser):
    """JSON with the standard library's decoder; too deep, or unstorable text, is a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        parse_constant = json.strict_constant if self.strict else None
        too_deep = ParseError(
            _("The JSON body nests more than %(depth)d levels deep.") % {"depth": MAX_JSON_DEPTH}
        )
        try:
            data = json.load(codecs.getreader(encoding)(stream), parse_constant=parse_constant)
        except RecursionError:  # the decoder's own guard against a stack overflow
            raise too_deep from None
        except ValueError as error:
            message = _("The body is not valid JSON: %(error)s") % {"error": error}
            raise ParseError(message) from None
        if nesting_exceeds(data, MAX_JSON_DEPTH):
            raise too_deep
        errors = text_errors(data)
        if errors is not None:
            raise ValidationError(errors)
        return data


class FormParser(parsers.FormParser):
    """A URL-encoded form; a field with unstorable text is a 400 naming it."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if errors := querydict_errors(data):
            raise ValidationError(errors)
        return data


class MultiPartParser(parsers.MultiPartParser):
    """A multipart form; a field or file name with unstorable text is a 400 naming it."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        errors = querydict_errors(parsed.data)
        for name, files in parsed.files.lists():
            for upload in files:
                if problem := unstorable_text(upload.name or ""):
                    errors[printable(name)] = [problem]
        if errors:
            raise ValidationError(errors)
        return parsed
