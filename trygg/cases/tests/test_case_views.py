"""The case list, the case page, opening a case, and the person page's cases."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import CaseStatus, RiskLevel, Stage
from trygg.cases.models import Case, CaseEvent
from trygg.cases.services.timeline import record_case_event
from trygg.cases.tests.factories_case import CaseFactory
from trygg.people.tests.factories import PersonFactory

LIST = reverse("cases:case_list")


def _detail(case):
    return reverse("cases:case_detail", kwargs={"uuid": case.uuid})


def _refs(response):
    return {case.reference for case in response.context["object_list"]}


def test_list_shows_only_the_users_country_and_is_one_search_event(world, login):
    ke = CaseFactory()
    np = CaseFactory(country=world.np)
    response = login(world.user("KE", Role.CASEWORKER)).get(LIST)
    assert response.status_code == 200
    assert _refs(response) == {ke.reference}
    assert np.reference not in response.content.decode()
    event = AuditEvent.objects.get(action="search", actor=world.user("KE", Role.CASEWORKER))
    assert event.detail["results"] == [str(ke.uuid)] and event.detail["model"] == "cases.case"


def test_roles_without_cases_get_404(world, login):
    for role in (Role.ANALYST, Role.FAMILY_STRENGTHENING_WORKER, Role.COUNTRY_ADMINISTRATOR):
        assert login(world.user("KE", role)).get(LIST).status_code == 404


def test_search_by_name_ignores_accents_and_by_reference(world, login):
    agot = CaseFactory(child=PersonFactory(given_name="Ågot", family_name="Ørn"))
    other = CaseFactory(child=PersonFactory(given_name="Wanjiru", family_name="Kamau"))
    client = login(world.user("KE", Role.CASEWORKER))
    assert _refs(client.get(LIST, {"q": "agot orn"})) == {agot.reference}
    assert _refs(client.get(LIST, {"q": other.reference.lower()})) == {other.reference}
    assert AuditEvent.objects.filter(action="search", detail__query=True).count() == 2
    # Part of a reference (year and number, any case) finds the case; a name never matches it.
    assert _refs(client.get(LIST, {"q": other.reference[3:].lower()})) == {other.reference}
    assert _refs(client.get(LIST, {"q": "wanjiru"})) == {other.reference}


def test_list_pages_without_counting(world, login, monkeypatch):
    from trygg.cases.views.case import CaseListView

    monkeypatch.setattr(CaseListView, "paginate_by", 2)
    now = timezone.now()
    cases = [CaseFactory(identified_at=now - timedelta(days=day)) for day in range(5)]
    client = login(world.user("KE", Role.CASEWORKER))
    first = client.get(LIST, {"stage": Stage.IDENTIFICATION})
    last = client.get(LIST, {"stage": Stage.IDENTIFICATION, "page": 3})
    missing = client.get(LIST, {"page": 4})
    not_a_page = client.get(LIST, {"page": "last"})
    html = first.content.decode()
    assert [c.reference for c in first.context["object_list"]] == [c.reference for c in cases[:2]]
    assert "More than 2 cases found; showing 1 to 2." in html
    assert 'rel="next"' in html and "page=2" in html and "stage=identification" in html
    html = last.content.decode()
    assert [c.reference for c in last.context["object_list"]] == [cases[4].reference]
    assert "5 cases found; showing 5 to 5." in html and 'rel="next"' not in html and 'rel="prev"' in html
    assert missing.status_code == 404 and not_a_page.status_code == 404


def test_overdue_filter_counts_closed_cases_as_not_overdue(world, login):
    long_ago = timezone.now() - timedelta(days=20)
    late = CaseFactory(identified_at=long_ago)
    closed = CaseFactory(identified_at=long_ago, stage=Stage.CLOSURE, status=CaseStatus.CLOSED)
    on_time = CaseFactory()
    CaseFactory(country=world.np, identified_at=long_ago)
    client = login(world.user("KE", Role.CASEWORKER))
    assert _refs(client.get(LIST, {"overdue": "true"})) == {late.reference}
    assert _refs(client.get(LIST, {"overdue": "false"})) == {closed.reference, on_time.reference}


def test_filters_stage_status_risk_worker_and_overdue(world, login):
    worker = world.user("KE", Role.CASEWORKER)
    mine = CaseFactory(assigned_worker=worker, risk_level=RiskLevel.HIGH)
    late = CaseFactory(identified_at=timezone.now() - timedelta(days=20), risk_level=RiskLevel.LOW)
    planning = CaseFactory(stage=Stage.CASE_PLANNING, first_action_at=timezone.now())
    closed = CaseFactory(stage=Stage.CLOSURE, status=CaseStatus.CLOSED)
    client = login(worker)
    assert _refs(client.get(LIST, {"stage": Stage.CASE_PLANNING})) == {planning.reference}
    assert _refs(client.get(LIST, {"status": CaseStatus.CLOSED})) == {closed.reference}
    assert _refs(client.get(LIST, {"risk_level": RiskLevel.HIGH})) == {mine.reference}
    assert _refs(client.get(LIST, {"assigned_worker": "me"})) == {mine.reference}
    assert _refs(client.get(LIST, {"overdue": "true"})) == {late.reference}
    assert late.reference not in _refs(client.get(LIST, {"overdue": "false"}))
    assert _refs(client.get(LIST, {"country": "KE", "site": ""})) == {
        c.reference for c in (mine, late, planning, closed)
    }


def test_htmx_search_returns_the_results_only(world, login):
    case = CaseFactory()
    response = login(world.user("KE", Role.CASEWORKER)).get(
        LIST, {"q": case.reference}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert case.reference in html and "<html" not in html


@pytest.mark.parametrize("rows", [3, 30])
def test_list_runs_a_constant_number_of_queries(world, login, django_assert_max_num_queries, rows):
    worker = world.user("KE", Role.CASEWORKER)
    for _ in range(rows):
        CaseFactory(
            assigned_worker=worker, site=world.sites["KE"], identified_at=timezone.now() - timedelta(days=30)
        )
    client = login(worker)
    with django_assert_max_num_queries(18):
        response = client.get(LIST, {"overdue": "true", "status": CaseStatus.ACTIVE})
    assert response.status_code == 200
    assert len(response.context["object_list"]) == rows


def test_exploitation_filter_only_for_users_with_the_trafficking_permission(world, login):
    from django.apps import apps

    try:
        profile_model = apps.get_model("cases", "TraffickingProfile")
    except LookupError:
        pytest.fail("The identification part defines TraffickingProfile; this test needs it.")
    labour = CaseFactory()
    crime = CaseFactory()
    profile_model.objects.create(case=labour, types_of_exploitation=["ForcedLabour", "ChildLabour"])
    profile_model.objects.create(case=crime, types_of_exploitation=["ForcedCriminality"])
    caseworker = login(world.user("KE", Role.CASEWORKER))
    assert _refs(caseworker.get(LIST, {"exploitation_type": "ForcedCriminality"})) == {crime.reference}
    response = login(world.user("KE", Role.THERAPIST)).get(LIST, {"exploitation_type": "ForcedCriminality"})
    assert "exploitation_type" not in response.context["filter"].form.fields
    assert _refs(response) == {labour.reference, crime.reference}


def test_case_page_shows_the_summary_stepper_timeline_and_is_audited(world, login):
    case = CaseFactory(risk_level=RiskLevel.HIGH, identified_at=timezone.now() - timedelta(days=2))
    record_case_event(
        case, "opened", actor=world.user("KE", Role.CASEWORKER), obj=case, detail={"risk_level": "high"}
    )
    user = world.user("KE", Role.CASEWORKER)
    response = login(user).get(_detail(case))
    html = response.content.decode()
    assert response.status_code == 200
    assert case.reference in html and case.child.full_name in html
    assert 'aria-current="step"' in html and "Overdue" in html
    assert "Case opened" in html
    assert 'data-panel="consent"' in html
    assert reverse("cases:case_stage", kwargs={"uuid": case.uuid}) in html
    assert AuditEvent.objects.filter(action="view", object_uuid=case.uuid, actor=user).count() == 1


def test_timeline_hides_lines_the_user_may_not_read(world, login):
    case = CaseFactory()
    record_case_event(
        case, "screening_recorded", actor=None, obj=case, sensitivity="sensitive.trafficking", detail={"x": 1}
    )
    therapist = login(world.user("KE", Role.THERAPIST)).get(_detail(case)).content.decode()
    assert "A restricted entry" in therapist and "screening_recorded" not in therapist
    caseworker = login(world.user("KE", Role.CASEWORKER)).get(_detail(case)).content.decode()
    assert "A restricted entry" not in caseworker and 'data-kind="screening_recorded"' in caseworker


def test_viewers_without_change_see_no_actions(world, login):
    case = CaseFactory()
    html = login(world.user("KE", Role.THERAPIST)).get(_detail(case)).content.decode()
    assert reverse("cases:case_stage", kwargs={"uuid": case.uuid}) not in html


def test_other_countrys_users_get_404_on_the_case_page(world, login):
    case = CaseFactory()
    for role in (Role.CASEWORKER, Role.SUPERVISOR, Role.THERAPIST):
        assert login(world.user("NP", role)).get(_detail(case)).status_code == 404


def test_open_a_case_from_the_person_page(world, login):
    child = PersonFactory(country=world.ke, site=world.sites["KE"])
    client = login(world.user("KE", Role.CASEWORKER))
    person_page = client.get(reverse("people:person_detail", kwargs={"uuid": child.uuid})).content.decode()
    open_url = f"{reverse('cases:case_open')}?child={child.uuid}"
    assert open_url in person_page
    form = client.get(open_url)
    assert form.context["form"].initial["child"] == child.reference
    response = client.post(
        open_url,
        {
            "child": child.reference,
            "site": str(world.sites["KE"].uuid),
            "risk_level": RiskLevel.HIGH,
            "urgent_protection_concern": "on",
            "assigned_worker": str(world.user("KE", Role.CASEWORKER).uuid),
        },
    )
    case = Case.objects.get(child=child)
    assert response.status_code == 302 and response.url == _detail(case)
    assert case.urgent_protection_concern and case.assigned_worker == world.user("KE", Role.CASEWORKER)
    person_page = client.get(reverse("people:person_detail", kwargs={"uuid": child.uuid})).content.decode()
    assert case.reference in person_page
    assert '<li aria-current="step" data-stage="protection">' in person_page
    assert open_url not in person_page
    again = client.post(open_url, {"child": child.reference, "risk_level": RiskLevel.LOW})
    assert again.status_code == 400
    assert case.reference in again.content.decode()


def test_continuum_stage_is_protection_while_a_case_is_open(world, login):
    from trygg.people import continuum

    case = CaseFactory()
    assert continuum.stage_for(case.child, in_household=True) == "protection"
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    assert continuum.stage_for(case.child, in_household=True) == "prevention"


def test_open_form_refuses_a_child_of_another_country(world, login):
    nepali = PersonFactory(country=world.np)
    response = login(world.user("KE", Role.CASEWORKER)).post(
        reverse("cases:case_open"), {"child": nepali.reference, "risk_level": RiskLevel.LOW}
    )
    assert response.status_code == 400
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()
