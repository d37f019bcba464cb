"""Login, second factor, logout (views filled in by the accounts pages)."""

from django.shortcuts import render


def lockout_response(request, credentials, *args, **kwargs):
    """What a locked-out user sees: the same page for every account, with no detail to probe."""
    return render(request, "accounts/locked_out.html", status=403)
