"""Request middleware: Chinese first, and one collecting transaction per writing request.

Chinese first: the language is Simplified Chinese unless a user has chosen another. Django's
LocaleMiddleware also follows the browser's Accept-Language, which would show an editor with an
English-language browser an English admin. Here only an explicit choice (the language cookie
set by Django's set_language view) changes the language.
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from .effects import collecting


class ChineseFirstLocaleMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class CollectingWritesMiddleware:
    """Run each request that may write (POST, PUT, PATCH, DELETE) in `core.effects.collecting()`.

    So an admin save of an article with five inline authorships, an admin action over fifty
    rows or an API write touches each issue and re-indexes each article once, before the
    commit, instead of once per row. A middleware rather than a mixin on every ModelAdmin and
    viewset: one place covers the admin's change, delete and changelist views, its actions,
    custom admin pages (the import upload) and every API write, and nobody can forget it on
    a new admin class. Reads (GET, HEAD, OPTIONS) open no transaction.

    Django turns a view's exception into a 500 response before it reaches a middleware, and
    DRF turns errors into 4xx responses; either way the transaction is rolled back (and its
    effects dropped), so that a refused request leaves nothing half-written.
    """

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.SAFE_METHODS:
            return self.get_response(request)
        with collecting():
            response = self.get_response(request)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response
