"""The data protection officer's pages."""

import pytest
from django.urls import reverse

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event, record_read, record_search
from trygg.people.models import Person
from trygg.people.services import update_person
from trygg.people.tests.factories import PersonFactory

from .conftest import clock, moment


def audit_urls(person, user):
    return [
        reverse("audit:index"),
        reverse("audit:record_lookup") + f"?record={person.reference}",
        reverse("audit:record_access", args=[person.uuid]),
        reverse("audit:user_activity", args=[user.uuid]),
    ]


def test_dpo_sees_who_opened_a_childs_record(login, dpo_ke, caseworker_ke, child_ke):
    record_read(child_ke, actor=caseworker_ke)
    response = login(dpo_ke).get(reverse("audit:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert caseworker_ke.email in page
    assert child_ke.reference in page
    assert "Viewed" in page
    # The child's name never appears on the audit page.
    assert child_ke.given_name not in page


def test_record_access_lists_reads_searches_that_listed_the_child_and_writes(
    login, world, dpo_ke, caseworker_ke, child_ke
):
    supervisor = world.user("KE", Role.SUPERVISOR)
    other = PersonFactory(country=world.ke)
    record_read(child_ke, actor=caseworker_ke)
    record_read(child_ke, actor=caseworker_ke)
    record_search(Person, actor=supervisor, query_present=True, result_uuids=[other.uuid, child_ke.uuid])
    record_search(Person, actor=supervisor, query_present=True, result_uuids=[other.uuid])
    update_person(child_ke, acting_user=caseworker_ke, expected_version=child_ke.version, other_names="x")
    record_read(other, actor=world.user("KE", Role.TRACING_OFFICER))

    response = login(dpo_ke).get(reverse("audit:record_access", args=[child_ke.uuid]))

    assert response.status_code == 200
    summary = {row["user"]: row for row in response.context["summary"]}
    assert set(summary) == {caseworker_ke, supervisor}
    assert (summary[caseworker_ke]["views"], summary[caseworker_ke]["writes"]) == (2, 1)
    assert (summary[supervisor]["views"], summary[supervisor]["listed"]) == (0, 1)
    assert len(response.context["events"]) == 4
    page = response.content.decode()
    assert reverse("audit:user_activity", args=[caseworker_ke.uuid]) in page


def test_opening_an_audit_page_is_itself_audited(login, dpo_ke, caseworker_ke, child_ke):
    client = login(dpo_ke)
    client.get(reverse("audit:record_access", args=[child_ke.uuid]))
    client.get(reverse("audit:user_activity", args=[caseworker_ke.uuid]))
    queries = AuditEvent.objects.filter(actor=dpo_ke, action=AuditEvent.Action.SEARCH).order_by("at", "id")
    assert [(e.detail["audit_query"], e.detail["subject"]) for e in queries] == [
        ("record_access", str(child_ke.uuid)),
        ("user_activity", str(caseworker_ke.uuid)),
    ]
    assert queries[0].country_id == child_ke.country_id


def test_user_activity_shows_what_the_user_saw_with_links_to_the_records(
    login, world, dpo_ke, caseworker_ke, child_ke, child_np
):
    other = PersonFactory(country=world.ke)
    record_read(child_ke, actor=caseworker_ke)
    record_search(Person, actor=caseworker_ke, query_present=False, result_uuids=[other.uuid, child_np.uuid])
    record_event(AuditEvent.Action.LOGIN, actor=caseworker_ke)
    record_read(other, actor=world.user("KE", Role.SUPERVISOR))

    response = login(dpo_ke).get(reverse("audit:user_activity", args=[caseworker_ke.uuid]))

    assert response.status_code == 200
    totals = {row["action"]: row["count"] for row in response.context["totals"]}
    assert totals == {AuditEvent.Action.VIEW: 1, AuditEvent.Action.SEARCH: 1, AuditEvent.Action.LOGIN: 1}
    page = response.content.decode()
    assert reverse("audit:record_access", args=[child_ke.uuid]) in page
    assert reverse("audit:record_access", args=[other.uuid]) in page
    # A listed record outside the officer's scope is neither named nor linked.
    assert child_np.reference not in page
    assert reverse("audit:record_access", args=[child_np.uuid]) not in page


def test_record_lookup_by_reference_leads_to_the_access_page(login, dpo_ke, child_ke):
    response = login(dpo_ke).get(reverse("audit:record_lookup"), {"record": child_ke.reference.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:record_access", args=[child_ke.uuid])


def test_other_countrys_dpo_gets_404(login, dpo_np, caseworker_ke, child_ke):
    record_read(child_ke, actor=caseworker_ke)
    client = login(dpo_np)
    assert client.get(reverse("audit:record_access", args=[child_ke.uuid])).status_code == 404
    assert client.get(reverse("audit:user_activity", args=[caseworker_ke.uuid])).status_code == 404
    assert client.get(reverse("audit:record_lookup"), {"record": child_ke.reference}).status_code == 404
    assert client.get(reverse("audit:record_lookup"), {"record": str(child_ke.uuid)}).status_code == 404
    index = client.get(reverse("audit:index"))
    assert index.status_code == 200
    # Only the officer's own login: nothing about Kenya's records or users.
    assert [e.action for e in index.context["events"]] == [AuditEvent.Action.LOGIN]
    assert index.context["events"][0].actor == dpo_np
    # A refused look-up writes no audit query naming the other country's record.
    assert not AuditEvent.objects.filter(actor=dpo_np, action=AuditEvent.Action.SEARCH).exists()


def test_unknown_record_and_out_of_scope_record_look_the_same(login, dpo_np, child_ke):
    client = login(dpo_np)
    missing = client.get(reverse("audit:record_lookup"), {"record": "KE-P-999999"})
    hidden = client.get(reverse("audit:record_lookup"), {"record": child_ke.reference})
    assert missing.status_code == hidden.status_code == 404
    assert missing.context["form"].errors == hidden.context["form"].errors


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SUPERVISOR, Role.COUNTRY_ADMINISTRATOR, Role.ANALYST])
def test_other_roles_get_404_on_every_audit_page(login, world, role, caseworker_ke, child_ke):
    record_read(child_ke, actor=caseworker_ke)
    client = login(world.user("KE", role))
    for url in audit_urls(child_ke, caseworker_ke):
        assert client.get(url).status_code == 404, url


def test_system_administrator_does_not_read_the_audit_trail(login, world, caseworker_ke, child_ke):
    client = login(world.system_admin)
    for url in audit_urls(child_ke, caseworker_ke):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_login(client, caseworker_ke, child_ke):
    for url in audit_urls(child_ke, caseworker_ke):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_time_filter(login, dpo_ke, caseworker_ke, child_ke):
    with clock(moment(1)):
        early = record_read(child_ke, actor=caseworker_ke)
    with clock(moment(10, hour=9)):
        middle = record_read(child_ke, actor=caseworker_ke)
    with clock(moment(20)):
        late = record_read(child_ke, actor=caseworker_ke)
    client = login(dpo_ke)

    def shown(url, **params):
        response = client.get(url, params)
        assert response.status_code == 200
        return list(response.context["events"])

    index = reverse("audit:index")
    assert shown(index, since="2026-03-05", until="2026-03-15") == [middle]
    # A date alone as the end includes that whole day; a datetime-local value is exact.
    assert shown(index, until="2026-03-10") == [middle, early]
    assert shown(index, since="2026-03-10T09:30", until="2026-03-31") == [late]
    access = reverse("audit:record_access", args=[child_ke.uuid])
    assert shown(access, since="2026-03-02") == [late, middle]
    activity = reverse("audit:user_activity", args=[caseworker_ke.uuid])
    assert [event for event, _listed in shown(activity, until="2026-03-09T23:00")] == [early]


def test_bad_dates_are_named_not_ignored(login, dpo_ke, caseworker_ke, child_ke):
    record_read(child_ke, actor=caseworker_ke)
    client = login(dpo_ke)
    response = client.get(reverse("audit:index"), {"since": "yesterday"})
    assert response.status_code == 200
    assert "since" in response.context["filter"].errors
    assert list(response.context["events"]) == []
    response = client.get(
        reverse("audit:record_access", args=[child_ke.uuid]), {"since": "2026-03-10", "until": "2026-03-01"}
    )
    assert "until" in response.context["form"].errors


def test_event_list_filters(login, world, dpo_ke, caseworker_ke, child_ke):
    supervisor = world.user("KE", Role.SUPERVISOR)
    read = record_read(child_ke, actor=caseworker_ke)
    listed = record_search(Person, actor=supervisor, query_present=True, result_uuids=[child_ke.uuid])
    login_event = record_event(AuditEvent.Action.LOGIN, actor=supervisor)
    client = login(dpo_ke)

    def shown(**params):
        response = client.get(reverse("audit:index"), params)
        assert response.status_code == 200
        return set(response.context["events"])

    assert shown(action="view") == {read}
    assert shown(actor=supervisor.email.upper()) == {listed, login_event}
    assert shown(record=str(child_ke.uuid)) == {read, listed}
    assert shown(record=child_ke.reference.lower()) == {read}
    assert shown(country=world.ke.pk) == {read}
    # A user outside the officer's scope cannot be picked, and the error says why.
    response = client.get(reverse("audit:index"), {"actor": world.user("NP", Role.CASEWORKER).email})
    assert "actor" in response.context["filter"].errors


def test_country_filter_offers_only_the_officers_countries(login, world, dpo_ke):
    response = login(dpo_ke).get(reverse("audit:index"))
    choices = list(response.context["filter"].form.fields["country"].queryset)
    assert choices == [world.ke]
    response = login(dpo_ke).get(reverse("audit:index"), {"country": world.np.pk})
    assert "country" in response.context["filter"].errors


def _make_reads(count, world, caseworker_ke):
    for _ in range(count):
        person = PersonFactory(country=world.ke)
        record_read(person, actor=caseworker_ke)
        record_search(Person, actor=caseworker_ke, query_present=True, result_uuids=[person.uuid])
        update_person(person, acting_user=caseworker_ke, expected_version=person.version, other_names="y")


@pytest.mark.parametrize("count", [3, 30])
def test_event_list_runs_constant_queries(
    count, login, world, dpo_ke, caseworker_ke, django_assert_max_num_queries
):
    _make_reads(count, world, caseworker_ke)
    client = login(dpo_ke)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("audit:index"))
    # Three events per person, plus the officer's own login.
    assert len(response.context["events"]) == min(3 * count + 1, 50)


@pytest.mark.parametrize("count", [3, 30])
def test_record_and_user_pages_run_constant_queries(
    count, login, world, dpo_ke, caseworker_ke, child_ke, django_assert_max_num_queries
):
    _make_reads(count, world, caseworker_ke)
    for user in world.users.values():
        record_read(child_ke, actor=user)
    record_search(
        Person,
        actor=caseworker_ke,
        query_present=False,
        result_uuids=list(Person.objects.values_list("uuid", flat=True)),
    )
    client = login(dpo_ke)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("audit:record_access", args=[child_ke.uuid]))
    assert len(response.context["summary"]) == len(world.users)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("audit:user_activity", args=[caseworker_ke.uuid]))
    assert response.status_code == 200
