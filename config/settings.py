"""Settings for the periodical backend: one module, every knob an environment variable.

See `.env.example` for the variables. SQLite is the default database so that a newcomer with
nothing but Python can run the project; `DATABASE_URL` switches to PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-local-development-key"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "auditlog",
    "periodical",
    "contributors",
    "issues",
    "articles",
    "audit",
    "documents",
    "exports",
    "catalogue",
    "editorial",
    "imports",
    "accountability",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "core.middleware.StorableInputMiddleware",  # a NUL in a path, query or form: a 400
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag and 304 for every other GET
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.middleware.AuditContextMiddleware",  # who and where, for the record of changes
    "core.middleware.CollectingWritesMiddleware",  # side effects once per writing request
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first for people; English is the fallback a browser may ask for.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.StaffModelPermissionsOrReadOnly"],
    "DEFAULT_PARSER_CLASSES": [  # DRF's, refusing a NUL and JSON nested too deep with a 400
        "core.parsers.JSONParser",
        "core.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.CatalogPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "UNICODE_JSON": True,  # Chinese as characters, not \uXXXX escapes
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Periodical API",
    "DESCRIPTION": (
        "Read the issues of the periodicals as printed: the table of contents (目录), the "
        "masthead, articles with their authors, responsible editors (责任编辑) and photo "
        "credits, and contributors. Anonymous clients see published issues only; staff with "
        "the model permissions also see drafts and may write (session or token "
        "authentication: `Authorization: Token <key>`). Issue, article, 目录 and masthead "
        "responses carry ETag and Last-Modified and answer conditional GETs with 304."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files: the docs work offline
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "IssueStatusEnum": "issues.models.Issue.Status",
        "PeriodicalKindEnum": "periodical.models.Periodical.Kind",
        "ContributorKindEnum": "contributors.models.Contributor.Kind",
    },
}

# Cache-Control of public API responses: browsers keep them API_CACHE_MAX_AGE seconds, a CDN
# API_CACHE_SHARED_MAX_AGE; both revalidate with the ETag afterwards.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
API_CACHE_SHARED_MAX_AGE = int(os.environ.get("API_CACHE_SHARED_MAX_AGE", "300"))

# The website's and the apps' origins, allowed to call the API from a browser.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified"]

# The seed documents: fixtures/seed/*.yaml, transcribing the texts in fixtures/seeds/.
SEED_DATA_DIR = Path(os.environ.get("SEED_DATA_DIR", BASE_DIR / "fixtures" / "seed"))

# The record of changes (django-auditlog, stored in audit.ChangeRecord).
AUDITLOG_LOGENTRY_MODEL = "audit.ChangeRecord"
AUDITLOG_STORE_JSON_CHANGES = True  # numbers stay numbers in the before/after values
AUDITLOG_USE_FK_STRING_REPRESENTATION = True  # the name as it was then, not an id
AUDITLOG_DISABLE_REMOTE_ADDR = False
# The models recorded and their fields: audit/apps.py.

# The repository identifier in the OAI identifiers of the Dublin Core export
# (oai:<identifier>:article/<id>), normally the site's domain, e.g. www.dyzy.cn.
OAI_REPOSITORY_IDENTIFIER = os.environ.get("OAI_REPOSITORY_IDENTIFIER", "")
