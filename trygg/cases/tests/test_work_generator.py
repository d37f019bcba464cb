"""The synthetic case generator: realistic, consistent, marked by its reference ranges, fast paths."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import CaseStatus, Stage
from trygg.cases.models import Assessment, Case, CaseEvent, CasePlan, CasePlanAction, TraffickingProfile
from trygg.cases.services.work import counts_by_worker
from trygg.cases.synthetic import run as synthetic_run
from trygg.cases.synthetic.loader import indexes_rebuilt_after
from trygg.cases.synthetic.names import SOUTH_ASIA
from trygg.cases.tests.factories_case import CaseFactory
from trygg.people import services as people
from trygg.people.models import Person


def generate(children=120, countries=("KE", "NP"), seed=3, **options):
    call_command(
        "generate_cases", children=children, countries=list(countries), seed=seed, verbosity=0, **options
    )


def test_children_and_cases_are_consistent(world):
    generate()
    cases = list(Case.objects.select_related("child", "country"))
    assert len(cases) == Person.objects.count() == 120
    assert {c.country.code for c in cases} == {"KE", "NP"}
    today = timezone.localdate()
    for case in cases:
        assert case.child.country_id == case.country_id and case.child.site_id == case.site_id
        assert case.child.age_on(case.identified_at.date()) < 18
        assert timezone.now() - timedelta(days=5 * 366) <= case.identified_at <= timezone.now()
        assert case.first_action_due > case.identified_at and case.assessment_due >= case.first_action_due
        assert case.reference.startswith(f"{case.country.code}-{case.identified_at.year}-")
        if case.is_closed:
            assert case.stage == Stage.CLOSURE and case.closure_reason and case.closed_at <= timezone.now()
            assert case.identified_at <= case.closure_requested_at <= case.closed_at
            assert case.first_action_at is not None
        else:
            assert case.stage != Stage.CLOSURE and case.closed_at is None
        if case.status == CaseStatus.FOLLOW_UP:
            assert case.stage == Stage.FOLLOW_UP
        assert case.child.search_text and case.child.name_keys.filter(key__startswith="p:").exists()
    assert len({c.child_id for c in cases}) == 120
    # Closed and open, several stages and risk levels: not all alike.
    assert {c.is_closed for c in cases} == {True, False}
    assert len({c.stage for c in cases}) >= 4 and len({c.risk_level for c in cases}) == 3
    assert today >= min(c.identified_at.date() for c in cases)


def test_cases_hold_what_their_stage_needs(world):
    generate(children=300, countries=("KE",))
    assert CaseEvent.objects.filter(kind="opened").count() == 300
    assert CaseEvent.objects.filter(kind="closed").count() == Case.objects.closed().count()
    past_assessment = Case.objects.filter(
        stage__in=[Stage.CASE_PLANNING, Stage.IMPLEMENTATION, Stage.FOLLOW_UP]
    )
    with_assessment = past_assessment.filter(assessments__completed_at__isnull=False).distinct().count()
    assert with_assessment >= 0.9 * past_assessment.count()
    assert not Assessment.objects.filter(case__stage=Stage.IDENTIFICATION).exists()
    assert (
        CasePlan.objects.filter(status="approved").count()
        == Case.objects.filter(stage__in=[Stage.IMPLEMENTATION, Stage.FOLLOW_UP]).count()
    )
    assert CasePlanAction.objects.filter(plan__case__stage=Stage.IMPLEMENTATION).exists()
    profiles = list(TraffickingProfile.objects.all())
    assert 0.6 * 300 <= len(profiles) <= 0.9 * 300
    assert all(p.types_of_exploitation for p in profiles)
    assert all(p.non_punishment == ("ForcedCriminality" in p.types_of_exploitation) for p in profiles)
    # The generated cases give work due, like a real caseload.
    assert counts_by_worker()


def test_names_come_from_the_regions_with_accents_and_own_scripts(world):
    generate(children=400, countries=("NP", "UA"))
    nepal = Person.objects.filter(country__code="NP")
    assert nepal.filter(name_in_own_script__regex=r"[\u0900-\u097F]").exists()  # Devanagari
    assert Person.objects.filter(country__code="UA", name_in_own_script__regex=r"[\u0400-\u04FF]").exists()
    south_asian = nepal.filter(family_name__in=SOUTH_ASIA.family).count()
    assert 0.8 * nepal.count() <= south_asian < nepal.count()  # most, and some from farther away
    assert Person.objects.search("Shresta").filter(family_name="Shrestha").exists()


def test_references_continue_the_series_and_the_run_is_one_audit_event(world):
    generate(children=50, countries=("KE",))
    caseworker = world.user("KE", Role.CASEWORKER)
    later = people.register_person(country=world.ke, acting_user=caseworker, given_name="Amani")
    assert later.reference == "KE-P-000051"
    opened_later = CaseFactory(child=later)
    assert Case.objects.filter(reference=opened_later.reference).count() == 1
    (event,) = AuditEvent.objects.filter(action=AuditEvent.Action.IMPORT)
    assert event.detail["person_references"] == {"KE": "KE-P-000001..KE-P-000050"}
    assert event.detail["children"] == 50 and event.detail["rows"]["cases.Case"] == 50
    names = set(Person.objects.exclude(pk=later.pk).values_list("given_name", flat=True))
    assert not any(name in str(event.detail) for name in names)


def test_the_same_seed_gives_the_same_children(world):
    generate(children=30, countries=("KE",), seed=11)
    first = list(Person.objects.order_by("pk").values_list("given_name", "family_name", "date_of_birth"))
    generate(children=30, countries=("KE",), seed=11)
    second = list(Person.objects.order_by("pk").values_list("given_name", "family_name", "date_of_birth"))[
        30:
    ]
    assert first == second
    assert Person.objects.values("uuid").distinct().count() == 60


def test_synthetic_staff_is_created_once(world):
    generate(children=20, countries=("KE",))
    generate(children=20, countries=("KE",))
    staff = User.objects.filter(email__startswith="synthetic.")
    assert staff.count() == 3  # two caseworkers and a supervisor
    assert not any(user.has_usable_password() for user in staff)
    assert set(Membership.objects.filter(user__in=staff).values_list("role", flat=True)) == {
        Role.CASEWORKER,
        Role.SUPERVISOR,
    }
    assigned = set(
        Case.objects.exclude(assigned_worker=None).values_list("assigned_worker__email", flat=True)
    )
    assert assigned and all(email.startswith("synthetic.caseworker") for email in assigned)


def test_bad_arguments_and_production_are_refused(world, settings):
    with pytest.raises(CommandError, match="Unknown country codes: XX"):
        generate(countries=("KE", "XX"))
    with pytest.raises(CommandError):
        generate(children=0)
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never with TRYGG_ENV=production"):
        generate()
    assert not Case.objects.exists()


def _schema(tables):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY indexname",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) "
            "ORDER BY conname",
            [tables],
        )
        return indexes, cursor.fetchall()


def test_a_large_load_rebuilds_every_index_and_constraint(world, monkeypatch):
    monkeypatch.setattr(synthetic_run, "REBUILD_FROM", 10)
    tables = ["people_person", "cases_case", "cases_caseplan", "cases_caseplanaction"]
    if connection.vendor != "postgresql":
        # SQLite keeps its indexes while loading; the block just runs.
        with indexes_rebuilt_after([Person]):
            pass
        generate(children=40)
        assert Case.objects.count() == 40
        return
    before = _schema(tables)
    generate(children=40)
    after = _schema(tables)
    # The same indexes (PostgreSQL may print a rebuilt partial index's condition differently).
    assert [name for name, _definition in after[0]] == [name for name, _definition in before[0]]
    assert after[1] == before[1]
    assert Case.objects.count() == 40
    assert (
        Person.objects.search("Mohamed").count()
        == Person.objects.filter(name_keys__key__startswith="p:MHMT").distinct().count()
    )
