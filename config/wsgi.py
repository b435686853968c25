import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup(set_prefix=False)  # as django.core.wsgi.get_wsgi_application() does

from core.fastpath import LeanWSGIHandler  # noqa: E402 (after setup: it reads the models)

# Django's WSGI handler, giving the lean path's answers before the middleware chain.
application = LeanWSGIHandler()
