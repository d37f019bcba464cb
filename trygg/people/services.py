"""State changes on persons, relationships and households. Each writes its audit event."""

from datetime import date

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.models import ReferenceCounter
from trygg.core.scoping import has_perm_in_country
from trygg.core.services import OutOfScope, apply_changes, ensure_in_scope, save_versioned, soft_delete
from trygg.core.text import normalise
from trygg.geo.names import is_language_code

from . import phonetic
from .models import Gender, Household, HouseholdMember, Person, PersonNameKey, Relationship

PERSON_FIELDS = (
    "site",
    "given_name",
    "family_name",
    "other_names",
    "name_in_own_script",
    "gender",
    "date_of_birth",
    "date_of_birth_is_estimate",
    "languages",
    "place_of_origin",
    "place_of_origin_detail",
)
HOUSEHOLD_FIELDS = ("site", "name", "location", "address")


def estimated_date_of_birth(years: int, today: date | None = None) -> date:
    """The 1 July that makes someone exactly `years` old today: the date stored for an estimated age.

    Mid-year keeps the error of an estimate in whole years at most six months either way.
    """
    today = today or timezone.localdate()
    year = today.year - years - (1 if (today.month, today.day) < (7, 1) else 0)
    return date(year, 7, 1)


def _next_reference(country, letter: str) -> str:
    number = ReferenceCounter.next_value(f"{country.code}-{letter}")
    return f"{country.code}-{letter}-{number:06d}"


def _person_search_text(person: Person) -> str:
    return normalise(
        person.given_name,
        person.family_name,
        person.other_names,
        person.name_in_own_script,
        person.reference,
    )


def index_names(person: Person) -> None:
    """Write the person's name search keys (`PersonNameKey`) afresh from their names."""
    keys = phonetic.keys(person.given_name, person.family_name, person.other_names, person.name_in_own_script)
    PersonNameKey.objects.filter(person=person).exclude(key__in=keys).delete()
    present = set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True))
    PersonNameKey.objects.bulk_create(
        [
            PersonNameKey(person=person, country_id=person.country_id, key=key)
            for key in keys
            if key not in present
        ]
    )


def _tell_tracing(person: Person) -> None:
    """Family tracing keeps its own index of children and matches them against open tracing
    requests; it is told here, explicitly, when it is installed."""
    if apps.is_installed("trygg.tracing"):
        from trygg.tracing.services.matching import person_saved

        person_saved(person)


def _check_can_write(user, permission: str, country, site) -> None:
    if not has_perm_in_country(
        user,
        permission,
        country.pk,
        site_id=getattr(site, "pk", None),
        programme_id=getattr(site, "programme_id", None),
    ):
        raise OutOfScope(_("You cannot add records in this country or site."))


def _validate_person(data: dict, country) -> None:
    errors = {}
    site = data.get("site")
    if site is not None and site.country_id != country.pk:
        errors["site"] = _("The site must be in the person's country.")
    place = data.get("place_of_origin")
    if place is not None and place.country_id != country.pk and not data.get("place_of_origin_detail"):
        # A child may come from another country; locations of other countries are not in the
        # user's scope, so the form only offers this country's places.
        errors["place_of_origin"] = _("The place of origin must be in the person's country.")
    languages = data.get("languages") or []
    bad = [code for code in languages if not is_language_code(str(code))]
    if bad:
        errors["languages"] = _("Unknown language codes: %(codes)s.") % {"codes": ", ".join(map(str, bad))}
    if not (data.get("given_name") or "").strip():
        errors["given_name"] = _("A given name is required (write 'unknown' if it is not known).")
    gender = data.get("gender")
    if gender is not None and gender not in Gender.values:
        errors["gender"] = _("Unknown sex / gender code.")
    born = data.get("date_of_birth")
    if born is not None and born > timezone.localdate():
        errors["date_of_birth"] = _("The date of birth cannot be in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register_person(*, country, acting_user, nationalities=(), **data) -> Person:
    _check_can_write(acting_user, "person.add", country, data.get("site"))
    _validate_person(data, country)
    person = Person(country=country, created_by=acting_user, updated_by=acting_user, **data)
    person.reference = _next_reference(country, "P")
    person.search_text = _person_search_text(person)
    person.save()
    index_names(person)
    _tell_tracing(person)
    if nationalities:
        person.nationalities.set(nationalities)
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=person,
        fields=[*data.keys(), *(["nationalities"] if nationalities else [])],
    )
    ensure_in_scope(person, acting_user, "view")
    return person


@transaction.atomic
def update_person(
    person: Person, *, acting_user, expected_version: int, nationalities=None, **data
) -> Person:
    unknown = set(data) - set(PERSON_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    ensure_in_scope(person, acting_user, "change")
    merged = {name: getattr(person, name) for name in PERSON_FIELDS} | data
    _validate_person(merged, person.country)
    changed = apply_changes(person, data)
    if nationalities is not None and set(nationalities) != set(person.nationalities.all()):
        person.nationalities.set(nationalities)
        changed_m2m = ["nationalities"]
    else:
        changed_m2m = []
    person.search_text = _person_search_text(person)
    save_versioned(
        person,
        expected_version=expected_version,
        acting_user=acting_user,
        changed=[*changed, "search_text"],
    )
    index_names(person)
    _tell_tracing(person)
    if changed or changed_m2m:
        record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=person, fields=changed + changed_m2m)
    # The edit may have moved the person to a site outside the user's scope: roll back if so.
    ensure_in_scope(person, acting_user, "change")
    return person


