"""Countries, locations, programmes and sites: the writes an administrator makes one at a time."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import has_perm_in_country
from trygg.core.services import OutOfScope, apply_changes, ensure_in_scope, save_versioned, soft_delete

from ..models import Country, Location, Programme, Site

LOCATION_FIELDS = ("parent", "level", "code", "name")
PROGRAMME_FIELDS = ("name", "kind")
SITE_FIELDS = ("name", "kind", "programme", "location")


def check_can_add(user, permission: str, country: Country, programme_id: int | None = None) -> None:
    """Refuse to add a record in a country where the user does not hold `permission`."""
    if not has_perm_in_country(user, permission, country.pk, programme_id=programme_id):
        raise OutOfScope(_("You cannot add records in this country."))


def _refuse_unknown_fields(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})


@transaction.atomic
def set_country_operating(country: Country, *, operating: bool, acting_user) -> Country:
    """Mark whether the organisation works in a country (system administrators only)."""
    ensure_in_scope(country, acting_user, "change")
    operating = bool(operating)
    if country.is_operating == operating:
        return country
    Country.objects.filter(pk=country.pk).update(is_operating=operating)
    country.is_operating = operating
    record_event(
        AuditEvent.Action.UPDATE,
        actor=acting_user,
        obj=country,
        fields=["is_operating"],
        detail={"code": country.code, "is_operating": operating},
    )
    return country


# Locations -----------------------------------------------------------------------------------


def _validate_location(data: dict, country: Country, instance: Location | None = None) -> None:
    errors = {}
    code = (data.get("code") or "").strip()
    name = (data.get("name") or "").strip()
    level = data.get("level")
    parent = data.get("parent")
    if not code:
        errors["code"] = _("A code is required.")
    if not name:
        errors["name"] = _("A name is required.")
    if level is None or level < 1:
        errors["level"] = _("The administrative level must be 1 or more.")
    elif parent is None and level != 1:
        errors["parent"] = _("A location below level 1 needs a parent one level up.")
    elif parent is not None:
        if parent.country_id != country.pk:
            errors["parent"] = _("The parent must be in the same country.")
        elif level != parent.level + 1:
            errors["level"] = _(
                "The level must be one below the parent's: %(expected)s, as the parent is at level "
                "%(parent_level)s."
            ) % {"expected": parent.level + 1, "parent_level": parent.level}
    if code:
        clash = Location.objects.filter(country=country, code=code)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors["code"] = _("Another location in this country has the code %(code)s.") % {"code": code}
    if (
        instance is not None
        and level is not None
        and level != instance.level
        and instance.children.filter(is_deleted=False).exists()
    ):
        errors["level"] = _("This location has sub-locations, so its level cannot change.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_location(
    *, country: Country, acting_user, level: int, code: str, name: str, parent=None
) -> Location:
    check_can_add(acting_user, "location.add", country)
    data = {"level": level, "code": (code or "").strip(), "name": (name or "").strip(), "parent": parent}
    _validate_location(data, country)
    location = Location.objects.create(
        country=country, created_by=acting_user, updated_by=acting_user, **data
    )
    record_event(AuditEvent.Action.CREATE, actor=acting_user, obj=location, fields=list(data))
    ensure_in_scope(location, acting_user, "view")
    return location


@transaction.atomic
def update_location(location: Location, *, acting_user, expected_version: int, **data) -> Location:
    _refuse_unknown_fields(data, LOCATION_FIELDS)
    ensure_in_scope(location, acting_user, "change")
    for key in ("code", "name"):
        if key in data:
            data[key] = (data[key] or "").strip()
    merged = {name: getattr(location, name) for name in LOCATION_FIELDS} | data
    _validate_location(merged, location.country, instance=location)
    changed = apply_changes(location, data)
    save_versioned(location, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=location, fields=changed)
    ensure_in_scope(location, acting_user, "change")
    return location


# Programmes ----------------------------------------------------------------------------------


def _validate_programme(data: dict) -> None:
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("A name is required.")
    if data.get("kind") not in Programme.Kind.values:
        errors["kind"] = _("Choose the kind of programme.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_programme(*, country: Country, acting_user, name: str, kind: str) -> Programme:
    check_can_add(acting_user, "programme.add", country)
    data = {"name": (name or "").strip(), "kind": kind}
    _validate_programme(data)
    programme = Programme.objects.create(
        country=country, created_by=acting_user, updated_by=acting_user, **data
    )
    record_event(AuditEvent.Action.CREATE, actor=acting_user, obj=programme, fields=list(data))
    ensure_in_scope(programme, acting_user, "view")
    return programme


@transaction.atomic
def update_programme(programme: Programme, *, acting_user, expected_version: int, **data) -> Programme:
    _refuse_unknown_fields(data, PROGRAMME_FIELDS)
    ensure_in_scope(programme, acting_user, "change")
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    _validate_programme({name: getattr(programme, name) for name in PROGRAMME_FIELDS} | data)
    changed = apply_changes(programme, data)
    save_versioned(programme, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=programme, fields=changed)
    ensure_in_scope(programme, acting_user, "change")
    return programme


@transaction.atomic
def delete_programme(programme: Programme, *, acting_user, expected_version: int | None) -> None:
    """Soft delete; refused while the programme still has sites, which would be left dangling."""
    ensure_in_scope(programme, acting_user, "delete")
    if programme.sites.filter(is_deleted=False).exists():
        raise ValidationError(_("This programme still has sites. Move or delete them first."))
    soft_delete(programme, acting_user=acting_user, expected_version=expected_version)
    record_event(AuditEvent.Action.DELETE, actor=acting_user, obj=programme, fields=["is_deleted"])


# Sites ---------------------------------------------------------------------------------------


def _validate_site(data: dict, country: Country) -> None:
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("A name is required.")
    if data.get("kind") not in Site.Kind.values:
        errors["kind"] = _("Choose the kind of site.")
    programme = data.get("programme")
    if programme is not None and programme.country_id != country.pk:
        errors["programme"] = _("The programme must be in the site's country.")
    location = data.get("location")
    if location is not None and location.country_id != country.pk:
        errors["location"] = _("The location must be in the site's country.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_site(
    *, country: Country, acting_user, name: str, kind: str, programme=None, location=None
) -> Site:
    check_can_add(acting_user, "site.add", country, programme_id=getattr(programme, "pk", None))
    data = {"name": (name or "").strip(), "kind": kind, "programme": programme, "location": location}
    _validate_site(data, country)
    site = Site.objects.create(country=country, created_by=acting_user, updated_by=acting_user, **data)
    record_event(AuditEvent.Action.CREATE, actor=acting_user, obj=site, fields=list(data))
    ensure_in_scope(site, acting_user, "view")
    return site


@transaction.atomic
def update_site(site: Site, *, acting_user, expected_version: int, **data) -> Site:
    _refuse_unknown_fields(data, SITE_FIELDS)
    ensure_in_scope(site, acting_user, "change")
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
    _validate_site({name: getattr(site, name) for name in SITE_FIELDS} | data, site.country)
    changed = apply_changes(site, data)
    save_versioned(site, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=site, fields=changed)
    # Moving the site to another programme may take it out of a programme-level scope.
    ensure_in_scope(site, acting_user, "change")
    return site


@transaction.atomic
def delete_site(site: Site, *, acting_user, expected_version: int | None) -> None:
    """Soft delete: the site disappears from lists and choices; records that name it keep it."""
    ensure_in_scope(site, acting_user, "delete")
    soft_delete(site, acting_user=acting_user, expected_version=expected_version)
    record_event(AuditEvent.Action.DELETE, actor=acting_user, obj=site, fields=["is_deleted"])
