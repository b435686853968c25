"""Settings for the periodical backend: one module, every knob an environment variable.

See `.env.example` for the variables. SQLite is the default database so that a newcomer with
nothing but Python can run the project; `DATABASE_URL` switches to PostgreSQL.
"""

import os
import string
from datetime import timedelta
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# ── Safe by default (issue 12) ────────────────────────────────────────────────────────────────
# Debug only when asked for (`make run` sets DJANGO_DEBUG=1): a server started with nothing set
# shows no tracebacks to visitors and refuses to start without a secret key of its own.
DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string (python -c "
            "'import secrets; print(secrets.token_urlsafe(50))'), or set DJANGO_DEBUG=1 on a "
            "development machine; see .env.example."
        )
    SECRET_KEY = "insecure-local-development-key"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

# HTTPS and security headers, each from the environment (.env.example lists them with the values
# for production). The HTTPS ones are off unless set: a server reached over plain HTTP (an
# intranet, a TLS proxy without SECURE_PROXY_SSL_HEADER) would otherwise loop on redirects or
# drop its login cookies. `manage.py check --deploy` is clean with the production values
# (tests/test_deploy.py).
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD", False)
SESSION_COOKIE_SECURE = env_flag("DJANGO_SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = env_flag("DJANGO_CSRF_COOKIE_SECURE", False)
# Behind a proxy that terminates TLS: "HTTP_X_FORWARDED_PROTO,https" (the header and its value).
_proxy_ssl_header = env_list("DJANGO_SECURE_PROXY_SSL_HEADER")
if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
    raise ImproperlyConfigured(
        "DJANGO_SECURE_PROXY_SSL_HEADER must be a header and its value, "
        "e.g. HTTP_X_FORWARDED_PROTO,https."
    )
SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) or None
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SECURE_CONTENT_TYPE_NOSNIFF = env_flag("DJANGO_SECURE_CONTENT_TYPE_NOSNIFF", True)
SECURE_REFERRER_POLICY = os.environ.get("DJANGO_SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = os.environ.get(
    "DJANGO_SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin"
)
X_FRAME_OPTIONS = os.environ.get("DJANGO_X_FRAME_OPTIONS", "DENY")
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_COOKIE_AGE", str(60 * 60 * 24 * 14)))
# ── end of safe by default ────────────────────────────────────────────────────────────────────

INSTALLED_APPS = [
    "config.apps.EditorialAdminConfig",  # django.contrib.admin, index in working order
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "imagekit",
    "auditlog",
    "config.apps.LoginProtectionConfig",  # django-axes: login lockout
    "periodical",
    "contributors",
    "issues",
    "articles",
    "audit",
    "documents",
    "workflow",
    "corrections",
    "exports",
    "catalogue",
    "editorial",
    "imports",
    "accountability",
    "operations",
]

MIDDLEWARE = [
    # First: replays the whole stack's recorded answer to an anonymous read of published content
    # whose stamp has not changed (core/fastpath.py, README "Performance"); API_FAST_READS=0: off.
    "core.fastpath.FastReadsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # /static/ at DEBUG=0, see STORAGES
    # Outside the session middleware, which adds Vary: Cookie: public answers drop it.
    "core.middleware.PublicCacheVaryMiddleware",
    "core.db_routers.ReplicaReadsMiddleware",  # anonymous API reads to a replica, if any
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.middleware.ChineseFirstLocaleMiddleware",
    "core.middleware.StorableInputMiddleware",  # a NUL in a path, query or form: a 400
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag and 304 for every other GET
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "audit.middleware.AuditContextMiddleware",  # who and where, for the record of changes
    # Axes turns a locked-out login into its 429 page. Outside CollectingWritesMiddleware, not
    # last as axes' docs say: that middleware rolls back any request answered >= 400, which
    # would undo the very failure that locked the login.
    "axes.middleware.AxesMiddleware",
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

# ── Connections, read replicas (issue 17) ──────────────────────────────────────────────────────
# A worker keeps its connection between requests (opening one costs ~10 ms of a 1 ms read) and
# checks it is still alive before reusing it, so a restarted database costs one failed check,
# not an error page. 0 closes it after every request, as Django does by default.
_conn_max_age = int(os.environ.get("DATABASE_CONN_MAX_AGE", "600"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=_conn_max_age,
        conn_health_checks=_conn_max_age > 0,
    )
}
# Read-only copies of the primary (PostgreSQL streaming replicas), comma-separated URLs: the
# router (core/db_routers.py) sends anonymous API reads to one of them and everything else to
# "default". Aliases: "replica", "replica2", … In tests a replica mirrors the test database.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = "replica" if _number == 1 else f"replica{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url, conn_max_age=_conn_max_age, conn_health_checks=_conn_max_age > 0
    )
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    DATABASE_REPLICAS.append(_alias)
# The narrow queries every read repeats (core.read_models.fetch_prepared: the stamps) are
# prepared statements, planned once per connection; Django's own queries bind parameters on the
# client and are never prepared. PgBouncer in transaction mode before 1.21 keeps no prepared
# statements: set DATABASE_PREPARED_STATEMENTS=0 behind one.
for _database in DATABASES.values():
    if _database["ENGINE"] == "django.db.backends.postgresql":
        _database.setdefault("OPTIONS", {})["prepare_threshold"] = (
            5 if env_flag("DATABASE_PREPARED_STATEMENTS", True) else None
        )
