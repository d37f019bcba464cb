"""Users, their memberships (user × scope × role), their sessions and API tokens."""

import hashlib
import secrets
import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.querysets import ScopedModelMixin, ScopedQuerySet
from trygg.core.scoping import grants_for

from .roles import GLOBAL_ROLES, Role


class UserQuerySet(ScopedQuerySet):
    def for_user(self, user, action: str = "view"):
        # A user is in an administrator's scope when they hold a membership in a country (or site)
        # the administrator manages. Users with no membership are visible only to global grants.
        grants = grants_for(user, f"user.{action}")
        if not grants:
            return self.none()
        if any(g.is_global for g in grants):
            return self.all()
        condition = Q()
        for grant in grants:
            condition |= Membership.scope_q_for_grant(grant)
        members = Membership.objects.filter(condition, user=OuterRef("pk"))
        return self.filter(Exists(members))


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user


class User(AbstractBaseUser):
    """A person who logs in to Trygg, by e-mail address."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo_account = models.BooleanField(
        default=False, help_text=_("Demo accounts may skip the second factor in the embedded demo only.")
    )
    preferred_language = models.CharField(max_length=10, blank=True)
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    scope_subject = "user"

    class Meta:
        ordering = ["full_name", "email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    # Django's admin and permission API are not used: every check goes through roles and scopes.
    @property
    def is_staff(self):
        return False

    @property
    def is_superuser(self):
        return False

    def has_perm(self, perm, obj=None):
        return False

    def has_module_perms(self, app_label):
        return False


class Membership(ScopedModelMixin, models.Model):
    """A user's role in a country, optionally narrowed to a programme or a site."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    country = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    programme = models.ForeignKey(
        "geo.Programme", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    site = models.ForeignKey(
        "geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="memberships"
    )
    is_active = models.BooleanField(_("active"), default=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    scope_subject = "membership"
    scope_site_field = "site"
    scope_programme_field = "programme"

    class Meta:
        ordering = ["country", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False) | Q(role__in=list(GLOBAL_ROLES)),
                name="membership_country_required_unless_global",
            ),
        ]

    def __str__(self):
        scope = self.site or self.programme or self.country or _("all countries")
        return f"{self.get_role_display()} · {scope}"


class UserSession(models.Model):
    """A login session of a user, kept so that logout and deactivation can end all of them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    def for_user(self, user, action: str = "view"):
        # A token belongs to one person: nobody else lists or revokes it, administrators included
        # (deactivating the user revokes all of them).
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(user=user)


class ApiToken(models.Model):
    """A revocable API token; only its hash is stored, the secret is shown once at creation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate_key() -> str:
        return "tryg_" + secrets.token_urlsafe(32)
