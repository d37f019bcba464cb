"""State changes on users, memberships, passwords and API tokens.

Every function takes the acting user, checks their scope, runs in one transaction and writes its
audit event in that transaction. Audit events name the fields that changed, never their values
(no passwords, no e-mail addresses). Second-factor enrolment and recovery codes live in
`second_factor.py`.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import country_ids_for, forget_grants, has_perm_in_country
from trygg.core.services import OutOfScope, ensure_in_scope

from .models import ApiToken, Membership, User, UserSession
from .roles import GLOBAL_ROLES, Perm, Role

TOKEN_NAME_MAX_LENGTH = 100


def _validate_new_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc


def _check_can_grant(acting_user, *, role, country, site, programme) -> None:
    """Refuse a membership the acting user may not hand out; validate its shape."""
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if role in GLOBAL_ROLES:
        # Only someone who already holds a global grant may create another global administrator.
        if country_ids_for(acting_user, Perm.MEMBERSHIP_ADD) is not None:
            raise OutOfScope(_("Only a system administrator can grant this role."))
        if country is not None or site is not None or programme is not None:
            raise ValidationError(
                {"country": _("This role applies to all countries: leave the country empty.")}
            )
        return
    if country is None:
        raise ValidationError({"country": _("Choose the country this role applies to.")})
    errors = {}
    if site is not None and site.country_id != country.pk:
        errors["site"] = _("The site must be in the chosen country.")
    if programme is not None and programme.country_id != country.pk:
        errors["programme"] = _("The programme must be in the chosen country.")
    if site is not None and programme is not None and site.programme_id not in (None, programme.pk):
        errors["site"] = _("The site does not belong to the chosen programme.")
    if errors:
        raise ValidationError(errors)
    if not has_perm_in_country(
        acting_user,
        Perm.MEMBERSHIP_ADD,
        country.pk,
        site_id=getattr(site, "pk", None),
        programme_id=getattr(programme, "pk", None) or getattr(site, "programme_id", None),
    ):
        raise OutOfScope(_("You cannot grant roles in this country."))


def _ensure_manages_whole_user(user: User, acting_user) -> None:
    """Passwords and deactivation affect every role a user holds, so the acting user must manage
    every country the user works in; otherwise a country administrator could take over an account
    that reaches other countries."""
    country_ids = country_ids_for(acting_user, Perm.USER_CHANGE)
    if country_ids is None:
        return
    held = user.memberships.filter(is_active=True).values_list("country_id", flat=True)
    if any(country_id is None or country_id not in country_ids for country_id in held):
        raise OutOfScope(
            _("This user also holds roles outside the countries you manage; ask a system administrator.")
        )


def _ensure_not_self(user: User, acting_user, message: str) -> None:
    if user.pk == acting_user.pk:
        raise ValidationError(message)


def _ensure_user_in_scope(user: User, acting_user, action: str) -> None:
    if not User.objects.for_user(acting_user, action).filter(pk=user.pk).exists():
        raise OutOfScope(_("The record would be outside your scope."))


def _membership(user, *, role, country, site, programme, acting_user, valid_from=None, valid_until=None):
    if valid_from and valid_until and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end date must not be before the start date.")})
    duplicate = Membership.objects.filter(
        user=user, role=role, country=country, site=site, programme=programme, is_active=True
    )
    if duplicate.exists():
        raise ValidationError({"role": _("The user already holds this role in this scope.")})
    membership = Membership.objects.create(
        user=user,
        role=role,
        country=country,
        site=site,
        programme=programme,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=membership,
        fields=[
            "user",
            "role",
            "country",
            *(["site"] if site else []),
            *(["programme"] if programme else []),
            *(["valid_from"] if valid_from else []),
            *(["valid_until"] if valid_until else []),
        ],
        detail={"user": str(user.uuid), "role": role},
    )
    forget_grants(user)
    return membership


@transaction.atomic
def create_user(
    *,
    email: str,
    full_name: str,
    password: str | None = None,
    acting_user,
    country,
    role: str,
    site=None,
    programme=None,
) -> User:
    """A new user with their first membership; both or neither."""
    _check_can_grant(acting_user, role=role, country=country, site=site, programme=programme)
    if role not in GLOBAL_ROLES and not has_perm_in_country(acting_user, Perm.USER_ADD, country.pk):
        raise OutOfScope(_("You cannot add users in this country."))
    email = User.objects.normalize_email((email or "").strip()).lower()
    full_name = (full_name or "").strip()
    errors = {}
    if not email:
        errors["email"] = _("An e-mail address is required.")
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = _("A user with this e-mail address already exists.")
    if not full_name:
        errors["full_name"] = _("A full name is required.")
    if errors:
        raise ValidationError(errors)
    user = User(email=email, full_name=full_name)
    if password:
        _validate_new_password(password, user)
        user.set_password(password)
    else:
        # The user cannot log in until an administrator sets a password.
        user.set_unusable_password()
    user.save()
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=user,
        country_id=getattr(country, "pk", None),
        fields=["email", "full_name", *(["password"] if password else [])],
    )
    _membership(user, role=role, country=country, site=site, programme=programme, acting_user=acting_user)
    _ensure_user_in_scope(user, acting_user, "view")
    return user


@transaction.atomic
def add_membership(
    user: User,
    *,
    role: str,
    country,
    site=None,
    programme=None,
    acting_user,
    valid_from=None,
    valid_until=None,
) -> Membership:
    _ensure_user_in_scope(user, acting_user, "change")
    _check_can_grant(acting_user, role=role, country=country, site=site, programme=programme)
    membership = _membership(
        user,
        role=role,
        country=country,
        site=site,
        programme=programme,
        acting_user=acting_user,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    ensure_in_scope(membership, acting_user, "view")
    return membership


@transaction.atomic
def end_membership(membership: Membership, *, acting_user) -> Membership:
    """The membership stops granting anything; it is kept, never deleted, for the record."""
    ensure_in_scope(membership, acting_user, "delete")
    _ensure_not_self(
        membership.user, acting_user, _("You cannot end your own membership; ask another administrator.")
    )
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=membership,
        fields=["is_active"],
        detail={"user": str(membership.user.uuid), "role": membership.role},
    )
    forget_grants(membership.user)
    return membership


def end_sessions(user: User) -> int:
    """Delete every session of the user from the session store; returns how many were ended."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    rows = list(UserSession.objects.filter(user=user).values_list("pk", "session_key"))
    for _pk, session_key in rows:
        store_class(session_key=session_key).delete()
    UserSession.objects.filter(pk__in=[pk for pk, _key in rows]).delete()
    return len(rows)


