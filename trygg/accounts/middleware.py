"""Session limits and the second-factor requirement."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .second_factor import session_passed_second_factor

LOGIN_AT_SESSION_KEY = "trygg_login_at"

# Paths a logged-in user may reach before passing the second factor.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/static/", "/healthz", "/jsi18n/")


class SessionLimitsMiddleware:
    """Ends a session 12 hours after login whatever the activity (idle expiry is the cookie age)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            login_at = request.session.get(LOGIN_AT_SESSION_KEY)
            if login_at is None or time.time() - login_at > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                return redirect(f"{reverse('accounts:login')}?expired=1")
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Pages need a session that passed the second factor; the API checks it in its authentication."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and not request.path.startswith("/api/")
            and not session_passed_second_factor(request)
        ):
            return redirect("accounts:second_factor")
        return self.get_response(request)
