"""`/api/v1/audit-events/`: read-only, scoped, filtered."""

import pytest
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event, record_read, record_search
from trygg.people.models import Person
from trygg.people.tests.factories import PersonFactory

from .conftest import clock, moment

LIST = "api:audit-event-list"
DETAIL = "api:audit-event-detail"


def listed(client, **params) -> list[str]:
    response = client.get(reverse(LIST), params)
    assert response.status_code == 200, response.content
    return [row["uuid"] for row in response.json()["results"]]


def test_dpo_lists_their_countrys_events_only(api_login, dpo_ke, caseworker_ke, child_ke, child_np, world):
    ke_read = record_read(child_ke, actor=caseworker_ke)
    np_read = record_read(child_np, actor=world.user("NP", Role.CASEWORKER))
    ke_login = record_event(AuditEvent.Action.LOGIN, actor=caseworker_ke)
    np_login = record_event(AuditEvent.Action.LOGIN, actor=world.user("NP", Role.CASEWORKER))
    shown = listed(api_login(dpo_ke))
    assert str(ke_read.uuid) in shown
    assert str(ke_login.uuid) in shown
    assert str(np_read.uuid) not in shown
    assert str(np_login.uuid) not in shown


def test_event_fields(api_login, dpo_ke, caseworker_ke, child_ke):
    event = record_read(child_ke, actor=caseworker_ke)
    response = api_login(dpo_ke).get(reverse(DETAIL, args=[event.uuid]))
    assert response.status_code == 200
    body = response.json()
    assert body["action"] == "view"
    assert body["action_label"] == "Viewed"
    assert body["actor"] == str(caseworker_ke.uuid)
    assert body["actor_email"] == caseworker_ke.email
    assert body["object_uuid"] == str(child_ke.uuid)
    assert body["object_reference"] == child_ke.reference
    assert body["country"] == "KE"
    assert child_ke.given_name not in response.content.decode()


def test_caseworker_gets_an_empty_list_and_404(api_login, caseworker_ke, child_ke):
    event = record_read(child_ke, actor=caseworker_ke)
    client = api_login(caseworker_ke)
    assert listed(client) == []
    assert client.get(reverse(DETAIL, args=[event.uuid])).status_code == 404


def test_other_countrys_dpo_gets_404(api_login, dpo_np, caseworker_ke, child_ke):
    event = record_read(child_ke, actor=caseworker_ke)
    client = api_login(dpo_np)
    response = client.get(reverse(DETAIL, args=[event.uuid]))
    assert response.status_code == 404
    assert str(event.uuid) not in listed(client)


def test_anonymous_is_refused(api_client, caseworker_ke, child_ke):
    record_read(child_ke, actor=caseworker_ke)
    assert api_client.get(reverse(LIST)).status_code in (401, 403)


def test_nobody_can_write_audit_events(api_login, dpo_ke, caseworker_ke, child_ke):
    event = record_read(child_ke, actor=caseworker_ke)
    client = api_login(dpo_ke)
    before = AuditEvent.objects.count()
    assert client.post(reverse(LIST), {"action": "view"}).status_code == 405
    detail = reverse(DETAIL, args=[event.uuid])
    assert client.put(detail, {"action": "login"}).status_code == 405
    assert client.patch(detail, {"action": "login"}).status_code == 405
    assert client.delete(detail).status_code == 405
    assert AuditEvent.objects.count() == before
    assert AuditEvent.objects.get(pk=event.pk).action == AuditEvent.Action.VIEW


def test_filters(api_login, world, dpo_ke, caseworker_ke, child_ke):
    supervisor = world.user("KE", Role.SUPERVISOR)
    other = PersonFactory(country=world.ke)
    with clock(moment(1)):
        early_read = record_read(child_ke, actor=caseworker_ke)
    with clock(moment(10)):
        search = record_search(Person, actor=supervisor, query_present=True, result_uuids=[child_ke.uuid])
        other_search = record_search(Person, actor=supervisor, query_present=True, result_uuids=[other.uuid])
    with clock(moment(20)):
        late_read = record_read(other, actor=caseworker_ke)
    client = api_login(dpo_ke)

    assert listed(client, since="2026-03-05", until="2026-03-15") == [
        str(other_search.uuid),
        str(search.uuid),
    ]
    assert listed(client, until="2026-03-01") == [str(early_read.uuid)]
    assert listed(client, since="2026-03-20T12:00:00Z", until="2026-03-31") == [str(late_read.uuid)]
    assert set(listed(client, action="view", until="2026-03-31")) == {
        str(early_read.uuid),
        str(late_read.uuid),
    }
    assert set(listed(client, actor=str(supervisor.uuid))) == {str(search.uuid), str(other_search.uuid)}
    # `object` finds the record's own events and the searches whose results listed it.
    assert set(listed(client, object=str(child_ke.uuid))) == {str(early_read.uuid), str(search.uuid)}


@pytest.mark.parametrize(
    "params, field",
    [({"since": "yesterday"}, "since"), ({"action": "steal"}, "action"), ({"object": "KE-P-1"}, "object")],
)
def test_bad_filters_are_named(api_login, dpo_ke, params, field):
    response = api_login(dpo_ke).get(reverse(LIST), params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("count", [3, 30])
def test_list_runs_constant_queries(
    count, api_login, world, dpo_ke, caseworker_ke, django_assert_max_num_queries
):
    for _ in range(count):
        person = PersonFactory(country=world.ke)
        record_read(person, actor=caseworker_ke)
        record_search(Person, actor=caseworker_ke, query_present=False, result_uuids=[person.uuid])
    client = api_login(dpo_ke)
    with django_assert_max_num_queries(10):
        response = client.get(reverse(LIST), {"page_size": 100})
    assert response.json()["count"] == 2 * count + 1  # and the officer's own login


def test_schema_of_the_audit_endpoints_has_no_warnings():
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/", include("trygg.audit.api.urls"))])
    with GENERATOR_STATS.silence():
        schema = generator.get_schema(request=None, public=True)
    warnings = [
        message
        for message in [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
        # The authentication classes are described (or not) by the accounts app, not here.
        if "could not resolve authenticator" not in message
    ]
    GENERATOR_STATS.reset()
    assert warnings == []
    operations = schema["paths"]["/api/v1/audit-events/"]
    assert set(operations) == {"get"}
    assert set(schema["paths"]["/api/v1/audit-events/{uuid}/"]) == {"get"}
    names = {p["name"] for p in operations["get"]["parameters"]}
    assert {"since", "until", "action", "actor", "object"} <= names
