from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("second-factor/", views.SecondFactorView.as_view(), name="second_factor"),
    path("second-factor/setup/", views.SecondFactorSetupView.as_view(), name="second_factor_setup"),
    path("second-factor/skip/", views.DemoSkipView.as_view(), name="second_factor_demo_skip"),
    path("second-factor/recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path(
        "second-factor/recovery-codes/new/",
        views.RecoveryCodesRegenerateView.as_view(),
        name="recovery_codes_regenerate",
    ),
    path("me/", views.ProfileView.as_view(), name="profile"),
    path("me/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("me/tokens/", views.TokenCreateView.as_view(), name="token_create"),
    path("me/tokens/<uuid:uuid>/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<uuid:uuid>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<uuid:uuid>/roles/new/", views.MembershipAddView.as_view(), name="membership_add"),
    path("users/<uuid:uuid>/password/", views.UserSetPasswordView.as_view(), name="user_set_password"),
    path("users/<uuid:uuid>/deactivate/", views.UserDeactivateView.as_view(), name="user_deactivate"),
    path("users/<uuid:uuid>/reactivate/", views.UserReactivateView.as_view(), name="user_reactivate"),
    path("memberships/<uuid:uuid>/end/", views.MembershipEndView.as_view(), name="membership_end"),
]
