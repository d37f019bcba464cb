"""Editing the screening indicator lists, their translations and the screening rule.

Only holders of `indicator.change` (the system administrator) may; every edit is audited and
marks the record as edited by an administrator, so that reloading the shipped default data never
overwrites it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import has_perm_anywhere, has_perm_in_country
from trygg.core.services import OutOfScope, apply_changes, ensure_in_scope, save_versioned

from ..codes import IndicatorStrength, ScreeningDimension
from ..models import Indicator, IndicatorList, ScreeningRule
from .screening_rule import validate_combinations

CHANGE = "indicator.change"
LIST_FIELDS = (
    "name",
    "name_translations",
    "description",
    "description_translations",
    "source",
    "is_draft",
    "is_active",
)
INDICATOR_FIELDS = ("dimension", "strength", "text", "translations", "order", "is_active")


def translation_languages() -> list[str]:
    """The languages besides English that texts are translated into (settings.LANGUAGES)."""
    return [code for code, _name in settings.LANGUAGES if code != "en"]


def clean_translations(name: str, value) -> dict:
    """{"nb": "..."}: known languages only, blank entries dropped."""
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise ValidationError({name: _('Give translations as {"nb": "..."}.')})
    languages = translation_languages()
    unknown = sorted(set(value) - set(languages))
    if unknown:
        raise ValidationError(
            {
                name: _("Unknown languages: %(codes)s. Use %(known)s.")
                % {"codes": ", ".join(map(str, unknown)), "known": ", ".join(languages)}
            }
        )
    clean = {}
    for language, text in value.items():
        if not isinstance(text, str):
            raise ValidationError({name: _("Each translation must be text.")})
        if len(text) > 2000:
            raise ValidationError({name: _("A translation can be at most 2,000 characters.")})
        if text.strip():
            clean[language] = text.strip()
    return clean


def _require_change(user) -> None:
    if not has_perm_anywhere(user, CHANGE):
        raise OutOfScope(_("The record would be outside your scope."))


def _validate_list(data: dict) -> dict:
    clean = dict(data)
    unknown = set(clean) - set(LIST_FIELDS) - {"code"}
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    for name in ("name_translations", "description_translations"):
        if name in clean:
            clean[name] = clean_translations(name, clean[name])
    for name in ("name", "description", "source"):
        if name in clean:
            clean[name] = (clean[name] or "").strip()
    if "name" in clean and not clean["name"]:
        raise ValidationError({"name": _("A name is required.")})
    return clean


@transaction.atomic
def create_indicator_list(*, acting_user, code: str, name: str, **data) -> IndicatorList:
    _require_change(acting_user)
    clean = _validate_list({"name": name, **data})
    if IndicatorList.objects.filter(code=code).exists():
        raise ValidationError({"code": _("An indicator list with this code exists already.")})
    indicator_list = IndicatorList.objects.create(
        code=code, created_by=acting_user, updated_by=acting_user, edited_by_admin=True, **clean
    )
    record_event(AuditEvent.Action.CREATE, actor=acting_user, obj=indicator_list, fields=["code", *clean])
    return indicator_list


@transaction.atomic
def update_indicator_list(indicator_list, *, acting_user, expected_version: int, **data) -> IndicatorList:
    ensure_in_scope(indicator_list, acting_user, "change")
    if "code" in data and data["code"] != indicator_list.code:
        raise ValidationError({"code": _("The code of a list cannot be changed: screenings refer to it.")})
    data.pop("code", None)
    clean = _validate_list(data)
    changed = apply_changes(indicator_list, clean)
    if changed and not indicator_list.edited_by_admin:
        indicator_list.edited_by_admin = True
        changed.append("edited_by_admin")
    save_versioned(
        indicator_list, expected_version=expected_version, acting_user=acting_user, changed=changed
    )
    if changed:
        record_event(AuditEvent.Action.UPDATE, actor=acting_user, obj=indicator_list, fields=changed)
    return indicator_list


def _validate_indicator(data: dict) -> dict:
    clean = dict(data)
    unknown = set(clean) - set(INDICATOR_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    errors = {}
    if "dimension" in clean and clean["dimension"] not in ScreeningDimension.values:
        errors["dimension"] = _("Unknown dimension: %(code)s.") % {"code": clean["dimension"]}
    if "strength" in clean and clean["strength"] not in IndicatorStrength.values:
        errors["strength"] = _("Unknown strength: %(code)s. Use strong, medium or weak.") % {
            "code": clean["strength"]
        }
    if "text" in clean:
        clean["text"] = (clean["text"] or "").strip()
        if not clean["text"]:
            errors["text"] = _("The English text is required.")
    if "translations" in clean:
        try:
            clean["translations"] = clean_translations("translations", clean["translations"])
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return clean


@transaction.atomic
def add_indicator(indicator_list, *, acting_user, code: str, **data) -> Indicator:
    ensure_in_scope(indicator_list, acting_user, "change")
    for name in ("dimension", "strength", "text"):
        data.setdefault(name, "")
    clean = _validate_indicator(data)
    if indicator_list.indicators.filter(code=code).exists():
        raise ValidationError({"code": _("This list has an indicator with this code already.")})
    if "order" not in clean:
        last = indicator_list.indicators.order_by("-order").values_list("order", flat=True).first()
        clean["order"] = (last or 0) + 1
    indicator = Indicator.objects.create(
        indicator_list=indicator_list,
        code=code,
        created_by=acting_user,
        updated_by=acting_user,
        edited_by_admin=True,
        **clean,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=indicator,
        fields=["code", *clean],
        detail={"list": indicator_list.code},
    )
    return indicator


@transaction.atomic
def update_indicator(indicator, *, acting_user, expected_version: int, **data) -> Indicator:
    """Change an indicator; screenings already recorded keep the strengths they were scored with."""
    ensure_in_scope(indicator, acting_user, "change")
    if "code" in data and data["code"] != indicator.code:
        raise ValidationError(
            {"code": _("The code of an indicator cannot be changed: screenings refer to it.")}
        )
    data.pop("code", None)
    clean = _validate_indicator(data)
    changed = apply_changes(indicator, clean)
    if changed and not indicator.edited_by_admin:
        indicator.edited_by_admin = True
        changed.append("edited_by_admin")
    save_versioned(indicator, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        record_event(
            AuditEvent.Action.UPDATE,
            actor=acting_user,
            obj=indicator,
            fields=changed,
            detail={"list": indicator.indicator_list.code},
        )
    return indicator


@transaction.atomic
def create_screening_rule(*, acting_user, country=None, combinations, note: str = "") -> ScreeningRule:
    """The organisation's default rule (country None) or a country's override."""
    country_id = country.pk if country is not None else None
    if not (has_perm_in_country(acting_user, CHANGE, country_id) if country else _global(acting_user)):
        raise OutOfScope(_("The record would be outside your scope."))
    clean = _validate_combinations(combinations)
    if ScreeningRule.objects.filter(country=country).exists():
        raise ValidationError({"country": _("This country has a screening rule already: change that one.")})
    rule = ScreeningRule.objects.create(
        country=country,
        combinations=clean,
        note=(note or "").strip(),
        created_by=acting_user,
        updated_by=acting_user,
    )
    record_event(
        AuditEvent.Action.CREATE,
        actor=acting_user,
        obj=rule,
        country_id=country_id,
        fields=["country", "combinations", "note"],
    )
    return rule


@transaction.atomic
def update_screening_rule(rule, *, acting_user, expected_version: int, **data) -> ScreeningRule:
    """Change a rule. Screenings recorded before keep the rule version they were scored with."""
    ensure_in_scope(rule, acting_user, "change")
    unknown = set(data) - {"combinations", "note"}
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    if "combinations" in data:
        data["combinations"] = _validate_combinations(data["combinations"])
    if "note" in data:
        data["note"] = (data["note"] or "").strip()
    changed = apply_changes(rule, data)
    save_versioned(rule, expected_version=expected_version, acting_user=acting_user, changed=changed)
    if changed:
        record_event(
            AuditEvent.Action.UPDATE, actor=acting_user, obj=rule, country_id=rule.country_id, fields=changed
        )
    return rule


def _global(user) -> bool:
    from trygg.core.scoping import grants_for

    return any(grant.is_global for grant in grants_for(user, CHANGE))


def _validate_combinations(value) -> list[dict]:
    try:
        return validate_combinations(value)
    except ValidationError as exc:
        raise ValidationError({"combinations": exc.messages}) from exc