DATABASE_ROUTERS = ["core.db_routers.PrimaryReplicaRouter"]
# After a write, a client's reads go to the primary for this many seconds (a cookie), so it
# reads back what it wrote even where a replica lags behind.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "15"))

# ── SQLite under concurrent writers (issue 12) ───────────────────────────────────────────────
# Several gunicorn workers write to one file. WAL lets readers go on while one writes; a write
# transaction takes the write lock when it begins (BEGIN IMMEDIATE) and waits up to the busy
# timeout for it, instead of failing at once with "database is locked" when it upgrades a read
# lock it had taken first. synchronous=NORMAL is durable in WAL mode except for the last
# transactions before a power cut. In-memory test databases ignore WAL.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": float(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# ── end of SQLite ─────────────────────────────────────────────────────────────────────────────

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
# ── Static files at DEBUG=0 and logging (issue 12) ─────────────────────────────────────────────
# WhiteNoise (the middleware above) serves STATIC_ROOT, filled by `manage.py collectstatic`:
# hashed names cached for a year, with gzip copies. In debug, runserver serves the
# apps' own files and names stay unhashed; the tests render pages without a collectstatic
# (tests/conftest.py).
# Uploaded pictures (covers, photos) and their renditions go to STORAGES["default"]: the file
# system under MEDIA_ROOT, or with MEDIA_STORAGE=s3 any S3-compatible store (django-storages;
# README, "Pictures").
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    _media_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("AWS_S3_SECRET_ACCESS_KEY", ""),
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            # Public URLs (a bucket readable by all, or a CDN before it): signed ones would
            # expire inside a cached API response.
            "querystring_auth": env_flag("AWS_QUERYSTRING_AUTH", False),
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE is 'filesystem' or 's3', not {MEDIA_STORAGE!r}.")

STORAGES = {
    "default": _media_storage,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Errors with their tracebacks go to standard error (gunicorn's, journald's, the container's
# log): Django's default sends them only to ADMINS by mail, which nobody set up.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} {process:d}: {message}", "style": "{"}
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        # django.request logs each 500 with its traceback at ERROR, each 4xx at WARNING.
        "django": {
            "handlers": ["stderr"],
            "level": os.environ.get("DJANGO_LOG_LEVEL", "ERROR").upper(),
            "propagate": False,
        },
    },
}
# ── end of static files and logging ──────────────────────────────────────────────────────────

MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# The largest print text an import reads (command, admin upload, service): an issue is ~200 KB.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 10 * 1024 * 1024))
# The largest print PDF an import reads (its pictures make it far larger than its text).
IMPORT_MAX_PDF_BYTES = int(os.environ.get("IMPORT_MAX_PDF_BYTES", 200 * 1024 * 1024))
# The largest picture the admin and the API accept (core/pictures.py).
IMAGE_MAX_BYTES = int(os.environ.get("IMAGE_MAX_BYTES", 20 * 1024 * 1024))
# Renditions of the pictures (django-imagekit): under the media storage, made when a picture is
# saved (core.pictures.RenditionsOnSave), never looked for when a response is built.
IMAGEKIT_CACHEFILE_DIR = "renditions"
IMAGEKIT_DEFAULT_CACHEFILE_STRATEGY = "core.pictures.RenditionsOnSave"
IMAGEKIT_SPEC_CACHEFILE_NAMER = "imagekit.cachefiles.namers.source_name_as_path"

