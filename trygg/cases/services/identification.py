"""Trafficking identification on a case: screenings, the trafficking profile, the route.

Everything here is sensitive: a user needs `sensitive.trafficking` in the case's country (and
site) to see or write it, and `sensitive.sexual_exploitation` as well for the type of sexual
exploitation. Pages, API, search and timeline ask `user_may_see_trafficking` before showing
content; users without it see that the sections exist, never what they hold.

Every write runs in one transaction with its audit event (field names only: audit readers may
lack the sensitive permission) and a timeline line marked `sensitivity="sensitive.trafficking"`.
"""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trygg.accounts.roles import Perm
from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import grants_for, has_perm_in_country
from trygg.core.services import OutOfScope, apply_changes, ensure_in_scope, save_versioned, soft_delete
from trygg.geo.models import Country, Location

from ..codes import (
    DecisionMakingOrg,
    RelationshipToTrafficker,
    ScreeningAnswerValue,
    TraffickingAct,
    TraffickingEventType,
    TraffickingStatus,
)
from ..models import (
    Case,
    CasePart,
    Screening,
    ScreeningAnswer,
    ScreeningRule,
    TraffickingEvent,
    TraffickingProfile,
)
from ..models.identification import PROFILE_MULTI_CHOICES
from .screening_rule import DEFAULT_COMBINATIONS, AnswerFact, child_basis, evaluate_screening
from .timeline import record_case_event

SENSITIVITY = Perm.SENSITIVE_TRAFFICKING

# Timeline kinds written here, with their labels (the case timeline translates them).
TIMELINE_KINDS = {
    "screening_recorded": gettext_lazy("Trafficking screening recorded"),
    "screening_changed": gettext_lazy("Trafficking screening changed"),
    "trafficking_profile_recorded": gettext_lazy("Trafficking profile recorded"),
    "trafficking_profile_changed": gettext_lazy("Trafficking profile changed"),
    "trafficking_event_added": gettext_lazy("Route event added"),
    "trafficking_event_changed": gettext_lazy("Route event changed"),
    "trafficking_event_removed": gettext_lazy("Route event removed"),
}


# --- who may see it ---------------------------------------------------------------------------


def _scope_of(case_or_country):
    """(country id, case or None) for a case, a part of a case, a country or a country id."""
    if isinstance(case_or_country, Case):
        return case_or_country.country_id, case_or_country
    if isinstance(case_or_country, CasePart):
        return case_or_country.case.country_id, case_or_country.case
    if isinstance(case_or_country, Country):
        return case_or_country.pk, None
    return case_or_country, None


def _may(user, permission: str, case_or_country) -> bool:
    country_id, case = _scope_of(case_or_country)
    site_id = case.site_id if case is not None else None
    programme_id = None
    if site_id is not None and any(
        g.programme_id is not None and g.country_id == country_id for g in grants_for(user, permission)
    ):
        # Only a programme-level grant needs the site's programme (one query unless preloaded).
        programme_id = case.site.programme_id
    return has_perm_in_country(user, permission, country_id, site_id=site_id, programme_id=programme_id)


def user_may_see_trafficking(user, case_or_country) -> bool:
    """May the user see trafficking details (screenings, profile, route, exploitation types) here?

    Pass a case (or a part of one) for a record, a country (or its id) for a country-wide
    question such as offering the exploitation-type filter on the case list.
    """
    return _may(user, Perm.SENSITIVE_TRAFFICKING, case_or_country)


def user_may_see_sexual_exploitation(user, case_or_country) -> bool:
    """The type of sexual exploitation needs both sensitive permissions."""
    return user_may_see_trafficking(user, case_or_country) and _may(
        user, Perm.SENSITIVE_SEXUAL_EXPLOITATION, case_or_country
    )


def may_on_case(user, permission: str, case) -> bool:
    """Does the user hold `permission` where this case is (country, site or programme)?"""
    return _may(user, permission, case)


