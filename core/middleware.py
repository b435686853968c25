"""Chinese first: the language is Simplified Chinese unless a user has chosen another.

Django's LocaleMiddleware also follows the browser's Accept-Language, which would show an
editor with an English-language browser an English admin. Here only an explicit choice (the
language cookie set by Django's set_language view) changes the language.
"""

from django.conf import settings
from django.utils import translation


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
