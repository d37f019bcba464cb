"""Forms of the data protection officer's pages: time ranges and looking up a record."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent


class DateOrDateTimeField(forms.Field):
    """A point in time typed as a date (2026-05-01) or a date and time (2026-05-01T14:30).

    Naive values are read in the current time zone. A date alone means the start of that day, or
    its end when `end_of_day` is set, so that "until 2026-05-01" includes the whole of that day.
    """

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    default_error_messages = {
        "invalid": _("Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM)."),
    }

    def __init__(self, *, end_of_day: bool = False, **kwargs):
        self.end_of_day = end_of_day
        super().__init__(**kwargs)

    def _parse(self, value) -> tuple[datetime.datetime | None, bool]:
        """(the moment, whether only a date was given); (None, False) when it is not readable."""
        if isinstance(value, datetime.datetime):
            return value, False
        if isinstance(value, datetime.date):
            return datetime.datetime.combine(value, datetime.time.min), True
        text = str(value).strip().replace(" ", "T", 1)
        try:
            # The date first: Python reads a bare date as a datetime at midnight too.
            day = parse_date(text)
            if day is not None:
                return datetime.datetime.combine(day, datetime.time.min), True
            return parse_datetime(text), False
        except ValueError:
            return None, False

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        moment, date_only = self._parse(value)
        if moment is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if date_only and self.end_of_day:
            moment = datetime.datetime.combine(moment.date(), datetime.time.max)
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def bound_data(self, data, initial):
        # Show what the server understood in the datetime-local input, which cannot display a
        # bare date.
        moment, date_only = self._parse(data) if data not in self.empty_values else (None, False)
        if moment is None:
            return data
        if date_only:
            return f"{moment.date().isoformat()}T{'23:59' if self.end_of_day else '00:00'}"
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%Y-%m-%dT%H:%M")


def check_range(cleaned_data: dict) -> None:
    since, until = cleaned_data.get("since"), cleaned_data.get("until")
    if since and until and since > until:
        raise ValidationError({"until": _("The end of the period must not be before its start.")})


class TimeRangeForm(forms.Form):
    """From when until when, plus an optional kind of event, for the record and user pages."""

    since = DateOrDateTimeField(label=_("From"), required=False)
    until = DateOrDateTimeField(label=_("Until"), required=False, end_of_day=True)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("Any action")), *AuditEvent.Action.choices]
    )

    def clean(self):
        cleaned = super().clean()
        check_range(cleaned)
        return cleaned

    def apply(self, events):
        """Restrict the events to the period and action; call only on a valid form."""
        data = self.cleaned_data
        if data.get("since"):
            events = events.filter(at__gte=data["since"])
        if data.get("until"):
            events = events.filter(at__lte=data["until"])
        if data.get("action"):
            events = events.filter(action=data["action"])
        return events


class RecordLookupForm(forms.Form):
    """Find a person's or household's access history by its reference (KE-P-000123) or UUID."""

    record = forms.CharField(
        label=_("Record reference or UUID"),
        max_length=60,
        help_text=_("For example KE-P-000123."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