def _require_trafficking(user, case) -> None:
    """May the user write trafficking details on this case now?"""
    # After a transfer the sending country keeps a summary only: no trafficking details there.
    if case.summary_only or not user_may_see_trafficking(user, case):
        raise OutOfScope(_("The record would be outside your scope."))
    if case.is_closed:
        raise ValidationError(_("The case is closed: reopen it before changing it."))


def filter_cases_by_exploitation_type(cases, code: str):
    """Cases whose trafficking profile lists this type of exploitation (SQLite and PostgreSQL).

    Only for users who may see trafficking details: the caller checks `user_may_see_trafficking`.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        return cases.filter(trafficking_profile__types_of_exploitation__contains=[code])
    # SQLite has no JSON containment: match the quoted code in the stored JSON text. Codes are
    # letters only, so the quotes make it an exact element match.
    return cases.filter(trafficking_profile__types_of_exploitation__icontains=f'"{code}"')


# --- screenings ---------------------------------------------------------------------------------


def rule_for(country_id) -> ScreeningRule | None:
    """The country's screening rule, else the organisation's default (None: built-in default)."""
    rules = {
        rule.country_id: rule
        for rule in ScreeningRule.objects.alive().filter(Q(country_id=country_id) | Q(country__isnull=True))
    }
    return rules.get(country_id) or rules.get(None)


def _validate_answers(indicator_list, answers: Iterable[Mapping]) -> dict[str, tuple[str, str]]:
    given: dict[str, tuple[str, str]] = {}
    errors = []
    for item in answers:
        code = str(item.get("indicator", ""))
        answer = item.get("answer") or ScreeningAnswerValue.UNKNOWN
        if code in given:
            errors.append(_("The indicator %(code)s is answered twice.") % {"code": code})
        if answer not in ScreeningAnswerValue.values:
            errors.append(_("Unknown answer for %(code)s: use yes, no or unknown.") % {"code": code})
        given[code] = (answer, str(item.get("note") or "").strip())
    active = {i.code: i for i in indicator_list.indicators.filter(is_active=True, is_deleted=False)}
    unknown = sorted(set(given) - set(active))
    if unknown:
        errors.append(
            _("These indicators are not in use in the list %(list)s: %(codes)s.")
            % {"list": indicator_list.code, "codes": ", ".join(unknown)}
        )
    if errors:
        raise ValidationError({"answers": errors})
    return given


def _validate_acts(acts) -> list[str]:
    acts = list(acts or [])
    unknown = sorted({str(a) for a in acts} - set(TraffickingAct.values))
    if unknown:
        raise ValidationError(
            {"acts": _("Unknown codes for the act: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return [act for act in TraffickingAct.values if act in acts]


def _validate_screened_at(screened_at):
    if screened_at is None:
        return timezone.now()
    if timezone.is_naive(screened_at):
        screened_at = timezone.make_aware(screened_at)
    if screened_at > timezone.now():
        raise ValidationError({"screened_at": _("The screening cannot be in the future.")})
    return screened_at


def _basis_for(case, screened_at) -> str:
    age = case.child.age_on(timezone.localtime(screened_at).date())
    first = TraffickingProfile.objects.filter(case=case).values_list("age_when_first_trafficked", flat=True)
    return child_basis(age, first.first())


def _evaluate(screening: Screening, answers_by_indicator: dict) -> None:
    """Recompute the stored result with the case country's current rule."""
    rule = rule_for(screening.case.country_id)
    combinations = rule.combinations if rule is not None else DEFAULT_COMBINATIONS
    facts = [
        AnswerFact(
            code=indicator.code,
            dimension=indicator.dimension,
            strength=indicator.strength,
            answer=answer,
            text=indicator.text,
            translations=indicator.translations,
        )
        for indicator, answer in answers_by_indicator.items()
    ]
    result = evaluate_screening(
        facts,
        acts=screening.acts,
        combinations=combinations,
        basis=_basis_for(screening.case, screening.screened_at),
    )
    screening.outcome = result.outcome
    screening.result = result.as_json()
    screening.rule = rule
    screening.rule_version = rule.version if rule is not None else None
    screening.rule_combinations = list(combinations)


