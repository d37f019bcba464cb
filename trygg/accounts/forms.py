"""Forms for logging in, the second factor, users, memberships, passwords and API tokens.

Choice fields offer only what the acting user may grant: countries where they hold
`membership.add`, sites and programmes from `for_user`. The services check again.
"""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trygg.core.scoping import country_ids_for
from trygg.geo.models import Country, Programme, Site

from .roles import GLOBAL_ROLES, Perm, Role
from .second_factor import normalise_code
from .services import TOKEN_NAME_MAX_LENGTH


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's validation error on the fields it names, the rest at the top of the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            field = "password1" if name == "password" else name
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class EmailAuthenticationForm(AuthenticationForm):
    """E-mail and password. The field is called "username" because django-axes counts failures
    per value of that field; Django's AuthenticationForm passes the request on to authenticate()."""

    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        # The same message for a wrong password, an unknown address and a deactivated account.
        "invalid_login": _("The e-mail address or password is not correct."),
        "inactive": _("The e-mail address or password is not correct."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise ValidationError(_("Enter a code."))
        return code


class TotpConfirmForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code shown in your authenticator app"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "pattern": "[0-9 ]*",
            }
        ),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not (len(code) == 6 and code.isdigit()):
            raise ValidationError(_("Enter the six digits shown in your authenticator app."))
        return code


class NewPasswordMixin(forms.Form):
    """Two password fields that must match; strength is checked by the service (Django's
    validators: at least 12 characters, not a common password)."""

    password_required = True

    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters. A few unrelated words make a strong password that is easy to type."
        ),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].required = self.password_required
        self.fields["password2"].required = self.password_required

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if (first or second) and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


class SetPasswordForm(NewPasswordMixin):
    pass


class OwnPasswordChangeForm(NewPasswordMixin):
    current_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["current_password", "password1", "password2"]

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_current_password(self):
        password = self.cleaned_data["current_password"]
        if not self.user.check_password(password):
            raise ValidationError(_("Your current password is not correct."))
        return password


class ScopedLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("%(name)s (%(country)s)") % {"name": obj.name, "country": obj.country}


class MembershipFieldsMixin(forms.Form):
    """Role and scope, restricted to what the acting user may grant."""

    role = forms.ChoiceField(label=_("Role"))
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Country.objects.none(),
        required=False,
        help_text=_("Leave empty only for the system administrator role, which covers all countries."),
    )
    programme = ScopedLabelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        help_text=_("Optional: limit the role to one programme."),
    )
    site = ScopedLabelChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        required=False,
        help_text=_("Optional: limit the role to one site, e.g. one SOS Children's Village."),
    )

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.acting_user = acting_user
        country_ids = country_ids_for(acting_user, Perm.MEMBERSHIP_ADD)
        is_global = country_ids is None
        countries = Country.objects.operating() if is_global else Country.objects.filter(pk__in=country_ids)
        self.fields["country"].queryset = countries
        self.fields["role"].choices = [
            (value, label) for value, label in Role.choices if is_global or value not in GLOBAL_ROLES
        ]
        if not is_global:
            self.fields["country"].required = True
            self.fields["country"].help_text = ""
        self.fields["programme"].queryset = (
            Programme.objects.for_user(acting_user, "view")
            .filter(country__in=countries)
            .select_related("country")
        )
        self.fields["site"].queryset = (
            Site.objects.for_user(acting_user, "view").filter(country__in=countries).select_related("country")
        )

    def clean(self):
        cleaned = super().clean()
        role, country = cleaned.get("role"), cleaned.get("country")
        if role in GLOBAL_ROLES:
            for name in ("country", "programme", "site"):
                if cleaned.get(name):
                    self.add_error(
                        name, _("The system administrator role covers all countries: leave this empty.")
                    )
        elif role and not country and "country" not in self.errors:
            self.add_error("country", _("Choose the country this role applies to."))
        for name in ("programme", "site"):
            value = cleaned.get(name)
            if value is not None and country is not None and value.country_id != country.pk:
                self.add_error(name, _("Choose one in the selected country."))
        return cleaned

    def membership_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "country": data.get("country"),
            "site": data.get("site"),
            "programme": data.get("programme"),
        }


class UserCreateForm(MembershipFieldsMixin, NewPasswordMixin):
    password_required = False

    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    field_order = ["email", "full_name", "role", "country", "programme", "site", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("Password")
        self.fields["password1"].help_text = _(
            "Optional. At least 12 characters. Without a password the user cannot log in until one is set."
        )
        self.fields["password2"].label = _("Password again")


class MembershipForm(MembershipFieldsMixin):
    valid_from = forms.DateField(
        label=_("Valid from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Valid until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def membership_kwargs(self) -> dict:
        return super().membership_kwargs() | {
            "valid_from": self.cleaned_data.get("valid_from"),
            "valid_until": self.cleaned_data.get("valid_until"),
        }


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Search by name or e-mail address"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("active", _("Active")), ("inactive", _("Deactivated"))],
    )


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=TOKEN_NAME_MAX_LENGTH,
        help_text=_("Say what will use the token, e.g. “monthly statistics script”."),
    )