def _revoke_all_tokens(user: User) -> int:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def deactivate_user(user: User, *, acting_user) -> User:
    """The user can no longer log in: their sessions end and their API tokens are revoked."""
    _ensure_user_in_scope(user, acting_user, "change")
    _ensure_manages_whole_user(user, acting_user)
    _ensure_not_self(user, acting_user, _("You cannot deactivate your own account."))
    if not user.is_active:
        return user
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    tokens = _revoke_all_tokens(user)
    sessions = end_sessions(user)
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=user,
        fields=["is_active", "deactivated_at"],
        detail={"tokens_revoked": tokens, "sessions_ended": sessions},
    )
    return user


@transaction.atomic
def reactivate_user(user: User, *, acting_user) -> User:
    """The user may log in again; revoked tokens stay revoked."""
    _ensure_user_in_scope(user, acting_user, "change")
    _ensure_manages_whole_user(user, acting_user)
    if user.is_active:
        return user
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])
    record_event(
        AuditEvent.Action.UPDATE, actor=acting_user, obj=user, fields=["is_active", "deactivated_at"]
    )
    return user


@transaction.atomic
def set_password(user: User, *, password: str, acting_user) -> User:
    """A user's own new password, or one set by an administrator (which ends the user's sessions)."""
    own = user.pk == acting_user.pk
    if not own:
        _ensure_user_in_scope(user, acting_user, "change")
        _ensure_manages_whole_user(user, acting_user)
    _validate_new_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    sessions = 0 if own else end_sessions(user)
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=user,
        fields=["password"],
        detail={"own": own, "sessions_ended": sessions},
    )
    return user


@transaction.atomic
def create_api_token(*, user: User, name: str, acting_user) -> tuple[ApiToken, str]:
    """A new token for the user's own use; returns it with its secret key, which is never stored.

    The caller decides whether the request may mint tokens (a session that passed a real second
    factor); this function only makes sure nobody mints tokens for someone else.
    """
    if user.pk != acting_user.pk or not user.is_active:
        raise OutOfScope(_("You can create API tokens only for yourself."))
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, e.g. the program that will use it.")})
    if len(name) > TOKEN_NAME_MAX_LENGTH:
        raise ValidationError(
            {
                "name": _("The name can be at most %(count)s characters long.")
                % {"count": TOKEN_NAME_MAX_LENGTH}
            }
        )
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:12], key_hash=ApiToken.hash_key(key))
    record_event(
        AuditEvent.Action.TOKEN, actor=acting_user, obj=token, fields=["name"], detail={"event": "created"}
    )
    return token, key


@transaction.atomic
def revoke_api_token(token: ApiToken, *, acting_user) -> ApiToken:
    if not ApiToken.objects.for_user(acting_user).filter(pk=token.pk).exists():
        raise OutOfScope(_("The record would be outside your scope."))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(
        AuditEvent.Action.TOKEN,
        actor=acting_user,
        obj=token,
        fields=["revoked_at"],
        detail={"event": "revoked"},
    )
    return token
