"""Request middleware: Chinese first, no text a database cannot store, and one collecting
transaction per writing request.

Chinese first: the language is Simplified Chinese unless a user has chosen another. Django's
LocaleMiddleware also follows the browser's Accept-Language, which would show an editor with an
English-language browser an English admin. Here only an explicit choice (the language cookie
set by Django's set_language view) changes the language.
"""

from django.conf import settings
from django.db import transaction
from django.http.request import HttpHeaders
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .effects import collecting
from .parsers import querydict_errors
from .problems import error_response, field_errors_body, is_api_request
from .validators import unstorable_text


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


class StorableInputMiddleware:
    """Refuse a request whose path, query string, headers or form fields hold text no database
    can store (a NUL character, a lone surrogate: core.validators.unstorable_text) before any
    view queries with it: a 400 naming each parameter in the API's error contract
    (core.problems) under /api/, a page elsewhere (the admin).

    PostgreSQL answers a NUL in any query with a DataError, a 500; here no view, filter,
    authentication or form has to remember it. The API's JSON, form and multipart bodies,
    PUT and PATCH included, are checked by its parsers (core.parsers) with the same rule.
    """

    FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        errors = self.input_errors(request)
        if not errors:
            return self.get_response(request)
        if is_api_request(request):
            return error_response(field_errors_body(errors), 400)
        return render(request, "core/bad_input.html", {"errors": errors}, status=400)

    def input_errors(self, request) -> dict:
        if self.all_storable(request):
            return {}
        errors = {}
        if problem := unstorable_text(request.path_info):
            errors.update({name: [problem] for name in self.path_parameters(request.path_info)})
        errors.update(querydict_errors(request.GET))
        for name, value in request.headers.items():
            if problem := unstorable_text(value):
                errors[name] = [problem]
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            errors.update(querydict_errors(request.POST))
        return errors

    def all_storable(self, request) -> bool:
        """Whether nothing `input_errors` reads holds unstorable text, by one scan of it all:
        what nearly every request is, found without building `request.headers` and checking
        each part alone (~8 % of a replayed read's CPU went there). Form bodies are left
        to the full check."""
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            return False
        texts = [request.path_info]
        # (most reads have no query: no QueryDict is made for them)
        if "GET" in request.__dict__ or request.META.get("QUERY_STRING"):
            for name, values in request.GET.lists():
                texts.append(name)
                texts.extend(value for value in values if isinstance(value, str))
        texts.extend(
            value
            for key, value in request.META.items()
            if isinstance(value, str)
            and (key.startswith(HttpHeaders.HTTP_PREFIX) or key in HttpHeaders.UNPREFIXED_HEADERS)
        )
        # Every surrogate is refused, paired or not, so joining the parts hides none.
        return unstorable_text("\n".join(texts)) is None

    def path_parameters(self, path: str) -> list[str]:
        """The names of the URL's parameters holding unstorable text; `path` for no name."""
        try:
            arguments = resolve(path).kwargs
        except Resolver404:
            arguments = {}
        names = [
            name
            for name, value in arguments.items()
            if isinstance(value, str) and unstorable_text(value)
        ]
        return names or ["path"]


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


class PublicCacheVaryMiddleware:
    """`Vary` of a public API answer names only what changes it, so that a CDN keeps one copy.

    The session middleware adds `Vary: Cookie` whenever authentication looked at the session,
    which is on every API request: a CDN would then keep one copy per visitor (a website's
    analytics cookies differ per visitor). A public answer (`Cache-Control: public`) is the
    same for every anonymous visitor whatever their cookies: a signed-in user's answer is
    `private` and never stored by a shared cache. It does depend on `Authorization`: a shared
    cache may serve a `public` answer to a request carrying credentials (RFC 9111, 3.5), and a
    token holder must get their own (drafts, or a 401 for a bad token), so that is added.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "public" in response.get("Cache-Control", "") and response.has_header("Vary"):
            kept = [
                name.strip()
                for name in response["Vary"].split(",")
                if name.strip() and name.strip().lower() != "cookie"
            ]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:  # patch_vary_headers would keep the empty entry: `Vary: , Authorization`
                del response["Vary"]
            patch_vary_headers(response, ["Authorization"])
        return response
