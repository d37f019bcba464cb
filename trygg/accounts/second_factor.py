"""The second factor: whether a session passed it, TOTP enrolment, code checks and recovery codes.

TOTP devices and recovery codes are django-otp's (`TOTPDevice`, `StaticDevice`). A TOTP code works
once: the device remembers the last time step it accepted. A recovery code is deleted when used.
"""

import re
from dataclasses import dataclass

import django_otp
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.services import OutOfScope

DEMO_SKIP_SESSION_KEY = "trygg_demo_skipped_2fa"
RECOVERY_CODE_COUNT = 10
# Stored device names, not shown as labels (labels come from the templates, translated).
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

_TOTP_CODE = re.compile(r"\d{6}")


def demo_skip_allowed(user) -> bool:
    """Only the embedded demo, only demo accounts; production never (settings force it off)."""
    return bool(settings.TRYGG_DEMO_SKIP_2FA and not settings.PRODUCTION and user.is_demo_account)


def session_passed_second_factor(request) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if session_passed_real_second_factor(request):
        return True
    return bool(request.session.get(DEMO_SKIP_SESSION_KEY)) and demo_skip_allowed(user)


def session_passed_real_second_factor(request) -> bool:
    """A TOTP code or a recovery code in this session; the demo skip does not count."""
    user = request.user
    is_verified = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and is_verified is not None and is_verified())


def confirmed_totp_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_code(code: str) -> str:
    """Codes are typed from a phone or a printed sheet: spaces, hyphens and case do not matter."""
    return re.sub(r"[\s-]", "", code or "").lower()


def format_recovery_code(code: str) -> str:
    """'abcdefgh' -> 'abcd-efgh', easier to read aloud and copy from paper."""
    middle = len(code) // 2
    return f"{code[:middle]}-{code[middle:]}"


@dataclass(frozen=True)
class CodeCheck:
    device: object | None
    method: str
    throttled: bool = False

    @property
    def ok(self) -> bool:
        return self.device is not None


def check_code(user, code: str) -> CodeCheck:
    """Check a code against the user's devices: six digits go to the authenticator app, anything
    else to the recovery codes, so a mistyped recovery code never throttles the TOTP device."""
    code = normalise_code(code)
    if _TOTP_CODE.fullmatch(code):
        method, model = "totp", TOTPDevice
    else:
        method, model = "recovery", StaticDevice
    throttled = False
    for device in model.objects.filter(user=user, confirmed=True):
        allowed, _info = device.verify_is_allowed()
        if not allowed:
            throttled = True
            continue
        # django_otp.verify_token locks the device row, so the same code cannot pass twice even
        # when two requests race.
        verified = django_otp.verify_token(user, device.persistent_id, code)
        if verified is not None:
            record_event(AuditEvent.Action.SECOND_FACTOR, actor=user, detail={"method": method})
            return CodeCheck(verified, method)
    record_event(AuditEvent.Action.SECOND_FACTOR, actor=user, detail={"method": method, "result": "rejected"})
    return CodeCheck(None, method, throttled=throttled)


def start_totp_enrolment(user):
    """The user's unconfirmed authenticator device, created on first use; reloading the set-up page
    shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def confirm_totp_enrolment(device, code: str, *, acting_user) -> list[str] | None:
    """Confirm the device with a code from the app; returns the new recovery codes, or None."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=acting_user, confirmed=False)
    if TOTPDevice.objects.filter(user=acting_user, confirmed=True).exists():
        return None
    code = normalise_code(code)
    if not _TOTP_CODE.fullmatch(code) or not device.verify_token(code):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=acting_user, confirmed=False).delete()
    codes = _replace_recovery_codes(acting_user)
    record_event(AuditEvent.Action.SECOND_FACTOR, actor=acting_user, detail={"method": "enrolled"})
    return codes


def _replace_recovery_codes(user) -> list[str]:
    # Keep the device and replace its codes: a session that passed with a recovery code stays valid.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    device.token_set.all().delete()
    codes: set[str] = set()
    while len(codes) < RECOVERY_CODE_COUNT:
        codes.add(StaticToken.random_token())
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return sorted(codes)


@transaction.atomic
def regenerate_recovery_codes(user, *, acting_user) -> list[str]:
    """Ten new recovery codes for the user's own account; the old ones stop working."""
    if user.pk != acting_user.pk or confirmed_totp_device(user) is None:
        raise OutOfScope(_("Recovery codes can only be made for your own account with an authenticator app."))
    codes = _replace_recovery_codes(user)
    record_event(
        AuditEvent.Action.SECOND_FACTOR, actor=acting_user, detail={"method": "recovery_codes_regenerated"}
    )
    return codes


def record_demo_skip(user) -> None:
    record_event(AuditEvent.Action.SECOND_FACTOR, actor=user, detail={"method": "demo_skip"})
