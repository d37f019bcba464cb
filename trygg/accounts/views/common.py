"""Helpers shared by the accounts pages."""

from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from ..second_factor import session_passed_second_factor


def next_from(request) -> str:
    """The `next` address from the form or the query string if it stays on this site, else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def safe_next(request, default: str = "core:home") -> str:
    """Where to go next: a safe `next` address, or the named page."""
    return next_from(request) or reverse(default)


def url_with_next(url_name: str, next_url: str | None) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class SecondFactorPassedMixin:
    """The middleware lets every /accounts/ page through before the second factor (login and
    set-up live there), so the pages that show or change data check it themselves."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not session_passed_second_factor(request):
            return redirect(url_with_next("accounts:second_factor", request.get_full_path()))
        return super().dispatch(request, *args, **kwargs)
