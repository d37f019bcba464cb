"""Generated: every page and API route that names a record, walked as every role of another country,
as a user with no role, and anonymously.

For each URL pattern with a record in it (a UUID, or a country code), a record of Kenya is put in
the URL and every Nepali user (one per role) tries to read it (GET) and to change it (POST, and
PUT/PATCH/DELETE on the API). Each must answer 404 (or 405 where the route has no such method),
exactly as for a record that does not exist, and the records must be unchanged afterwards.

A positive control proves each case can fail: some Kenyan role must get something other than 404
for the same URL.

The two countries, their users (logged in once) and the Kenyan records are built once for the
module, inside a transaction rolled back at its end; each route's test runs in a savepoint of it
(as Django's `TestCase.setUpTestData` does), so what one test's requests write is gone before the
next. Building them per route cost more than the walk itself.
"""

import uuid
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.db import connections, transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from trygg.accounts.roles import GLOBAL_ROLES, Role
from trygg.core.testing import verified_login

# Routes that show reference data every logged-in user may read (ISO 3166 countries). Changing
# them is still checked.
WORLD_READABLE_GET = {"api:country-detail", "geo:country_detail"}
# The screening indicator lists are organisation-wide data every holder of indicator.view reads.
WORLD_READABLE_GET |= {"api:indicator-list-detail", "api:indicator-detail"}

# Routes whose UUID names a record of another model than the view's own (e.g. the audit page of
# a person's record, a trafficking profile addressed by its case).
ROUTE_MODELS = {
    "audit:record_access": "people.Person",
    "audit:user_activity": "accounts.User",
    "api:trafficking-profile-detail": "cases.Case",
    # Views whose model the walker cannot read off the class: without these, every record's UUID
    # would be tried in the URL.
    "accounts:membership_add": "accounts.User",
    "accounts:user_set_password": "accounts.User",
    "accounts:user_deactivate": "accounts.User",
    "accounts:user_reactivate": "accounts.User",
    "accounts:membership_end": "accounts.Membership",
    "accounts:token_revoke": "accounts.ApiToken",
}

PAGE_METHODS = ("get", "post")
API_METHODS = ("get", "put", "patch", "delete", "post")
DENIED = {404, 405}