@transaction.atomic
def delete_person(person: Person, *, acting_user, expected_version: int) -> None:
    """Soft delete: the record is hidden, not erased (erasure is a reviewed workflow)."""
    ensure_in_scope(person, acting_user, "delete")
    soft_delete(person, acting_user=acting_user, expected_version=expected_version)
    record_event(AuditEvent.Action.DELETE, actor=acting_user, obj=person, fields=["is_deleted"])


@transaction.atomic
def add_relationship(
    *, person: Person, relative: Person, kind: str, acting_user, is_primary_caregiver=False, notes=""
) -> Relationship:
    ensure_in_scope(person, acting_user, "view")
    ensure_in_scope(relative, acting_user, "view")
    _check_can_write(acting_user, "relationship.add", person.country, person.site)
    if person.pk == relative.pk:
        raise ValidationError({"relative": _("A person cannot be their own relative.")})
    if kind not in Relationship.Kind.values:
        raise ValidationError({"kind": _("Unknown relationship: %(kind)s.") % {"kind": kind}})
    relationship = Relationship.objects.create(
        country=person.country,
        person=person,
        relative=relative,
        kind=kind,
        is_primary_caregiver=is_primary_caregiver,
        notes=notes,
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=relationship,
        fields=["person", "relative", "kind"],
        detail={"person": str(person.uuid), "relative": str(relative.uuid)},
    )
    return relationship


@transaction.atomic
def update_relationship(
    relationship: Relationship, *, acting_user, expected_version: int, **data
) -> Relationship:
    allowed = {"kind", "is_primary_caregiver", "notes"}
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    if "kind" in data and data["kind"] not in Relationship.Kind.values:
        raise ValidationError({"kind": _("Unknown relationship: %(kind)s.") % {"kind": data["kind"]}})
    ensure_in_scope(relationship, acting_user, "change")
    changed = apply_changes(relationship, data)
    save_versioned(relationship, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=relationship, fields=changed)
    return relationship


@transaction.atomic
def remove_relationship(relationship: Relationship, *, acting_user, expected_version: int) -> None:
    ensure_in_scope(relationship, acting_user, "delete")
    soft_delete(relationship, acting_user=acting_user, expected_version=expected_version)
    record_event(AuditEvent.Action.DELETE, actor=acting_user, obj=relationship, fields=["is_deleted"])


def _validate_household(data: dict, country) -> None:
    errors = {}
    site = data.get("site")
    if site is not None and site.country_id != country.pk:
        errors["site"] = _("The site must be in the household's country.")
    location = data.get("location")
    if location is not None and location.country_id != country.pk:
        errors["location"] = _("The location must be in the household's country.")
    if not (data.get("name") or "").strip():
        errors["name"] = _("A name is required.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def register_household(*, country, acting_user, **data) -> Household:
    _check_can_write(acting_user, "household.add", country, data.get("site"))
    _validate_household(data, country)
    household = Household(country=country, created_by=acting_user, updated_by=acting_user, **data)
    household.reference = _next_reference(country, "H")
    household.search_text = normalise(household.name, household.reference)
    household.save()
    record_event(AuditEvent.Action.CREATE, actor=acting_user, obj=household, fields=list(data))
    ensure_in_scope(household, acting_user, "view")
    return household


@transaction.atomic
def update_household(household: Household, *, acting_user, expected_version: int, **data) -> Household:
    unknown = set(data) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    ensure_in_scope(household, acting_user, "change")
    _validate_household(
        {name: getattr(household, name) for name in HOUSEHOLD_FIELDS} | data, household.country
    )
    changed = apply_changes(household, data)
    household.search_text = normalise(household.name, household.reference)
    save_versioned(
        household,
        expected_version=expected_version,
        acting_user=acting_user,
        changed=[*changed, "search_text"],
    )
    if changed:
        record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=household, fields=changed)
    ensure_in_scope(household, acting_user, "change")
    return household


@transaction.atomic
def delete_household(household: Household, *, acting_user, expected_version: int) -> None:
    """Soft delete: the household is hidden, its members' records stay."""
    ensure_in_scope(household, acting_user, "delete")
    soft_delete(household, acting_user=acting_user, expected_version=expected_version)
    record_event(AuditEvent.Action.DELETE, actor=acting_user, obj=household, fields=["is_deleted"])


@transaction.atomic
def add_household_member(
    household: Household, *, person: Person, role: str, acting_user, joined_on=None
) -> HouseholdMember:
    ensure_in_scope(household, acting_user, "change")
    ensure_in_scope(person, acting_user, "view")
    if role not in HouseholdMember.Role.values:
        raise ValidationError({"role": _("Unknown role in household: %(role)s.") % {"role": role}})
    if person.country_id != household.country_id:
        raise ValidationError({"person": _("The person must be in the household's country.")})
    if HouseholdMember.objects.alive().filter(household=household, person=person).exists():
        raise ValidationError({"person": _("This person is already a member of the household.")})
    member = HouseholdMember.objects.create(
        country=household.country,
        household=household,
        person=person,
        role=role,
        joined_on=joined_on,
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=member,
        fields=["person", "role"],
        detail={"household": str(household.uuid), "person": str(person.uuid)},
    )
    return member


@transaction.atomic
def remove_household_member(member: HouseholdMember, *, acting_user, left_on=None) -> None:
    ensure_in_scope(member.household, acting_user, "change")
    member.left_on = left_on
    soft_delete(member, acting_user=acting_user, also_changed=["left_on"])
    record_event(AuditEvent.Action.DELETE, actor=acting_user, obj=member, fields=["is_deleted", "left_on"])
