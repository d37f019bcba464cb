"""Logging in (password step), logging out, and the lockout page."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from ..forms import EmailAuthenticationForm
from .common import url_with_next


def lockout_response(request, credentials, *args, **kwargs):
    """What a locked-out user sees: the same page for every account, with no detail to probe."""
    return render(request, "accounts/locked_out.html", status=403)


class LoginView(auth_views.LoginView):
    """E-mail and password; the second factor follows on its own page."""

    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm

    def get_success_url(self):
        # get_redirect_url() returns `next` only when it stays on this site.
        return url_with_next("accounts:second_factor", self.get_redirect_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expired"] = self.request.GET.get("expired") == "1"
        context["demo_skip_offered"] = bool(settings.TRYGG_DEMO_SKIP_2FA and not settings.PRODUCTION)
        return context


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET); the session and its UserSession row end (see signals)."""

    next_page = "accounts:login"