def _walk(resolver, namespace="", route=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, ns, route + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield (f"{namespace}:{pattern.name}" if namespace else pattern.name), pattern, route


def _kwarg_names(pattern: URLPattern) -> set[str]:
    if isinstance(pattern.pattern, RoutePattern):
        return set(pattern.pattern.converters)
    return set(pattern.pattern.regex.groupindex)


def _view_model(pattern: URLPattern):
    callback = pattern.callback
    cls = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if cls is None:
        return None
    for attr in ("queryset_model", "model"):
        model = getattr(cls, attr, None)
        if model is not None:
            return model
    queryset = getattr(cls, "queryset", None)
    if queryset is not None:
        return queryset.model
    serializer = getattr(cls, "serializer_class", None)
    meta = getattr(serializer, "Meta", None)
    return getattr(meta, "model", None)


def _record_routes():
    routes = []
    seen = set()
    for name, pattern, _prefix in _walk(get_resolver()):
        kwargs = _kwarg_names(pattern)
        # DRF's format-suffix variants (e.g. ".json") repeat a route; the plain one is enough.
        kwargs.discard("format")
        if not kwargs or name in seen:
            continue
        seen.add(name)
        routes.append((name, pattern))
    return routes


ROUTES = _record_routes()


def _kenyan_records(world):
    """One record of each scoped model in Kenya, built the way the services would."""
    from trygg.audit.services import record_event
    from trygg.geo.models import Location
    from trygg.people.models import HouseholdMember, Relationship
    from trygg.people.tests.factories import HouseholdFactory, PersonFactory

    ke = world.ke
    child = PersonFactory(country=ke, site=world.sites["KE"])
    mother = PersonFactory(country=ke, site=world.sites["KE"])
    household = HouseholdFactory(country=ke, site=world.sites["KE"])
    records = [
        child,
        household,
        Relationship.objects.create(country=ke, person=child, relative=mother, kind="mother"),
        HouseholdMember.objects.create(country=ke, household=household, person=child, role="child"),
        world.sites["KE"],
        world.programmes["KE"],
        Location.objects.create(country=ke, level=1, code="KE-NAI", name="Nairobi"),
        world.user("KE", Role.CASEWORKER),
        world.user("KE", Role.CASEWORKER).memberships.first(),
        record_event("view", actor=world.user("KE", Role.CASEWORKER), obj=child),
    ]
    from trygg.accounts.models import ApiToken

    records.append(
        ApiToken.objects.create(
            user=world.user("KE", Role.CASEWORKER),
            name="ke",
            prefix="x",
            key_hash=ApiToken.hash_key(str(uuid.uuid4())),
        )
    )
    from trygg.geo.models import LocationImport

    records.append(
        LocationImport.objects.create(
            country=ke,
            content="level,code,name,parent_code\n",
            created_by=world.user("KE", Role.COUNTRY_ADMINISTRATOR),
        )
    )
    return (
        records + _kenyan_case_records(world) + _kenyan_tracing_records(world) + _kenyan_care_records(world)
    )


def _kenyan_tracing_records(world):
    """Family tracing: a reunified request with every step, a match waiting for review, a batch run."""
    from trygg.tracing.tests.factories import kenyan_tracing_records

    return kenyan_tracing_records(world)


def _kenyan_care_records(world):
    """Alternative care: a home with a child placed (request, review, family contact, restriction,
    incident with an action), and a young person who left care with an aftercare contact."""
    from django.utils import timezone

    from trygg.care.services import leaving, life, placements
    from trygg.care.tests.factories import caseworker, placed_child, supervisor

    today = timezone.localdate()
    user = caseworker(world)
    child, placement = placed_child(world, given_name="Wanjiku")
    _leaver, left = placed_child(world, given_name="Kamau", age=17, home=placement.home)
    left = leaving.end_placement(
        left, acting_user=user, expected_version=left.version, ended_on=today, route="independent_living"
    )
    incident = life.report_incident(
        placement, acting_user=user, occurred_on=today, category="bullying", severity="low", description="x"
    )
    return [
        placement.home,
        placement.request,
        placement,
        placements.record_review(placement, acting_user=user, reviewed_on=today, progress="Settled."),
        life.record_family_contact(
            placement, acting_user=user, kind="call", status="planned", planned_for=today, with_whom="Mother"
        ),
        life.add_contact_restriction(
            child,
            acting_user=user,
            restricted_name="Recruiter",
            kind="no_contact",
            reason="x",
            valid_from=today,
        ),
        incident,
        life.add_incident_action(
            incident,
            acting_user=supervisor(world),
            action="Tell the school.",
            responsible="Grace",
            due_on=today,
        ),
        leaving.record_aftercare(left, acting_user=user, contacted_on=today, situation=["in_work"]),
    ]


def _kenyan_case_records(world):
    """A Kenyan case with one record of every part: consent, identification, management."""
    from trygg.cases.services import identification
    from trygg.cases.services.identification_admin import create_screening_rule
    from trygg.cases.tests.factories_case import CaseFactory, ConsentFactory, LegalBasisFactory
    from trygg.cases.tests.factories_identification import kenyan_case, screen, small_list
    from trygg.cases.tests.factories_management import management_records

    caseworker = world.user("KE", Role.CASEWORKER)
    case = CaseFactory(country=world.ke, site=world.sites["KE"])
    screened = kenyan_case(world)
    indicator_list = small_list()
    return [
        case,
        ConsentFactory(case=case),
        LegalBasisFactory(case=case),
        screened,
        screen(screened, caseworker, yes=["ec_strong_1"], indicator_list=indicator_list),
        identification.save_trafficking_profile(screened, acting_user=caseworker, notes="seen"),
        identification.add_trafficking_event(
            screened, acting_user=caseworker, kind="Transit", event_country=world.ke
        ),
        indicator_list,
        indicator_list.indicators.first(),
        # A Kenyan override: the organisation's default rule is readable everywhere.
        create_screening_rule(acting_user=world.system_admin, country=world.ke, combinations=[{"strong": 2}]),
        *management_records(world),
    ]


def _fill(pattern, kwargs_needed, record, country_code="KE"):
    values = {}
    for name in kwargs_needed:
        if name in ("uuid", "pk") or name.endswith("_uuid"):
            value = getattr(record, "uuid", None)
            if value is None:
                return None
            values[name] = str(value)
        elif name in ("code", "country", "country_code"):
            values[name] = country_code
        else:
            return None
    return values


def _urls_for(name, pattern, records):
    kwargs_needed = _kwarg_names(pattern) - {"format"}
    model = apps.get_model(ROUTE_MODELS[name]) if name in ROUTE_MODELS else _view_model(pattern)
    candidates = [r for r in records if model is None or isinstance(r, model)] or records
    urls = set()
    for record in candidates:
        values = _fill(pattern, kwargs_needed, record)
        if values is not None:
            urls.add(reverse(name, kwargs=values))
    return sorted(urls)


def _client_for(user):
    from django.test import Client

    client = Client(raise_request_exception=False)
    verified_login(client, user)
    return client


def _request(client, method, url, is_api):
    if is_api and method != "get":
        return getattr(client, method)(url, data="{}", content_type="application/json")
    if method == "post":
        return client.post(url, data={})
    return client.get(url)


def _snapshot(records):
    rows = {}
    for record in records:
        model = type(record)
        fresh = model._base_manager.filter(pk=record.pk).values().first()
        rows[(model._meta.label, record.pk)] = fresh
    return rows


@dataclass
class Walk:
    """What every route's test shares: the world, the Kenyan records and logged-in clients."""

    world: object
    records: list
    nepali: dict
    nobody: object
    kenyans: list


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker):
    from django.test import override_settings

    from trygg.core.testing import build_world, make_user

    # The autouse fast-hashing fixture is per test; this set-up runs before it.
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with fast, django_db_blocker.unblock():
        outer = [transaction.atomic(using=alias) for alias in connections]
        for atomic in outer:
            atomic.__enter__()
        try:
            world = build_world()
            records = _kenyan_records(world)
            roles = [r for r in Role.values if r not in GLOBAL_ROLES]
            yield Walk(
                world=world,
                records=records,
                nepali={role: _client_for(world.user("NP", role)) for role in roles},
                nobody=_client_for(make_user("no.role@example.org")),
                kenyans=[_client_for(u) for u in [*(world.user("KE", r) for r in roles), world.system_admin]],
            )
        finally:
            for alias in connections:
                transaction.set_rollback(True, using=alias)
            for atomic in reversed(outer):
                atomic.__exit__(None, None, None)