# The website's addresses of an issue and an article, given to API clients as `web_url` and
# used by the feeds and the sitemap; empty: no web_url (null). Placeholders: {periodical} (the
# slug), {year}, {number} (3; s1 for 增刊第1期; 2020-01-09 for an edition known by its date),
# {issue_id}; an article's also {id}.
FRONTEND_ISSUE_URL = os.environ.get("FRONTEND_ISSUE_URL", "")
FRONTEND_ARTICLE_URL = os.environ.get("FRONTEND_ARTICLE_URL", "")
for _name, _allowed in (
    ("FRONTEND_ISSUE_URL", {"periodical", "year", "number", "issue_id"}),
    ("FRONTEND_ARTICLE_URL", {"periodical", "year", "number", "issue_id", "id"}),
):
    _named = {field for _, field, _, _ in string.Formatter().parse(globals()[_name]) if field}
    if _named - _allowed:
        _wrong = ", ".join(sorted(_named - _allowed))
        raise ImproperlyConfigured(f"{_name} may name {', '.join(sorted(_allowed))}, not {_wrong}.")

REST_FRAMEWORK = {
    # Token first: DRF answers 401 with its WWW-Authenticate (`Token`) only when the first class
    # has such a header; with Session first a missing or bad token would be a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.StaffModelPermissionsOrReadOnly"],
    "DEFAULT_RENDERER_CLASSES": [  # DRF's JSON bytes, written by orjson (core/renderers.py)
        "core.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [  # DRF's, refusing a NUL and JSON nested too deep with a 400
        "core.parsers.JSONParser",
        "core.parsers.FormParser",
        "core.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["core.api.FilterBackend"],  # 400s name the parameter sent
    "DEFAULT_PAGINATION_CLASS": "core.api.CatalogPagination",
    "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",  # anonymous reads, errors, caching
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    # The browsable API's titles and texts in Chinese, not the English class names/docstrings.
    "VIEW_NAME_FUNCTION": "core.api.view_name",
    "VIEW_DESCRIPTION_FUNCTION": "core.api.view_description",
    "UNICODE_JSON": True,  # Chinese as characters, not \uXXXX escapes
    # Throttling: see "Login protection and API throttling" below.
    "DEFAULT_THROTTLE_CLASSES": [
        "core.throttling.AnonRateThrottle",
        "core.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "120/min") or None,  # per client address
        "user": os.environ.get("API_THROTTLE_USER", "1200/min") or None,  # per signed-in user
    },
    "NUM_PROXIES": int(os.environ.get("TRUSTED_PROXY_COUNT", "0")),
}

SPECTACULAR_SETTINGS = {
    # Read by front-end developers: in Chinese, as every text people read.
    "TITLE": "期刊编辑数据接口",
    "DESCRIPTION": (
        "按印刷原样读取各期刊的期次：目录、版权页、文章及其作者、责任编辑和图片署名，以及署名人。"
        "匿名访问只能看到已出版的期次；具有相应模型权限的工作人员还能看到草稿并可写入"
        "（会话或令牌认证：`Authorization: Token <key>`）。期次、文章、目录和版权页的响应带有 "
        "ETag 和 Last-Modified，条件 GET 未变化时返回 304。"
    ),
    "VERSION": "1",
    # OpenAPI 3.1: a nullable reference is `oneOf: [$ref, null]`, which generators read (3.0's
    # `nullable` beside `allOf` they ignore). core.schema documents errors and caching.
    "OAS_VERSION": "3.1.0",
    "SERVERS": [{"url": "/", "description": "本服务器"}],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.schema.postprocess",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",  # served from our static files: the docs work offline
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "IssueStatusEnum": "issues.models.Issue.Status",
        "PeriodicalKindEnum": "periodical.models.Periodical.Kind",
        "ContributorKindEnum": "contributors.models.Contributor.Kind",
        "ArticleStageEnum": "articles.models.Stage",
        "SignOffStageEnum": "workflow.models.SIGN_OFF_STAGES",
    },
}

# Cache-Control of public API responses: browsers keep them API_CACHE_MAX_AGE seconds, a CDN
# API_CACHE_SHARED_MAX_AGE; both revalidate with the ETag afterwards.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))
API_CACHE_SHARED_MAX_AGE = int(os.environ.get("API_CACHE_SHARED_MAX_AGE", "300"))
# After that, a CDN may serve its stale copy this many seconds while it revalidates.
API_CACHE_STALE_WHILE_REVALIDATE = int(os.environ.get("API_CACHE_STALE_WHILE_REVALIDATE", "60"))

