"""Tracing requests: file, change, record consent, match now, close. Each writes its audit event.

Consent to trace is required before anything is matched; once recorded, the request is matched
against the registered children after every commit that changes it (a task).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.models import ReferenceCounter
from trygg.core.scoping import has_perm_in_country
from trygg.core.services import ConflictError, OutOfScope, apply_changes, ensure_in_scope, save_versioned
from trygg.core.text import normalise
from trygg.geo.names import is_language_code
from trygg.people.models import Gender

from ..codes import RequesterRelationship, RequestStatus
from ..models import TracingRequest
from . import matching
from .status import set_request_status

REQUEST_FIELDS = (
    "site",
    "requester_name",
    "requester_relationship",
    "requester_phone",
    "requester_contact",
    "requester_location",
    "given_name",
    "family_name",
    "other_names",
    "name_in_own_script",
    "sex",
    "date_of_birth",
    "approximate_age",
    "age_as_of",
    "place_of_origin",
    "last_seen_place",
    "last_seen_on",
    "separation_circumstances",
    "languages",
    "distinguishing_features",
    "mother_name",
    "father_name",
    "sibling_names",
)
# The fields the engine reads: a change to one of them means matching again.
MATCHED_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "other_names",
        "name_in_own_script",
        "sex",
        "date_of_birth",
        "approximate_age",
        "age_as_of",
        "place_of_origin",
        "mother_name",
        "father_name",
    }
)


def _search_text(request) -> str:
    return normalise(request.given_name, request.family_name, request.other_names, request.reference)


def _validate(data: dict, country) -> None:
    errors = {}
    today = timezone.localdate()
    site = data.get("site")
    if site is not None and site.country_id != country.pk:
        errors["site"] = _("The site must be in the request's country.")
    if not (data.get("given_name") or "").strip():
        errors["given_name"] = _("A given name is required (write 'unknown' if it is not known).")
    if not (data.get("requester_name") or "").strip():
        errors["requester_name"] = _("Say who is asking.")
    if data.get("requester_relationship") not in RequesterRelationship.values:
        errors["requester_relationship"] = _("Say how the person asking is related to the child.")
    if data.get("sex") is not None and data["sex"] not in Gender.values:
        errors["sex"] = _("Unknown sex / gender code.")
    for name in ("date_of_birth", "age_as_of", "last_seen_on"):
        if data.get(name) is not None and data[name] > today:
            errors[name] = _("This date cannot be in the future.")
    if data.get("date_of_birth") is not None and data.get("approximate_age") is not None:
        errors["approximate_age"] = _("Give either a date of birth or an approximate age, not both.")
    age = data.get("approximate_age")
    if age is not None and not 0 <= age <= 30:
        errors["approximate_age"] = _("Give an age between 0 and 30 years.")
    bad = [code for code in data.get("languages") or [] if not is_language_code(str(code))]
    if bad:
        errors["languages"] = _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(map(str, bad))}
    if errors:
        raise ValidationError(errors)


def _check_can_add(user, country, site) -> None:
    if not has_perm_in_country(
        user,
        "tracing.add",
        country.pk,
        site_id=getattr(site, "pk", None),
        programme_id=getattr(site, "programme_id", None),
    ):
        raise OutOfScope(_("You cannot file tracing requests in this country or site."))


def _match_after_commit(request) -> None:
    from .. import tasks

    request_id = request.pk
    transaction.on_commit(lambda: tasks.match_request.delay(request_id))


@transaction.atomic
def file_request(*, country, acting_user, consent_to_trace: bool = False, consent_given_by: str = "", **data):
    """Register a family's tracing request; matched at once when consent to trace is given."""
    _check_can_add(acting_user, country, data.get("site"))
    unknown = set(data) - set(REQUEST_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    data.setdefault("sex", Gender.NOT_SPECIFIED)
    if data.get("approximate_age") is not None and data.get("age_as_of") is None:
        data["age_as_of"] = timezone.localdate()
    _validate(data, country)
    if consent_to_trace and not consent_given_by.strip():
        raise ValidationError({"consent_given_by": _("Say who gave the consent to trace.")})
    request = TracingRequest(country=country, created_by=acting_user, updated_by=acting_user, **data)
    request.reference = f"{country.code}-T-{ReferenceCounter.next_value(f'{country.code}-T'):06d}"
    if consent_to_trace:
        request.consent_to_trace = True
        request.consent_given_by = consent_given_by.strip()
        request.consent_recorded_at = timezone.now()
        request.consent_recorded_by = acting_user
    request.status_changed_at = timezone.now()
    request.search_text = _search_text(request)
    request.save()
    matching.index_request(request)
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=request,
        fields=[*data.keys(), *(["consent_to_trace", "consent_given_by"] if consent_to_trace else [])],
    )
    ensure_in_scope(request, acting_user, "view")
    if request.consent_to_trace:
        _match_after_commit(request)
    return request


