"""The second factor: checking a code, enrolling an authenticator app, recovery codes, demo skip."""

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from ..forms import SecondFactorForm, TotpConfirmForm
from ..second_factor import (
    DEMO_SKIP_SESSION_KEY,
    check_code,
    confirm_totp_enrolment,
    confirmed_totp_device,
    demo_skip_allowed,
    format_recovery_code,
    record_demo_skip,
    regenerate_recovery_codes,
    session_passed_real_second_factor,
    session_passed_second_factor,
    start_totp_enrolment,
)
from .common import SecondFactorPassedMixin, next_from, safe_next, url_with_next

# Recovery codes wait here between the request that made them and the page that shows them once.
RECOVERY_CODES_SESSION_KEY = "trygg_new_recovery_codes"
RECOVERY_NEXT_SESSION_KEY = "trygg_new_recovery_codes_next"


def qr_code_svg(data: str) -> str:
    """An inline SVG QR code, drawn on the server: no image library, no outside service."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def _grouped(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


class _SecondFactorPage(LoginRequiredMixin, View):
    """Logged in with a password; these pages are reachable before the second factor."""

    template_name = ""

    def render_page(self, request, form, status=200, **extra):
        context = {
            "form": form,
            "next": next_from(request),
            "demo_skip_available": demo_skip_allowed(request.user),
            **extra,
        }
        return render(request, self.template_name, context, status=status)


@method_decorator(never_cache, name="dispatch")
class SecondFactorView(_SecondFactorPage):
    template_name = "accounts/second_factor.html"

    def get(self, request):
        if session_passed_second_factor(request):
            return redirect(safe_next(request))
        if confirmed_totp_device(request.user) is None:
            return redirect(url_with_next("accounts:second_factor_setup", next_from(request)))
        return self.render_page(request, SecondFactorForm())

    def post(self, request):
        if confirmed_totp_device(request.user) is None:
            return redirect(url_with_next("accounts:second_factor_setup", next_from(request)))
        form = SecondFactorForm(request.POST)
        if form.is_valid():
            result = check_code(request.user, form.cleaned_data["code"])
            if result.ok:
                django_otp.login(request, result.device)
                request.session.pop(DEMO_SKIP_SESSION_KEY, None)
                if result.method == "recovery":
                    messages.warning(
                        request,
                        _(
                            "You used a recovery code. Each code works once; "
                            "make new ones on your account page."
                        ),
                    )
                return redirect(safe_next(request))
            if result.throttled:
                form.add_error("code", _("Too many wrong codes. Wait a moment, then try again."))
            else:
                form.add_error("code", _("That code is not valid, or it has been used already."))
        return self.render_page(request, form)


@method_decorator(never_cache, name="dispatch")
class SecondFactorSetupView(_SecondFactorPage):
    """Enrol an authenticator app: QR code and secret, then a code from the app to confirm.

    Only for users without a confirmed device: a second device cannot be added with a password
    alone, which would make the second factor worthless.
    """

    template_name = "accounts/second_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and confirmed_totp_device(request.user) is not None:
            return redirect(url_with_next("accounts:second_factor", next_from(request)))
        return super().dispatch(request, *args, **kwargs)

    def render_page(self, request, form, status=200, **extra):
        device = start_totp_enrolment(request.user)
        secret = b32encode(device.bin_key).decode()
        return super().render_page(
            request,
            form,
            status=status,
            qr_svg=mark_safe(qr_code_svg(device.config_url)),  # noqa: S308 - SVG generated here
            secret=_grouped(secret),
            **extra,
        )

    def get(self, request):
        return self.render_page(request, TotpConfirmForm())

    def post(self, request):
        form = TotpConfirmForm(request.POST)
        if form.is_valid():
            device = start_totp_enrolment(request.user)
            codes = confirm_totp_enrolment(device, form.cleaned_data["code"], acting_user=request.user)
            if codes is not None:
                django_otp.login(request, confirmed_totp_device(request.user))
                request.session.pop(DEMO_SKIP_SESSION_KEY, None)
                request.session[RECOVERY_CODES_SESSION_KEY] = codes
                request.session[RECOVERY_NEXT_SESSION_KEY] = safe_next(request)
                return redirect("accounts:recovery_codes")
            form.add_error(
                "code",
                _(
                    "That code did not match. Check that the clock on your phone is right "
                    "and try the newest code."
                ),
            )
        return self.render_page(request, form)


class DemoSkipView(LoginRequiredMixin, View):
    """The explicit 'skip' button of the embedded demo, for demo accounts only."""

    http_method_names = ["post"]

    def post(self, request):
        if not demo_skip_allowed(request.user):
            raise PermissionDenied(_("The second factor cannot be skipped."))
        request.session[DEMO_SKIP_SESSION_KEY] = True
        record_demo_skip(request.user)
        messages.warning(
            request, _("You skipped the second factor. Only demo accounts in the demo can do this.")
        )
        return redirect(safe_next(request))


@method_decorator(never_cache, name="dispatch")
class RecoveryCodesView(SecondFactorPassedMixin, View):
    """Shows new recovery codes once; reloading the page does not show them again."""

    def get(self, request):
        codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
        next_url = request.session.pop(RECOVERY_NEXT_SESSION_KEY, None) or safe_next(request)
        return render(
            request,
            "accounts/recovery_codes.html",
            {"codes": [format_recovery_code(c) for c in codes or []], "next": next_url},
        )


class RecoveryCodesRegenerateView(SecondFactorPassedMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        if not session_passed_real_second_factor(request) or confirmed_totp_device(request.user) is None:
            messages.error(request, _("Log in with your authenticator app to make new recovery codes."))
            return redirect("accounts:profile")
        codes = regenerate_recovery_codes(request.user, acting_user=request.user)
        request.session[RECOVERY_CODES_SESSION_KEY] = codes
        request.session[RECOVERY_NEXT_SESSION_KEY] = safe_next(request, default="accounts:profile")
        return redirect("accounts:recovery_codes")