def _record(case, kind, obj, acting_user, action, fields, detail=None):
    record_event(action, actor=acting_user, obj=obj, fields=fields, detail={"case": str(case.uuid)})
    record_case_event(case, kind, actor=acting_user, obj=obj, sensitivity=SENSITIVITY, detail=detail or {})


@transaction.atomic
def record_screening(
    case: Case,
    *,
    acting_user,
    indicator_list,
    answers: Iterable[Mapping] = (),
    acts: Iterable[str] = (),
    screened_at=None,
    notes: str = "",
) -> Screening:
    """Record a screening: every active indicator of the list answered (unanswered = unknown)."""
    ensure_in_scope(case, acting_user, "change")
    _require_trafficking(acting_user, case)
    if not indicator_list.is_active or indicator_list.is_deleted:
        raise ValidationError({"indicator_list": _("This indicator list is not in use.")})
    given = _validate_answers(indicator_list, answers)
    screening = Screening(
        case=case,
        indicator_list=indicator_list,
        screened_at=_validate_screened_at(screened_at),
        screened_by=acting_user,
        acts=_validate_acts(acts),
        notes=(notes or "").strip(),
        created_by=acting_user,
        updated_by=acting_user,
    )
    indicators = list(indicator_list.indicators.filter(is_active=True, is_deleted=False))
    answers_by_indicator = {i: given.get(i.code, (ScreeningAnswerValue.UNKNOWN, ""))[0] for i in indicators}
    _evaluate(screening, answers_by_indicator)
    screening.save()
    ScreeningAnswer.objects.bulk_create(
        [
            ScreeningAnswer(
                screening=screening,
                indicator=indicator,
                answer=given.get(indicator.code, (ScreeningAnswerValue.UNKNOWN, ""))[0],
                note=given.get(indicator.code, ("", ""))[1],
            )
            for indicator in indicators
        ]
    )
    _record(
        case,
        "screening_recorded",
        screening,
        acting_user,
        AuditEvent.Action.CREATE,
        ["indicator_list", "screened_at", "acts", "answers", "notes"],
        detail={"outcome": screening.outcome},
    )
    ensure_in_scope(screening, acting_user, "view")
    return screening


@transaction.atomic
def update_screening(
    screening: Screening,
    *,
    acting_user,
    expected_version: int,
    answers: Iterable[Mapping] | None = None,
    acts: Iterable[str] | None = None,
    screened_at=None,
    notes: str | None = None,
) -> Screening:
    """Correct a screening; the result is recomputed with the country's current rule."""
    ensure_in_scope(screening, acting_user, "change")
    _require_trafficking(acting_user, screening.case)
    data = {}
    if acts is not None:
        data["acts"] = _validate_acts(acts)
    if screened_at is not None:
        data["screened_at"] = _validate_screened_at(screened_at)
    if notes is not None:
        data["notes"] = notes.strip()
    changed = apply_changes(screening, data)
    rows = list(screening.answers.select_related("indicator"))
    if answers is not None:
        given = _validate_answers(screening.indicator_list, answers)
        edited = []
        for row in rows:
            if row.indicator.code in given and (row.answer, row.note) != given[row.indicator.code]:
                row.answer, row.note = given[row.indicator.code]
                edited.append(row)
        if edited:
            ScreeningAnswer.objects.bulk_update(edited, ["answer", "note"])
            changed.append("answers")
    before = (screening.outcome, screening.result)
    _evaluate(screening, {row.indicator: row.answer for row in rows})
    recomputed = ["outcome", "result", "rule", "rule_version", "rule_combinations"]
    save_versioned(
        screening,
        expected_version=expected_version,
        acting_user=acting_user,
        changed=[name for name in changed if name != "answers"] + recomputed,
    )
    if changed or before != (screening.outcome, screening.result):
        _record(
            screening.case,
            "screening_changed",
            screening,
            acting_user,
            AuditEvent.Action.UPDATE,
            changed,
            detail={"outcome": screening.outcome},
        )
    return screening


