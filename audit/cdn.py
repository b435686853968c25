"""Telling the CDN what to drop when published content changes (README, "Caching and the CDN").

The API's public answers carry cache tags (core.api: `issue-<id>`, `periodical-<slug>`,
`lists`). When a transaction changes what a published (or once published, now withdrawn)
issue shows, `request_purge()` records a `CdnPurge` in that transaction and, once it commits,
`send_purge()` asks the CDN to drop those tags: `CDN_PURGE_METHOD CDN_PURGE_URL` with the
body `{"tags": [...]}` (Cloudflare's purge-by-tag body) and the tags in a `Surrogate-Key`
header (Fastly's), signed with HMAC-SHA256 when `CDN_PURGE_SECRET` is set (a webhook to the
front ends can check `X-Signature: sha256=<hex of the body's HMAC>`). urllib3's Retry
retries a refused connection or a 408/425/429/5xx answer with exponential backoff; the
outcome is recorded on the row. A rolled-back transaction sends nothing.
"""

import hashlib
import hmac
import json
import logging
from functools import partial

import requests
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .models import CdnPurge

logger = logging.getLogger(__name__)

RETRIED_STATUSES = (408, 425, 429, 500, 502, 503, 504)


def purge_tags(tags, *, using: str = DEFAULT_DB_ALIAS) -> None:
    """The CDN_PURGE effect (core.effects): every tag a transaction deferred, one purge."""
    request_purge(tags, using=using)


def request_purge(tags, *, using: str = DEFAULT_DB_ALIAS) -> CdnPurge | None:
    """Record a purge of `tags` and send it when the current transaction commits (at once
    outside one). Nothing when no CDN_PURGE_URL is configured."""
    tags = sorted({tag for tag in tags if tag})
    if not settings.CDN_PURGE_URL or not tags:
        return None
    purge = CdnPurge.objects.using(using).create(tags=tags)
    transaction.on_commit(partial(send_purge, purge.pk, using=using), using=using)
    return purge


def purge_request(tags: list[str]) -> tuple[bytes, dict]:
    """The body and headers of a purge of `tags`."""
    body = json.dumps({"tags": tags}, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "Surrogate-Key": " ".join(tags)}
    if settings.CDN_PURGE_SECRET:
        digest = hmac.new(settings.CDN_PURGE_SECRET.encode(), body, hashlib.sha256).hexdigest()
        headers["X-Signature"] = f"sha256={digest}"
    if settings.CDN_PURGE_AUTHORIZATION:
        headers["Authorization"] = settings.CDN_PURGE_AUTHORIZATION
    return body, headers


def _session() -> requests.Session:
    retry = Retry(
        total=settings.CDN_PURGE_RETRIES,
        backoff_factor=settings.CDN_PURGE_BACKOFF,
        status_forcelist=RETRIED_STATUSES,
        allowed_methods=None,  # a purge is idempotent whatever its method
        raise_on_status=False,  # the last answer is recorded
        respect_retry_after_header=False,  # the backoff bounds the wait, not the CDN
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def send_purge(pk: int, *, using: str = DEFAULT_DB_ALIAS) -> CdnPurge:
    """Send purge `pk` (retrying with backoff) and record the outcome; never raises."""
    purge = CdnPurge.objects.using(using).get(pk=pk)
    body, headers = purge_request(purge.tags)
    purge.response_status, purge.error = None, ""
    try:
        with _session() as session:
            response = session.request(
                settings.CDN_PURGE_METHOD,
                settings.CDN_PURGE_URL,
                data=body,
                headers=headers,
                timeout=settings.CDN_PURGE_TIMEOUT,
            )
    except requests.RequestException as error:
        purge.attempts += settings.CDN_PURGE_RETRIES + 1
        purge.error = str(error)[:2000]
    else:
        history = getattr(response.raw.retries, "history", ()) if response.raw else ()
        purge.attempts += len(history) + 1
        purge.response_status = response.status_code
        if not response.ok:
            purge.error = f"HTTP {response.status_code}: {response.text[:500]}"
    purge.status = CdnPurge.Status.FAILED if purge.error else CdnPurge.Status.SENT
    purge.finished_at = timezone.now()
    purge.save(update_fields=["status", "attempts", "response_status", "error", "finished_at"])
    if purge.error:
        logger.warning("CDN purge %s of %s failed: %s", purge.pk, purge.tags, purge.error)
    return purge
