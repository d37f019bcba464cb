"""My account: memberships, second-factor status, password and API tokens."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import services
from ..forms import ApiTokenForm, OwnPasswordChangeForm, add_service_errors
from ..models import ApiToken, UserSession
from ..second_factor import (
    DEMO_SKIP_SESSION_KEY,
    confirmed_totp_device,
    recovery_codes_left,
    session_passed_real_second_factor,
)
from .common import SecondFactorPassedMixin


def profile_context(request, **extra) -> dict:
    user = request.user
    return {
        "memberships": user.memberships.select_related("country", "site", "programme").order_by(
            "-is_active", "country__name", "role"
        ),
        "has_totp": confirmed_totp_device(user) is not None,
        "recovery_codes_left": recovery_codes_left(user),
        "session_skipped_second_factor": bool(request.session.get(DEMO_SKIP_SESSION_KEY))
        and not session_passed_real_second_factor(request),
        "can_manage_tokens": session_passed_real_second_factor(request),
        "tokens": ApiToken.objects.for_user(user).order_by("revoked_at", "-created_at"),
        "token_form": ApiTokenForm(),
        **extra,
    }


class ProfileView(SecondFactorPassedMixin, View):
    def get(self, request):
        return render(request, "accounts/profile.html", profile_context(request))


@method_decorator(never_cache, name="dispatch")
class TokenCreateView(SecondFactorPassedMixin, View):
    """A new API token; its key is shown on the response page once and never stored."""

    http_method_names = ["post"]

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if not session_passed_real_second_factor(request):
            messages.error(
                request,
                _(
                    "API tokens are issued only after you logged in with your authenticator app or a "
                    "recovery code. Log out, log in again with your second factor and try again."
                ),
            )
            return render(request, "accounts/profile.html", profile_context(request), status=403)
        if form.is_valid():
            try:
                token, key = services.create_api_token(
                    user=request.user, name=form.cleaned_data["name"], acting_user=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return render(request, "accounts/token_created.html", {"token": token, "key": key})
        return render(request, "accounts/profile.html", profile_context(request, token_form=form), status=400)


class TokenRevokeView(SecondFactorPassedMixin, View):
    http_method_names = ["post"]

    def post(self, request, uuid):
        token = get_object_or_404(ApiToken.objects.for_user(request.user), uuid=uuid)
        services.revoke_api_token(token, acting_user=request.user)
        messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
        return redirect("accounts:profile")


@method_decorator(sensitive_post_parameters(), name="dispatch")
class PasswordChangeView(SecondFactorPassedMixin, View):
    template_name = "accounts/password_form.html"

    def get(self, request):
        return self.render_form(OwnPasswordChangeForm(request.user))

    def post(self, request):
        form = OwnPasswordChangeForm(request.user, request.POST)
        if form.is_valid():
            try:
                services.set_password(
                    request.user, password=form.cleaned_data["password1"], acting_user=request.user
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                old_key = request.session.session_key
                # Other sessions end with the old password hash; this one gets a new key.
                update_session_auth_hash(request, request.user)
                UserSession.objects.filter(session_key=old_key).update(
                    session_key=request.session.session_key
                )
                messages.success(request, _("Your password has been changed."))
                return redirect("accounts:profile")
        return self.render_form(form)

    def render_form(self, form):
        return render(
            self.request,
            self.template_name,
            {"form": form, "title": _("Change your password"), "cancel_url": "accounts:profile"},
        )