def _check_own_country(request, user) -> None:
    """The request belongs to the country that filed it: only that country changes or closes it
    (the child's country, once a match is confirmed, works on the steps that follow)."""
    site = request.site
    if not has_perm_in_country(
        user,
        "tracing.change",
        request.country_id,
        site_id=request.site_id,
        programme_id=getattr(site, "programme_id", None),
    ):
        raise OutOfScope(_("Only the country that filed the request changes it."))


def _check_not_final(request) -> None:
    if request.is_final:
        raise ValidationError(_("This request is closed: nothing more can be recorded on it."))


@transaction.atomic
def update_request(request, *, acting_user, expected_version: int, **data) -> TracingRequest:
    unknown = set(data) - set(REQUEST_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    ensure_in_scope(request, acting_user, "change")
    _check_own_country(request, acting_user)
    _check_not_final(request)
    merged = {name: getattr(request, name) for name in REQUEST_FIELDS} | data
    if merged.get("approximate_age") is not None and merged.get("age_as_of") is None:
        data["age_as_of"] = merged["age_as_of"] = timezone.localdate()
    _validate(merged, request.country)
    changed = apply_changes(request, data)
    request.search_text = _search_text(request)
    save_versioned(
        request, expected_version=expected_version, acting_user=acting_user, changed=[*changed, "search_text"]
    )
    matching.index_request(request)
    if changed:
        record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=request, fields=changed)
    ensure_in_scope(request, acting_user, "change")
    if request.consent_to_trace and request.is_searching and MATCHED_FIELDS & set(changed):
        _match_after_commit(request)
    return request


@transaction.atomic
def record_consent(request, *, acting_user, expected_version: int, given_by: str) -> TracingRequest:
    """The family (or whoever may) agrees that the child is searched for; matching starts."""
    ensure_in_scope(request, acting_user, "change")
    _check_own_country(request, acting_user)
    _check_not_final(request)
    if not (given_by or "").strip():
        raise ValidationError({"given_by": _("Say who gave the consent to trace.")})
    request.consent_to_trace = True
    request.consent_given_by = given_by.strip()
    request.consent_recorded_at = timezone.now()
    request.consent_recorded_by = acting_user
    save_versioned(
        request,
        expected_version=expected_version,
        acting_user=acting_user,
        changed=["consent_to_trace", "consent_given_by", "consent_recorded_at", "consent_recorded_by"],
    )
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=request,
        fields=["consent_to_trace", "consent_given_by"],
    )
    if request.is_searching:
        _match_after_commit(request)
    return request


def run_matching(request, *, acting_user) -> list:
    """Match the request now (a tracing officer's "search again"); the new proposals."""
    ensure_in_scope(request, acting_user, "change")
    _check_own_country(request, acting_user)
    if not request.consent_to_trace:
        raise ValidationError({"consent_to_trace": _("Record the consent to trace before matching.")})
    if not request.is_searching:
        raise ValidationError(_("Only a request that is still searching is matched."))
    return matching.match_request(request, acting_user=acting_user)


@transaction.atomic
def close_request(request, *, acting_user, expected_version: int, reason: str) -> TracingRequest:
    """Close the request with a reason (found by other means, family withdrew, monitoring over, ...)."""
    ensure_in_scope(request, acting_user, "change")
    _check_own_country(request, acting_user)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the request is closed.")})
    current = TracingRequest.objects.filter(pk=request.pk).values_list("version", flat=True).first()
    if current != expected_version:
        raise ConflictError(request, expected_version, current)
    set_request_status(request, RequestStatus.CLOSED, acting_user=acting_user, closure_reason=reason.strip())
    matching.index_request(request)
    return request
