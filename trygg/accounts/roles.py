"""Roles and the permissions each grants, defined in code so that they are reviewed like code.

A permission is a string "<subject>.<action>". Domain models name their subject
(`scope_subject = "person"`), and `for_user(user, action)` asks for "<subject>.<action>".
Sensitive-data permissions are separate: holding `person.view` never implies them.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Perm:
    """Permission codes. Stable strings: they appear in tests, docs and audit events."""

    PERSON_VIEW = "person.view"
    PERSON_ADD = "person.add"
    PERSON_CHANGE = "person.change"
    PERSON_DELETE = "person.delete"
    HOUSEHOLD_VIEW = "household.view"
    HOUSEHOLD_ADD = "household.add"
    HOUSEHOLD_CHANGE = "household.change"
    HOUSEHOLD_DELETE = "household.delete"
    RELATIONSHIP_VIEW = "relationship.view"
    RELATIONSHIP_ADD = "relationship.add"
    RELATIONSHIP_CHANGE = "relationship.change"
    RELATIONSHIP_DELETE = "relationship.delete"
    LOCATION_VIEW = "location.view"
    LOCATION_ADD = "location.add"
    LOCATION_CHANGE = "location.change"
    LOCATION_DELETE = "location.delete"
    SITE_VIEW = "site.view"
    SITE_ADD = "site.add"
    SITE_CHANGE = "site.change"
    SITE_DELETE = "site.delete"
    PROGRAMME_VIEW = "programme.view"
    PROGRAMME_ADD = "programme.add"
    PROGRAMME_CHANGE = "programme.change"
    PROGRAMME_DELETE = "programme.delete"
    COUNTRY_VIEW = "country.view"
    COUNTRY_CHANGE = "country.change"
    USER_VIEW = "user.view"
    USER_ADD = "user.add"
    USER_CHANGE = "user.change"
    MEMBERSHIP_VIEW = "membership.view"
    MEMBERSHIP_ADD = "membership.add"
    MEMBERSHIP_CHANGE = "membership.change"
    MEMBERSHIP_DELETE = "membership.delete"
    AUDIT_VIEW = "auditevent.view"
    STATISTICS_VIEW = "statistics.view"
    # Child protection cases (screening, profile, plans, follow-ups are parts of a case).
    CASE_VIEW = "case.view"
    CASE_ADD = "case.add"
    CASE_CHANGE = "case.change"
    CASE_DELETE = "case.delete"
    CASE_APPROVE = "case.approve"  # case plans, closures, legal bases without consent
    CASE_TRANSFER = "case.transfer"  # accept or reject a transfer from another country
    CASE_CONFIGURE = "caseconfig.change"  # per-country deadlines
    CASE_EXPORT = "case.export"  # download case lists as CSV (identifiable data, audited)
    INDICATOR_VIEW = "indicator.view"
    INDICATOR_CHANGE = "indicator.change"  # the screening indicator lists and rule
    # Family tracing and reunification (tracing requests and everything after a match).
    TRACING_VIEW = "tracing.view"
    TRACING_ADD = "tracing.add"  # file a tracing request
    TRACING_CHANGE = "tracing.change"  # work a request: consent, matching, verification, reunification
    TRACING_REVIEW = "tracing.review"  # confirm or reject a proposed match, share a child's details
    TRACING_APPROVE = "tracing.approve"  # best-interests determinations (decided by a panel)
    TRACING_CONFIGURE = "tracingconfig.change"  # per-country match threshold and monitoring schedule
    # Alternative care. An "own home" permission reaches, within its membership's scope, only the
    # homes where the user is a carer (SOS parents); see trygg.care.querysets.
    CAREHOME_VIEW = "carehome.view"
    CAREHOME_ADD = "carehome.add"
    CAREHOME_CHANGE = "carehome.change"
    CAREHOME_VIEW_OWN_HOME = "carehome.view_own_home"
    PLACEMENT_VIEW = "placement.view"  # requests, placements, reviews, contacts, restrictions, aftercare
    PLACEMENT_ADD = "placement.add"
    PLACEMENT_CHANGE = "placement.change"
    PLACEMENT_APPROVE = "placement.approve"  # gatekeeping panel decisions, capacity overrides
    PLACEMENT_VIEW_OWN_HOME = "placement.view_own_home"
    PLACEMENT_CHANGE_OWN_HOME = "placement.change_own_home"  # family contact, daily notes
    CAREINCIDENT_VIEW = "careincident.view"  # safeguarding incidents in care (sensitive)
    CAREINCIDENT_ADD = "careincident.add"
    CAREINCIDENT_CHANGE = "careincident.change"
    CAREINCIDENT_VIEW_OWN_HOME = "careincident.view_own_home"
    CAREINCIDENT_ADD_OWN_HOME = "careincident.add_own_home"
    CARE_CONFIGURE = "careconfig.change"  # per-country deadlines and review interval
    # Sensitive data: later modules check these before showing the parts they guard.
    SENSITIVE_TRAFFICKING = "sensitive.trafficking"
    SENSITIVE_SEXUAL_EXPLOITATION = "sensitive.sexual_exploitation"
    SENSITIVE_HEALTH = "sensitive.health_trauma"


SENSITIVE_PERMISSIONS = {
    Perm.SENSITIVE_TRAFFICKING: _("Trafficking details"),
    Perm.SENSITIVE_SEXUAL_EXPLOITATION: _("Sexual exploitation"),
    Perm.SENSITIVE_HEALTH: _("Health and trauma"),
}


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SUPERVISOR = "supervisor", _("Supervisor")
    FAMILY_STRENGTHENING_WORKER = "family_strengthening_worker", _("Family strengthening worker")
    CARE_PROVIDER = "care_provider", _("Care provider")
    SOS_PARENT = "sos_parent", _("SOS parent or carer")
    TRACING_OFFICER = "tracing_officer", _("Tracing officer")
    THERAPIST = "therapist", _("Therapist")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")
    ANALYST = "analyst", _("Analyst")
    ADVOCACY_OFFICER = "advocacy_officer", _("Advocacy officer")
    COUNTRY_ADMINISTRATOR = "country_administrator", _("Country administrator")
    SYSTEM_ADMINISTRATOR = "system_administrator", _("System administrator")


_READ_REFERENCE = {
    Perm.LOCATION_VIEW,
    Perm.SITE_VIEW,
    Perm.PROGRAMME_VIEW,
    Perm.COUNTRY_VIEW,
}
_PEOPLE_READ = {Perm.PERSON_VIEW, Perm.HOUSEHOLD_VIEW, Perm.RELATIONSHIP_VIEW}
_PEOPLE_WRITE = _PEOPLE_READ | {
    Perm.PERSON_ADD,
    Perm.PERSON_CHANGE,
    Perm.HOUSEHOLD_ADD,
    Perm.HOUSEHOLD_CHANGE,
    Perm.RELATIONSHIP_ADD,
    Perm.RELATIONSHIP_CHANGE,
    Perm.RELATIONSHIP_DELETE,
}
_CASE_READ = {Perm.CASE_VIEW, Perm.INDICATOR_VIEW}
_CASE_WRITE = _CASE_READ | {Perm.CASE_ADD, Perm.CASE_CHANGE}
_TRACING_WORK = {Perm.TRACING_VIEW, Perm.TRACING_ADD, Perm.TRACING_CHANGE, Perm.TRACING_REVIEW}
_CARE_READ = {Perm.CAREHOME_VIEW, Perm.PLACEMENT_VIEW}
_CARE_WORK = _CARE_READ | {
    Perm.PLACEMENT_ADD,
    Perm.PLACEMENT_CHANGE,
    Perm.CAREINCIDENT_VIEW,
    Perm.CAREINCIDENT_ADD,
}
_ADMIN = _READ_REFERENCE | {
    Perm.INDICATOR_VIEW,
    Perm.CASE_CONFIGURE,
    Perm.TRACING_CONFIGURE,
    Perm.CARE_CONFIGURE,
    Perm.CAREHOME_VIEW,
    Perm.CAREHOME_ADD,
    Perm.CAREHOME_CHANGE,
    Perm.LOCATION_ADD,
    Perm.LOCATION_CHANGE,
    Perm.LOCATION_DELETE,
    Perm.SITE_ADD,
    Perm.SITE_CHANGE,
    Perm.SITE_DELETE,
    Perm.PROGRAMME_ADD,
    Perm.PROGRAMME_CHANGE,
    Perm.PROGRAMME_DELETE,
    Perm.USER_VIEW,
    Perm.USER_ADD,
    Perm.USER_CHANGE,
    Perm.MEMBERSHIP_VIEW,
    Perm.MEMBERSHIP_ADD,
    Perm.MEMBERSHIP_CHANGE,
    Perm.MEMBERSHIP_DELETE,
}

# Least privilege: administrators manage people and places but do not read children's records;
# analysts and advocacy officers see aggregate counts only.
ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    # Exporting identifiable case lists is for those who carry the cases (caseworker, supervisor),
    # not for roles that only read cases for their own work (tracing, therapy, data protection).
    Role.CASEWORKER: frozenset(
        _READ_REFERENCE
        | _PEOPLE_WRITE
        | _CASE_WRITE
        | {Perm.CASE_EXPORT, Perm.SENSITIVE_TRAFFICKING}
        # A caseworker may file a tracing request for a family they meet; tracing officers work it.
        | {Perm.TRACING_VIEW, Perm.TRACING_ADD}
        | _CARE_WORK
    ),
    Role.SUPERVISOR: frozenset(
        _READ_REFERENCE
        | _PEOPLE_WRITE
        | _CASE_WRITE
        | {Perm.CASE_DELETE, Perm.CASE_APPROVE, Perm.CASE_TRANSFER, Perm.CASE_EXPORT}
        | {Perm.PERSON_DELETE, Perm.HOUSEHOLD_DELETE, Perm.STATISTICS_VIEW}
        | {Perm.SENSITIVE_TRAFFICKING, Perm.SENSITIVE_SEXUAL_EXPLOITATION}
        | {Perm.TRACING_VIEW, Perm.TRACING_APPROVE}
        | _CARE_WORK
        | {Perm.PLACEMENT_APPROVE, Perm.CAREINCIDENT_CHANGE}
    ),
    Role.FAMILY_STRENGTHENING_WORKER: frozenset(_READ_REFERENCE | _PEOPLE_WRITE),
    # A village director or provider: membership on the village's site.
    Role.CARE_PROVIDER: frozenset(
        _READ_REFERENCE
        | _PEOPLE_READ
        | {Perm.PERSON_CHANGE}
        | _CARE_WORK
        | {Perm.CAREHOME_ADD, Perm.CAREHOME_CHANGE, Perm.PLACEMENT_APPROVE, Perm.CAREINCIDENT_CHANGE}
    ),
    # An SOS parent: membership on the village's site, reaching only the homes they care for. No
    # gatekeeping files, no other homes, no person registry.
    Role.SOS_PARENT: frozenset(
        _READ_REFERENCE
        | {
            Perm.CAREHOME_VIEW_OWN_HOME,
            Perm.PLACEMENT_VIEW_OWN_HOME,
            Perm.PLACEMENT_CHANGE_OWN_HOME,
            Perm.CAREINCIDENT_VIEW_OWN_HOME,
            Perm.CAREINCIDENT_ADD_OWN_HOME,
        }
    ),
    # Tracing officers read placements: children leaving care for their family are handed to them.
    Role.TRACING_OFFICER: frozenset(
        _READ_REFERENCE | _PEOPLE_WRITE | _CASE_READ | _TRACING_WORK | {Perm.PLACEMENT_VIEW}
    ),
    Role.THERAPIST: frozenset(_READ_REFERENCE | _PEOPLE_READ | _CASE_READ | {Perm.SENSITIVE_HEALTH}),
    Role.DATA_PROTECTION_OFFICER: frozenset(
        _READ_REFERENCE
        | _PEOPLE_READ
        | _CASE_READ
        | _CARE_READ
        | {Perm.CAREINCIDENT_VIEW, Perm.AUDIT_VIEW, Perm.USER_VIEW, Perm.MEMBERSHIP_VIEW}
    ),
    Role.ANALYST: frozenset(_READ_REFERENCE | {Perm.STATISTICS_VIEW}),
    Role.ADVOCACY_OFFICER: frozenset(_READ_REFERENCE | {Perm.STATISTICS_VIEW}),
    Role.COUNTRY_ADMINISTRATOR: frozenset(_ADMIN),
    Role.SYSTEM_ADMINISTRATOR: frozenset(_ADMIN | {Perm.COUNTRY_CHANGE, Perm.INDICATOR_CHANGE}),
}

# Roles whose memberships are global (no country): only the system administrator.
GLOBAL_ROLES = frozenset({Role.SYSTEM_ADMINISTRATOR})


def permissions_for(role: str) -> frozenset[str]:
    return ROLE_PERMISSIONS.get(role, frozenset())


def roles_granting(permission: str) -> list[str]:
    return [role for role, perms in ROLE_PERMISSIONS.items() if permission in perms]
