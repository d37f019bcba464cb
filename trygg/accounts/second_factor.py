"""Whether a logged-in session has passed the second factor."""

from django.conf import settings

DEMO_SKIP_SESSION_KEY = "trygg_demo_skipped_2fa"


def demo_skip_allowed(user) -> bool:
    """Only the embedded demo, only demo accounts; production never (settings force it off)."""
    return bool(settings.TRYGG_DEMO_SKIP_2FA and not settings.PRODUCTION and user.is_demo_account)


def session_passed_second_factor(request) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return bool(request.session.get(DEMO_SKIP_SESSION_KEY)) and demo_skip_allowed(user)
