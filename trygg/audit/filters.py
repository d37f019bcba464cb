"""Filters of the audit event list (page and API). Querysets come from `for_user` first."""

import uuid

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from trygg.core.scoping import country_ids_for

from .forms import DateOrDateTimeField, check_range
from .models import AuditEvent


class DateOrDateTimeFilter(django_filters.DateTimeFilter):
    """A time bound on `at` that takes a date or a date and time (see DateOrDateTimeField)."""

    field_class = DateOrDateTimeField


class UserByEmailField(forms.ModelChoiceField):
    """A user picked by e-mail address (any case) from the users the reader may see."""

    widget = forms.EmailInput(attrs={"autocomplete": "off"})
    default_error_messages = {"invalid_choice": _("No user with this e-mail address is in your scope.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "email")
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().lower()
        return super().to_python(value)


class UserByEmailFilter(django_filters.ModelChoiceFilter):
    field_class = UserByEmailField


def users_in_scope(request):
    from trygg.accounts.models import User

    return User.objects.for_user(getattr(request, "user", None), "view")


def audit_countries(request):
    """The countries whose audit trail the reader may read (all operating ones for a global grant)."""
    from trygg.geo.models import Country

    ids = country_ids_for(getattr(request, "user", None), "auditevent.view")
    if ids is None:
        return Country.objects.operating()
    return Country.objects.filter(pk__in=ids)


def filter_concerning_record(queryset, value):
    """A UUID finds everything about that record (including searches that listed it);
    anything else is taken as a readable reference such as KE-P-000123."""
    value = (value or "").strip()
    if not value:
        return queryset
    try:
        return queryset.concerning(uuid.UUID(value))
    except ValueError:
        return queryset.filter(object_reference__iexact=value)


class RangeCheckedForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        check_range(cleaned)
        return cleaned


class AuditEventFilter(django_filters.FilterSet):
    """The data protection officer's event list."""

    since = DateOrDateTimeFilter(field_name="at", lookup_expr="gte", label=_("From"))
    until = DateOrDateTimeFilter(field_name="at", lookup_expr="lte", label=_("Until"), end_of_day=True)
    action = django_filters.ChoiceFilter(
        choices=AuditEvent.Action.choices, label=_("Action"), empty_label=_("Any action")
    )
    actor = UserByEmailFilter(queryset=users_in_scope, label=_("User's e-mail address"))
    record = django_filters.CharFilter(method="filter_record", label=_("Record reference or UUID"))
    country = django_filters.ModelChoiceFilter(
        queryset=audit_countries, label=_("Country"), empty_label=_("All your countries")
    )

    class Meta:
        model = AuditEvent
        fields = ["since", "until", "action", "actor", "record", "country"]
        form = RangeCheckedForm

    def filter_record(self, queryset, name, value):
        return filter_concerning_record(queryset, value)


class AuditEventApiFilter(django_filters.FilterSet):
    """Filters of `/api/v1/audit-events/`."""

    since = DateOrDateTimeFilter(
        field_name="at",
        lookup_expr="gte",
        label=_("Events at or after this moment (ISO 8601 date-time, or a date for its start)."),
    )
    until = DateOrDateTimeFilter(
        field_name="at",
        lookup_expr="lte",
        end_of_day=True,
        label=_("Events at or before this moment (ISO 8601 date-time, or a date for its whole day)."),
    )
    action = django_filters.ChoiceFilter(choices=AuditEvent.Action.choices, label=_("Kind of event."))
    actor = django_filters.UUIDFilter(field_name="actor__uuid", label=_("UUID of the user who acted."))
    object = django_filters.UUIDFilter(
        method="filter_object",
        label=_("UUID of a record: its writes, reads and exports, and the searches whose results listed it."),
    )

    class Meta:
        model = AuditEvent
        fields = ["since", "until", "action", "actor", "object"]
        form = RangeCheckedForm

    def filter_object(self, queryset, name, value):
        return queryset.concerning(value) if value else queryset
