from auditlog.cid import set_cid

from .context import audit_context


class AuditContextMiddleware:
    """Record changes made in a request with its user, its address and admin or API."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        set_cid(request)  # groups the records of one request (django-auditlog's correlation id)
        if request.path.startswith("/api/"):
            source = "api"
        elif request.path.startswith("/admin/"):
            source = "admin"
        else:
            source = "other"
        with audit_context(
            source=source,
            actor=lambda: getattr(request, "user", None),
            remote_addr=request.META.get("REMOTE_ADDR") or None,
        ):
            return self.get_response(request)
