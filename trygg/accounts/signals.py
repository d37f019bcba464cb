"""Login, logout, failed logins and lockouts: session bookkeeping and audit events."""

import time

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event

from .middleware import LOGIN_AT_SESSION_KEY
from .models import User, UserSession


def _find_user(credentials):
    email = (credentials or {}).get("username") or (credentials or {}).get("email") or ""
    return User.objects.filter(email__iexact=email.strip()).first() if email else None


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    request.session[LOGIN_AT_SESSION_KEY] = time.time()
    if not request.session.session_key:
        request.session.save()
    UserSession.objects.get_or_create(user=user, session_key=request.session.session_key)
    record_event(AuditEvent.Action.LOGIN, actor=user)


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    if user is None:
        return
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()
    record_event(AuditEvent.Action.LOGOUT, actor=user)


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted e-mail is not stored: it may be a mistyped personal address of someone else.
    user = _find_user(credentials)
    record_event(AuditEvent.Action.LOGIN_FAILED, actor=user, detail={"known_account": user is not None})


@receiver(user_locked_out)
def on_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    user = _find_user({"username": username})
    record_event(AuditEvent.Action.LOCKOUT, actor=user, detail={"known_account": user is not None})