# --- the trafficking profile ------------------------------------------------------------------

PROFILE_FIELDS = (
    "trafficking_status",
    "decided_by_org",
    "decided_at",
    *PROFILE_MULTI_CHOICES,
    "relationship_to_trafficker",
    "age_when_first_trafficked",
    "non_punishment",
    "notes",
)
PROFILE_SINGLE_CHOICES = {
    "trafficking_status": TraffickingStatus,
    "decided_by_org": DecisionMakingOrg,
    "relationship_to_trafficker": RelationshipToTrafficker,
}


def normalise_codes(name: str, values, choices) -> list[str]:
    """A multi-select's codes in code-list order, each once; unknown codes name the field."""
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValidationError({name: _("Give a list of codes.")})
    values = [str(v) for v in values]
    unknown = sorted(set(values) - set(choices.values))
    if unknown:
        raise ValidationError(
            {
                name: _("Unknown codes for %(field)s: %(codes)s.")
                % {"field": name, "codes": ", ".join(unknown)}
            }
        )
    return [code for code in choices.values if code in values]


def _validate_profile(case, data: dict, acting_user) -> dict:
    unknown = set(data) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    if "type_of_sex_exploitation" in data and not user_may_see_sexual_exploitation(acting_user, case):
        raise ValidationError(
            {
                "type_of_sex_exploitation": _(
                    "You do not have permission to record the type of sexual exploitation."
                )
            }
        )
    clean = dict(data)
    for name, choices in PROFILE_MULTI_CHOICES.items():
        if name in clean:
            clean[name] = normalise_codes(name, clean[name], choices)
    errors = {}
    for name, choices in PROFILE_SINGLE_CHOICES.items():
        if name in clean:
            clean[name] = clean[name] or ""
            if clean[name] and clean[name] not in choices.values:
                errors[name] = _("Unknown code for %(field)s: %(code)s.") % {
                    "field": name,
                    "code": clean[name],
                }
    age = clean.get("age_when_first_trafficked")
    if age is not None:
        current = case.child.age
        if age < 0 or age > 120 or (current is not None and age > current):
            errors["age_when_first_trafficked"] = _(
                "The age when first trafficked must be a whole number of years, no more than the child's age."
            )
    decided_at = clean.get("decided_at")
    if decided_at is not None and decided_at > timezone.now():
        errors["decided_at"] = _("The decision cannot be in the future.")
    if "notes" in clean:
        clean["notes"] = (clean["notes"] or "").strip()
    if errors:
        raise ValidationError(errors)
    return clean


def _decision(profile, clean: dict, acting_user) -> None:
    """Who recorded the trafficking status and when: set whenever the status changes."""
    if "trafficking_status" not in clean or clean["trafficking_status"] == profile.trafficking_status:
        return
    if clean["trafficking_status"]:
        clean["decided_by"] = acting_user
        clean["decided_at"] = clean.get("decided_at") or timezone.now()
    else:
        clean["decided_by"] = None
        clean["decided_at"] = None


