import uuid

from . import context


class RequestContextMiddleware:
    """Binds the request's address, an id and its channel (web or api) for audit events."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        channel = "api" if request.path.startswith("/api/") else "web"
        token = context.bind(
            context.AuditContext(
                ip_address=request.META.get("REMOTE_ADDR") or None,
                request_id=str(uuid.uuid4()),
                channel=channel,
            )
        )
        try:
            return self.get_response(request)
        finally:
            context.reset(token)