# A CDN told what to drop (audit/cdn.py, README "Caching and the CDN"): after each transaction
# that changes published content, CDN_PURGE_METHOD CDN_PURGE_URL with the cache tags as JSON
# ({"tags": [...]}) and in a Surrogate-Key header; signed with HMAC-SHA256 of the body when
# CDN_PURGE_SECRET is set (X-Signature: sha256=<hex>); CDN_PURGE_AUTHORIZATION is sent as the
# Authorization header (a CDN's API token). Unset URL: no purge. Retried CDN_PURGE_RETRIES
# times with exponential backoff (CDN_PURGE_BACKOFF seconds, doubled each time); each purge is
# recorded (admin 审计 › CDN 清除记录), failed ones re-sent by `manage.py retry_cdn_purges`.
CDN_PURGE_URL = os.environ.get("CDN_PURGE_URL", "")
CDN_PURGE_METHOD = os.environ.get("CDN_PURGE_METHOD", "POST").upper()
CDN_PURGE_SECRET = os.environ.get("CDN_PURGE_SECRET", "")
CDN_PURGE_AUTHORIZATION = os.environ.get("CDN_PURGE_AUTHORIZATION", "")
CDN_PURGE_TIMEOUT = float(os.environ.get("CDN_PURGE_TIMEOUT", "5"))
CDN_PURGE_RETRIES = int(os.environ.get("CDN_PURGE_RETRIES", "3"))
CDN_PURGE_BACKOFF = float(os.environ.get("CDN_PURGE_BACKOFF", "0.5"))

# The website's and the apps' origins, allowed to call the API from a browser.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/.*$"
# Conditional requests from a browser: the preflight allows their headers, and the answer's
# validators are readable by the page's script.
CORS_ALLOW_HEADERS = (
    *default_headers,
    "if-none-match",
    "if-modified-since",
    "if-match",
)
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]

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

# --- Login protection and API throttling (README, "Login protection and throttling") ---------
# django-axes counts failed logins in the database (shared by every worker) and refuses a
# locked-out login before any backend hashes the password. A lock is per user name AND client
# address: one office behind one address is not locked out by a colleague's typos, and nobody
# can lock the editor-in-chief out from elsewhere by typing their user name (both would be so
# with either parameter alone); the throttles below and the failure log bound other guessing.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out login stops here
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
_login_cooloff_minutes = int(os.environ.get("LOGIN_COOLOFF_MINUTES", "30"))
# 0: locked until an administrator unlocks (admin 登录保护 › 访问尝试, or `manage.py axes_reset`).
AXES_COOLOFF_TIME = timedelta(minutes=_login_cooloff_minutes) if _login_cooloff_minutes else None
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True  # a successful login forgives the typos before it
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"  # the admin's own page, in Chinese
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_address"  # the address the API throttles count
AXES_USERNAME_CALLABLE = "core.lockout.client_username"  # cut to fit axes' column

# The cache holds the API throttles' counts and the rendered 目录, masthead and article responses
# (keyed by the issue's content version, so a change needs no purge). Local memory (the default)
# is per process: with several gunicorn workers each counts and renders alone, so set CACHE_URL
# (or REDIS_URL) to a shared Redis there.
_cache_url = os.environ.get("CACHE_URL", "") or os.environ.get("REDIS_URL", "")
if _cache_url and not _cache_url.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("CACHE_URL must be a redis://, rediss:// or unix:// URL.")
CACHES = {
    "default": {
        # Django's RedisCache, sharing one redis-py client per pool (core/cache.py says why).
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": _cache_url,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", ""),
    }
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
# How long a rendered API response stays in the cache. A change makes a new key (the issue's
# content version is in it), so the old entry is never served again and only waits to expire.
API_RENDERED_CACHE_SECONDS = int(os.environ.get("API_RENDERED_CACHE_SECONDS", "86400"))
# The lean path for anonymous reads (core/fastpath.py): the full stack's answers, recorded in
# the cache above under the content's stamp and replayed while it is unchanged.
API_FAST_READS = env_flag("API_FAST_READS", True)
# How many of those answers each worker also keeps in its own memory, so that replaying one
# needs no round trip to Redis (least recently used dropped first; 0: none). An answer is a
# 目录 or an article list of some 10-60 KB: 500 is ~15 MB a worker at most.
API_FAST_READS_LOCAL_ENTRIES = int(os.environ.get("API_FAST_READS_LOCAL_ENTRIES", "500"))
