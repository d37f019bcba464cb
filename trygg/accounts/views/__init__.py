"""Pages of the accounts app: login, second factor, my account, users and memberships.

`lockout_response` stays importable here: settings.AXES_LOCKOUT_CALLABLE names it.
"""

from .auth import LoginView, LogoutView, lockout_response
from .profile import PasswordChangeView, ProfileView, TokenCreateView, TokenRevokeView
from .second_factor import (
    DemoSkipView,
    RecoveryCodesRegenerateView,
    RecoveryCodesView,
    SecondFactorSetupView,
    SecondFactorView,
)
from .users import (
    MembershipAddView,
    MembershipEndView,
    UserCreateView,
    UserDeactivateView,
    UserDetailView,
    UserListView,
    UserReactivateView,
    UserSetPasswordView,
)

__all__ = [
    "DemoSkipView",
    "LoginView",
    "LogoutView",
    "MembershipAddView",
    "MembershipEndView",
    "PasswordChangeView",
    "ProfileView",
    "RecoveryCodesRegenerateView",
    "RecoveryCodesView",
    "SecondFactorSetupView",
    "SecondFactorView",
    "TokenCreateView",
    "TokenRevokeView",
    "UserCreateView",
    "UserDeactivateView",
    "UserDetailView",
    "UserListView",
    "UserReactivateView",
    "UserSetPasswordView",
    "lockout_response",
]
