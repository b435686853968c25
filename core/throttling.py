"""API throttling: DRF's throttles for anonymous clients (per address) and signed-in users
(per user), with the rates in REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] (API_THROTTLE_ANON,
API_THROTTLE_USER). Over the rate the answer is 429 with Retry-After and DRF's Chinese message.
"""

from rest_framework import throttling
from rest_framework.settings import api_settings


class RatesFromSettingsMixin:
    """Read the rate from the settings when the throttle is made, for every request.

    DRF copies the rates into a class attribute when rest_framework.throttling is first
    imported, so a changed setting (override_settings in a test) would never reach them.
    """

    def get_rate(self):
        self.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        return super().get_rate()


class CountedOnceMixin:
    """A request the lean path (core.fastpath) has already counted is not counted again when
    it falls through to the full stack because another throttle refused it."""

    def allow_request(self, request, view):
        if type(self) in getattr(request, "fast_reads_counted_throttles", ()):
            return True
        return super().allow_request(request, view)


class AnonRateThrottle(CountedOnceMixin, RatesFromSettingsMixin, throttling.AnonRateThrottle):
    """Anonymous clients, counted per address (scope `anon`)."""


class UserRateThrottle(CountedOnceMixin, RatesFromSettingsMixin, throttling.UserRateThrottle):
    """Signed-in users, counted per user (scope `user`)."""
