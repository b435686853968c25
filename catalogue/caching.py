"""What a CDN and a feed reader need of the catalogue's XML pages (feeds, sitemap), as the API's
public reads have it (core.api.CacheHeadersMixin): `Cache-Control: public` with s-maxage and
stale-while-revalidate, the cache tags a purge names (Cache-Tag, Surrogate-Key), and a
conditional GET (ETag, Last-Modified, 304) answered from one aggregate query before the page is
built.

The tags: every purge of published content (publish, withdrawal, a correction, any change to
what a published issue shows: issues.signals, workflow.services) names `lists` (core.api's
LISTS_TAG), the tag of the answers that any publication may change, which the feeds and the
sitemap are; a feed also names its periodical (`periodical-<slug>`, as the API's answers about
its issues do).

`Vary`: none. The pages are the same for every reader, signed in or not (published content
only) and whatever the language cookie (a feed is in its declared language, zh-hans), so a CDN
keeps one copy; the session middleware never looks at the session here, so no `Vary: Cookie`.
"""

import dataclasses
import datetime
from functools import wraps

from django.conf import settings
from django.utils.http import http_date
from django.views.decorators.http import condition

from core.api import LISTS_TAG, public_caching, response_etag


@dataclasses.dataclass(frozen=True)
class Stamp:
    """What changes whenever the page would show something else, and when it last did."""

    parts: tuple
    last_modified: datetime.datetime | None
    tags: list[str]


def cdn_cached(stamp):
    """Decorate a view with the conditional GET and the CDN headers of a public XML page.

    `stamp(request, **kwargs)` gives the page's Stamp (one query), or None when there is no
    such page (the view then answers its 404, without caching headers). Django's `condition`
    answers the 304; the ETag also holds the whole URL (host, query) and the website address
    templates the links are made from.
    """

    def decorator(view):
        def stamp_of(request, kwargs) -> Stamp | None:
            if not hasattr(request, "_catalogue_stamp"):
                request._catalogue_stamp = stamp(request, **kwargs)
            return request._catalogue_stamp

        def etag(request, *args, **kwargs):
            found = stamp_of(request, kwargs)
            if found is None:
                return None
            return response_etag(
                request.build_absolute_uri(),
                settings.FRONTEND_ISSUE_URL,
                settings.FRONTEND_ARTICLE_URL,
                *found.parts,
            )

        def last_modified(request, *args, **kwargs):
            found = stamp_of(request, kwargs)
            return found and found.last_modified

        conditional = condition(etag_func=etag, last_modified_func=last_modified)(view)

        @wraps(view)
        def cached(request, *args, **kwargs):
            response = conditional(request, *args, **kwargs)
            found = stamp_of(request, kwargs)
            if found is None or response.status_code not in (200, 304):
                return response
            if found.last_modified is not None:  # the one `condition` compared, not the view's
                response["Last-Modified"] = http_date(found.last_modified.timestamp())
            public_caching(response, [LISTS_TAG, *found.tags])
            return response

        return cached

    return decorator