@transaction.atomic
def save_trafficking_profile(
    case: Case, *, acting_user, expected_version: int | None = None, **data
) -> TraffickingProfile:
    """Create the case's trafficking profile, or update it (a stale version is a conflict)."""
    ensure_in_scope(case, acting_user, "change")
    _require_trafficking(acting_user, case)
    clean = _validate_profile(case, data, acting_user)
    profile = TraffickingProfile.objects.select_for_update().filter(case=case).first()
    if profile is None:
        profile = TraffickingProfile(case=case, created_by=acting_user, updated_by=acting_user)
        _decision(profile, clean, acting_user)
        for name, value in clean.items():
            setattr(profile, name, value)
        profile.save()
        fields = sorted(clean)
        _record(case, "trafficking_profile_recorded", profile, acting_user, AuditEvent.Action.CREATE, fields)
        return profile
    _decision(profile, clean, acting_user)
    changed = apply_changes(profile, clean)
    save_versioned(profile, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        # The timeline names the fields that changed, never their values.
        shown = [name for name in changed if name != "type_of_sex_exploitation"]
        _record(
            case,
            "trafficking_profile_changed",
            profile,
            acting_user,
            AuditEvent.Action.UPDATE,
            changed,
            detail={"fields": shown},
        )
    return profile


# --- the route ----------------------------------------------------------------------------------

EVENT_FIELDS = ("kind", "event_country", "place", "place_text", "started_on", "ended_on", "description")


def _validate_event(data: dict, acting_user) -> dict:
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    errors = {}
    if data.get("kind") not in TraffickingEventType.values:
        errors["kind"] = _("Choose recruitment, transit or exploitation.")
    country = data.get("event_country")
    if country is None:
        errors["event_country"] = _("Choose the country where it happened.")
    place = data.get("place")
    if place is not None:
        if not Location.objects.for_user(acting_user).filter(pk=place.pk).exists():
            errors["place"] = _("Not found.")
        elif country is not None and place.country_id != country.pk:
            errors["place"] = _("The place must be in the country where it happened.")
    started, ended = data.get("started_on"), data.get("ended_on")
    today = timezone.localdate()
    if started is not None and started > today:
        errors["started_on"] = _("The date cannot be in the future.")
    if ended is not None and ended > today:
        errors["ended_on"] = _("The date cannot be in the future.")
    if started is not None and ended is not None and ended < started:
        errors["ended_on"] = _("The end date cannot be before the start date.")
    if errors:
        raise ValidationError(errors)
    data = dict(data)
    for name in ("place_text", "description"):
        data[name] = (data.get(name) or "").strip()
    return data


@transaction.atomic
def add_trafficking_event(case: Case, *, acting_user, **data) -> TraffickingEvent:
    ensure_in_scope(case, acting_user, "change")
    _require_trafficking(acting_user, case)
    clean = _validate_event(data, acting_user)
    event = TraffickingEvent.objects.create(
        case=case, created_by=acting_user, updated_by=acting_user, **clean
    )
    _record(
        case,
        "trafficking_event_added",
        event,
        acting_user,
        AuditEvent.Action.CREATE,
        sorted(clean),
        detail={"kind": event.kind},
    )
    return event


@transaction.atomic
def update_trafficking_event(event: TraffickingEvent, *, acting_user, expected_version: int, **data):
    ensure_in_scope(event, acting_user, "change")
    _require_trafficking(acting_user, event.case)
    merged = {name: getattr(event, name) for name in EVENT_FIELDS} | data
    clean = _validate_event(merged, acting_user)
    changed = apply_changes(event, {name: clean[name] for name in data})
    save_versioned(event, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        _record(
            event.case,
            "trafficking_event_changed",
            event,
            acting_user,
            AuditEvent.Action.UPDATE,
            changed,
            detail={"kind": event.kind},
        )
    return event


@transaction.atomic
def remove_trafficking_event(event: TraffickingEvent, *, acting_user, expected_version: int) -> None:
    """Soft delete: a route event recorded by mistake is hidden, not erased."""
    ensure_in_scope(event, acting_user, "change")
    _require_trafficking(acting_user, event.case)
    soft_delete(event, acting_user=acting_user, expected_version=expected_version)
    _record(
        event.case,
        "trafficking_event_removed",
        event,
        acting_user,
        AuditEvent.Action.DELETE,
        ["is_deleted"],
        detail={"kind": event.kind},
    )


def route(case, user):
    """The case's route events in date order (undated last), or none if the user may not see them."""
    if not user_may_see_trafficking(user, case):
        return TraffickingEvent.objects.none()
    return TraffickingEvent.objects.for_user(user).filter(case=case).select_related("event_country", "place")
