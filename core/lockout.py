"""What django-axes needs from us (settings AXES_*): the client's address and the user name as
we count them, and the page that tells a locked-out editor, in Chinese and in the admin's own
style, why and for how long."""

import ipaddress

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.throttling import BaseThrottle


def client_address(request) -> str | None:
    """The client's address as the API throttles see it: REMOTE_ADDR, or the address the
    TRUSTED_PROXY_COUNT-th proxy put into X-Forwarded-For; None if that is not an address
    (axes stores it in an address column, which PostgreSQL checks)."""
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return None


def client_username(request, credentials=None) -> str | None:
    """The user name tried, taken as axes takes it, cut to the length of axes' column: the
    admin's login form lets a longer name through, which names nobody and which PostgreSQL
    would refuse to store (a 500 instead of a failed login)."""
    field = settings.AXES_USERNAME_FORM_FIELD
    name = (
        credentials.get(field) if credentials else getattr(request, "data", request.POST).get(field)
    )
    length = AccessAttempt._meta.get_field("username").max_length
    return name[:length] if isinstance(name, str) else name


def lockout_response(request, original_response=None, credentials=None):
    """The admin login's lockout page (429, with Retry-After while a cool-off runs)."""
    cool_off = get_cool_off(request)
    if cool_off:
        minutes = max(1, round(cool_off.total_seconds() / 60))
        message = _(
            "Too many failed logins: this user cannot log in from this address for "
            "%(minutes)d minutes. Each further attempt starts the wait again. An administrator "
            "can unlock the login sooner."
        ) % {"minutes": minutes}
    else:
        message = _(
            "Too many failed logins: this user cannot log in from this address until an "
            "administrator unlocks the login."
        )
    context = {
        **admin.site.each_context(request),
        "title": _("Login locked"),
        "message": message,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    response = render(
        request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    # This page replaces the response XFrameOptionsMiddleware (inside axes' middleware) marked.
    response["X-Frame-Options"] = "DENY"
    return response
