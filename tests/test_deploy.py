"""Deployment: safe defaults, `check --deploy`, static files and error logs at DEBUG=0, gunicorn.

What the settings do at start-up is tested in fresh processes (`manage.py`, `python -c`) with an
environment made here, as a server would be started: this process's settings are already loaded.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings

ROOT = Path(settings.BASE_DIR)

# The production environment the README and .env.example document, on an HTTPS site.
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "periodical.example.cn",
    "DJANGO_SECURE_SSL_REDIRECT": "1",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
    "DJANGO_SESSION_COOKIE_SECURE": "1",
    "DJANGO_CSRF_COOKIE_SECURE": "1",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://periodical.example.cn",
}


def bare_environment(tmp_path, **variables) -> dict[str, str]:
    """This machine's environment without any of the project's settings, plus `variables`."""
    project = re.compile(r"^(DJANGO_|GUNICORN_|SQLITE_|DATABASE_)")
    environment = {k: v for k, v in os.environ.items() if not project.match(k)}
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    return {**environment, **variables}


def run(arguments, environment, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *arguments], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=120, **options,
    )  # fmt: skip


def setting(name, environment):
    """A setting's value as a process started in `environment` reads it (or its error)."""
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    environment = {**environment, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = run(["-c", code], environment)
    return result.stdout.strip() if result.returncode == 0 else result.stderr


def test_without_any_setting_debug_is_off_and_a_secret_key_is_required(tmp_path):
    error = setting("DEBUG", bare_environment(tmp_path))
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in error

    assert setting("DEBUG", bare_environment(tmp_path, DJANGO_SECRET_KEY="k" * 50)) == "False"
    error = setting("DEBUG", bare_environment(tmp_path, DJANGO_DEBUG="0"))
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in error


def test_debug_on_request_runs_with_the_development_key(tmp_path):
    environment = bare_environment(tmp_path, DJANGO_DEBUG="1")
    assert setting("DEBUG", environment) == "True"
    assert setting("SECRET_KEY", environment) == "'insecure-local-development-key'"


def test_the_security_settings_are_read_from_the_environment(tmp_path):
    environment = bare_environment(tmp_path, **PRODUCTION)
    assert setting("SECURE_PROXY_SSL_HEADER", environment) == "('HTTP_X_FORWARDED_PROTO', 'https')"
    assert setting("CSRF_TRUSTED_ORIGINS", environment) == "['https://periodical.example.cn']"
    assert setting("SECURE_HSTS_SECONDS", environment) == "31536000"
    assert setting("SESSION_COOKIE_SECURE", environment) == "True"
    one_part = bare_environment(tmp_path, DJANGO_DEBUG="1", DJANGO_SECURE_PROXY_SSL_HEADER="https")
    assert "must be a header and its value" in setting("SECURE_PROXY_SSL_HEADER", one_part)


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = run(["manage.py", "check", "--deploy"], bare_environment(tmp_path, **PRODUCTION))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "?: (security." not in output, output
    assert "System check identified no issues" in output


def test_check_deploy_warns_without_the_https_settings(tmp_path):
    """The check above is a real one: drop the HTTPS block and it complains."""
    plain = {k: v for k, v in PRODUCTION.items() if "SECURE" not in k}
    result = run(["manage.py", "check", "--deploy"], bare_environment(tmp_path, **plain))
    assert "security.W004" in result.stderr and "security.W008" in result.stderr


def test_every_variable_the_project_reads_is_listed_in_env_example():
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    read = set()
    for module in ("config/settings.py", "gunicorn.conf.py"):
        text = (ROOT / module).read_text()
        read |= set(re.findall(r"""env_(?:flag|list)\(\s*"([A-Z_]+)\"""", text))
        read |= set(re.findall(r"""os\.environ\.get\(\s*"([A-Z_]+)\"""", text))
    read |= {"DATABASE_URL"}  # read by dj-database-url
    assert read - listed == set()


def test_gunicorn_takes_its_workers_threads_bind_and_timeout_from_the_environment(tmp_path):
    environment = bare_environment(
        tmp_path, GUNICORN_WORKERS="3", GUNICORN_THREADS="2", GUNICORN_BIND="127.0.0.1:9123",
        GUNICORN_TIMEOUT="45",
    )  # fmt: skip
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    result = subprocess.run(
        [gunicorn, "--print-config"], cwd=ROOT, env=environment, capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    config = dict(re.findall(r"^(\w+)\s+= (.*)$", result.stdout, re.MULTILINE))
    assert (config["workers"], config["threads"], config["timeout"]) == ("3", "2", "45")
    assert config["bind"] == "['127.0.0.1:9123']"
    assert config["wsgi_app"] == "config.wsgi:application"


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    """`collectstatic` into a folder of its own, with production's storage (hashed, gzipped)."""
    root = tmp_path_factory.mktemp("static")
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages, DEBUG=False):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield root


@pytest.mark.django_db
def test_static_files_are_served_at_debug_off(collected_static):
    """The admin's styles and the Swagger UI of /api/docs/ load, as a browser loads them."""
    assert not settings.DEBUG
    browser = Client()  # a new client: WhiteNoise reads STATIC_ROOT when it starts
    assert browser.get("/static/admin/css/base.css").status_code == 200

    login = browser.get("/admin/login/").content.decode()
    docs = browser.get("/api/docs/").content.decode()
    stylesheet = re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', login)
    swagger = re.findall(r'"(/static/drf_spectacular_sidecar/[^"]+)"', docs)
    assert stylesheet and len(swagger) >= 3, (login, docs)
    for url in [stylesheet[1], *swagger]:
        response = browser.get(url)
        assert response.status_code == 200, url
        assert "immutable" in response.headers["Cache-Control"], url  # hashed: cached for good
    assert "swagger-ui-bundle" in " ".join(swagger)


def test_a_server_error_is_logged_with_its_traceback_to_standard_error(tmp_path):
    """At DEBUG=0 the visitor sees a bare 500; the traceback goes to the server's stderr."""
    script = """
import django
django.setup()
from django.test import Client, override_settings
from django.urls import path

def article_view(request):
    raise RuntimeError("the printer caught fire")

urlpatterns = [path("boom/", article_view)]
with override_settings(ROOT_URLCONF="__main__", ALLOWED_HOSTS=["testserver"]):
    response = Client(raise_request_exception=False).get("/boom/")
print(response.status_code, b"printer" in response.content)
"""
    environment = bare_environment(
        tmp_path, DJANGO_SECRET_KEY="k" * 50, DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
    )  # fmt: skip
    (tmp_path / "serve.py").write_text(script)
    result = run([str(tmp_path / "serve.py")], environment)
    assert result.stdout.strip() == "500 False", result.stderr
    assert "ERROR django.request" in result.stderr
    assert "Internal Server Error: /boom/" in result.stderr
    assert "Traceback (most recent call last)" in result.stderr
    assert 'raise RuntimeError("the printer caught fire")' in result.stderr