@pytest.mark.parametrize("name,pattern", ROUTES, ids=[name for name, _ in ROUTES])
def test_other_country_cannot_read_or_change(walk, db, name, pattern):
    records = walk.records
    urls = _urls_for(name, pattern, records)
    if not urls:
        pytest.fail(f"{name}: no Kenyan record fits this route; teach the walker its kwargs")
    is_api = name.startswith("api:")
    methods = API_METHODS if is_api else PAGE_METHODS
    before = _snapshot(records)

    leaks = []
    for role, client in walk.nepali.items():
        for url in urls:
            for method in methods:
                if method == "get" and name in WORLD_READABLE_GET:
                    continue
                response = _request(client, method, url, is_api)
                if response.status_code not in DENIED:
                    leaks.append(f"{role} {method.upper()} {url} -> {response.status_code}")
    # A logged-in user with no role at all is treated the same way.
    nobody = walk.nobody
    for url in urls:
        for method in methods:
            if method == "get" and name in WORLD_READABLE_GET:
                continue
            status = _request(nobody, method, url, is_api).status_code
            if status not in DENIED:
                leaks.append(f"no role {method.upper()} {url} -> {status}")
    # Anonymous visitors are sent to the login page (pages) or refused (API), never served.
    from django.test import Client

    anonymous = Client()
    for url in urls:
        for method in methods:
            status = _request(anonymous, method, url, is_api).status_code
            allowed = {401, 403, 405} if is_api else {302, 405}
            if status not in allowed:
                leaks.append(f"anonymous {method.upper()} {url} -> {status}")
    assert not leaks, "Users outside Kenya reached Kenyan records:\n" + "\n".join(leaks)
    assert _snapshot(records) == before, f"{name}: a Kenyan record changed"

    # Positive control: the same URLs are reachable by someone in Kenya (by GET, or by POST for
    # action routes that have no GET), so a 404 above is about scope, not a broken URL.
    assert any(_reachable(client, urls, is_api) for client in walk.kenyans), (
        f"{name}: no Kenyan user reaches {urls}; the walker would prove nothing"
    )


def _reachable(client, urls, is_api) -> bool:
    for url in urls:
        status = _request(client, "get", url, is_api).status_code
        if status not in DENIED:
            return True
        if status == 405 and _request(client, "post", url, is_api).status_code not in DENIED:
            return True
    return False


def test_walker_sees_the_record_routes():
    """The walker must not silently find nothing (e.g. after a URL refactoring)."""
    names = {name for name, _ in ROUTES}
    expected = {
        "people:person_detail",
        "api:person-detail",
        "api:site-detail",
        "audit:record_access",
        "cases:case_detail",
        "cases:consent_withdraw",
        "cases:deadlines",
        "api:case-detail",
        "api:case-advance",
        "api:consent-withdraw",
        "api:legal-basis-approve",
        "cases:trafficking_overview",
        "cases:screening_detail",
        "cases:indicator_edit",
        "api:screening-detail",
        "api:trafficking-profile-detail",
        "api:trafficking-event-detail",
        "api:screening-rule-detail",
        "tracing:request_detail",
        "tracing:match_detail",
        "tracing:match_decide",
        "tracing:determination_decide",
        "tracing:visit_record",
        "tracing:batch_detail",
        "tracing:settings_edit",
        "api:tracing-request-detail",
        "api:tracing-match-detail",
        "api:tracing-match-confirm",
        "api:tracing-match-share",
        "api:tracing-determination-approve",
        "api:tracing-visit-detail",
        "api:tracing-settings-detail",
        "api:care-home-detail",
        "api:care-request-detail",
        "api:care-request-place",
        "api:care-placement-detail",
        "api:care-placement-move",
        "api:care-review-detail",
        "api:care-contact-detail",
        "api:care-restriction-lift",
        "api:care-incident-detail",
        "api:care-incident-close",
        "api:care-aftercare-detail",
    }
    assert expected <= names, f"missing from the walk: {sorted(expected - names)}"
