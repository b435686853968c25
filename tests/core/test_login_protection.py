"""Brute force on the admin login (django-axes, settings AXES_*): locked after a few failures,
told so in Chinese, no password hashed while locked, unlocked by time or by an administrator."""

import os
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("admin:login")
PASSWORD = "正确的密码-2025"
LOCKED_MESSAGE = "登录失败次数过多"


@pytest.fixture
def chief(django_user_model):
    """The editor-in-chief, staff with every permission, whose login is being guessed."""
    return django_user_model.objects.create_user(
        "chief", password=PASSWORD, is_staff=True, is_superuser=True
    )


def log_in(client, password, *, username="chief", address="203.0.113.7"):
    return client.post(
        LOGIN_URL,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def is_logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def fail(client, times, **kwargs):
    for attempt in range(times):
        log_in(client, f"猜测{attempt}", **kwargs)


@pytest.fixture
def hashed_passwords(monkeypatch) -> list[str]:
    """Every password the hasher checks: a locked-out login must check none (~0.5 s each)."""
    checked = []
    verify = MD5PasswordHasher.verify

    def counting_verify(self, password, encoded):
        checked.append(password)
        return verify(self, password, encoded)

    monkeypatch.setattr(MD5PasswordHasher, "verify", counting_verify)
    return checked


def test_thirty_wrong_passwords_then_the_right_one_is_refused_in_chinese(client, chief):
    fail(client, 30)
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    text = response.content.decode()
    assert LOCKED_MESSAGE in text and "30 分钟" in text and "管理员" in text
    assert "期刊编辑部" in text and "admin/css/base.css" in text  # the admin's own page
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()
    assert not is_logged_in(client)


def test_the_limit_is_counted_from_the_settings(client, chief, settings):
    settings.AXES_FAILURE_LIMIT = 2
    log_in(client, "错误一")
    assert log_in(client, PASSWORD).status_code == 302  # one failure, then in (and forgiven)
    client.logout()
    assert log_in(client, "错误一").status_code == 200  # the form again, with its error
    assert log_in(client, "错误二").status_code == 429
    assert log_in(client, PASSWORD).status_code == 429


def test_a_locked_out_login_hashes_no_password(client, chief, hashed_passwords):
    fail(client, settings.AXES_FAILURE_LIMIT)
    assert len(hashed_passwords) == settings.AXES_FAILURE_LIMIT  # each failure was checked
    hashed_passwords.clear()
    fail(client, 25)
    assert log_in(client, PASSWORD).status_code == 429
    assert hashed_passwords == []


def test_the_lock_ends_after_the_cool_off(client, chief):
    fail(client, settings.AXES_FAILURE_LIMIT)
    assert log_in(client, PASSWORD).status_code == 429
    # The failures were made a cool-off and a minute ago.
    past = AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME
    AccessAttempt.objects.update(attempt_time=past - timedelta(minutes=1))
    assert log_in(client, PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_a_lock_is_per_user_name_and_address(client, chief, django_user_model):
    django_user_model.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    fail(client, settings.AXES_FAILURE_LIMIT, address="203.0.113.7")
    # The same office address, another editor: not locked by the guesser's failures.
    assert log_in(Client(), PASSWORD, username="colleague").status_code == 302
    # The editor-in-chief from home: not locked either.
    assert log_in(Client(), PASSWORD, address="198.51.100.20").status_code == 302
    assert log_in(Client(), PASSWORD, address="203.0.113.7").status_code == 429


def test_an_administrator_unlocks_a_login_in_the_admin(client, chief, django_user_model):
    fail(client, settings.AXES_FAILURE_LIMIT)
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", password="x"))
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin.get(changelist).content.decode()
    assert "登录保护" in page and "登录尝试" in page and "已锁定" in page and "状态" in page
    attempt = AccessAttempt.objects.get(username="chief")
    unlocked = admin.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert unlocked.status_code == 302
    assert log_in(client, PASSWORD).status_code == 302


@pytest.mark.parametrize(
    "username, headers, answers",
    [
        # A NUL byte never reaches the login: the hostile-input middleware refuses the form.
        ("chief\x00", {}, {400}),
        ("长" * 300, {}, {200, 429}),
        ("chief", {"HTTP_X_FORWARDED_FOR": "not-an-address"}, {200, 429}),
        ("chief", {"HTTP_USER_AGENT": "浏览器" * 200}, {200, 429}),
    ],
    ids=["nul", "long name", "forged forwarded-for", "long user agent"],
)
def test_hostile_logins_are_refused_without_a_server_error(
    client, chief, settings, username, headers, answers
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(LOGIN_URL, {"username": username, "password": "x"}, **headers)
        assert response.status_code in answers
    assert not is_logged_in(client)


def test_axes_reset_command_unlocks_a_login(client, chief):
    fail(client, settings.AXES_FAILURE_LIMIT)
    call_command("axes_reset_username", "chief")
    assert log_in(client, PASSWORD).status_code == 302


def test_the_limits_come_from_the_environment(tmp_path):
    env = {
        **os.environ,
        "LOGIN_FAILURE_LIMIT": "7",
        "LOGIN_COOLOFF_MINUTES": "0",
        "API_THROTTLE_ANON": "10/min",
        "API_THROTTLE_USER": "",
        "TRUSTED_PROXY_COUNT": "1",
        "CACHE_URL": "redis://127.0.0.1:6379/3",
    }
    code = (
        "from django.conf import settings as s; "
        "from django.core.cache.backends.redis import RedisCache; "
        "from django.utils.module_loading import import_string; "
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.REST_FRAMEWORK['NUM_PROXIES'], "
        "s.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'], "
        "issubclass(import_string(s.CACHES['default']['BACKEND']), RedisCache))"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.split("\n")[-2] == (
        "7 None 1 {'anon': '10/min', 'user': None} True"  # Django's Redis backend (core/cache.py)
    )
