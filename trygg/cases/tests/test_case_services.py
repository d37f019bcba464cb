"""Opening a case, its references, deadlines, risk, first action and assignment."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import CaseStatus, RiskLevel, Stage
from trygg.cases.models import Case, CaseEvent, ResponseDeadline
from trygg.cases.services.case import assign_case, open_case, record_first_action, set_risk
from trygg.cases.services.case_config import set_response_deadlines
from trygg.cases.tests.factories_case import CaseFactory
from trygg.core.services import ConflictError, OutOfScope
from trygg.people.tests.factories import PersonFactory


def _open(world, code="KE", role=Role.CASEWORKER, **kwargs):
    user = world.user(code, role)
    child = kwargs.pop("child", None) or PersonFactory(country=world.countries[code])
    kwargs.setdefault("risk_level", RiskLevel.MEDIUM)
    return open_case(child=child, country=world.countries[code], acting_user=user, **kwargs)


def test_open_case_starts_in_identification_with_a_reference_deadlines_audit_and_timeline(world):
    case = _open(world, risk_level=RiskLevel.HIGH, urgent_protection_concern=True)
    year = timezone.localdate().year
    assert re.fullmatch(rf"KE-{year}-\d{{6}}", case.reference)
    assert (case.stage, case.status, case.episode) == (Stage.IDENTIFICATION, CaseStatus.ACTIVE, 1)
    assert case.first_action_due - case.identified_at == timedelta(hours=24)
    assert AuditEvent.objects.filter(action="create", object_uuid=case.uuid).exists()
    event = CaseEvent.objects.get(case=case)
    assert event.kind == "opened"
    assert event.detail == {"risk_level": "high", "urgent": True, "episode": 1}


@pytest.mark.parametrize(
    "risk,first_action,assessment",
    [(RiskLevel.HIGH, 24, 72), (RiskLevel.MEDIUM, 72, 168), (RiskLevel.LOW, 168, 336)],
)
def test_default_deadlines_by_risk_level(world, risk, first_action, assessment):
    identified = timezone.now() - timedelta(hours=2)
    case = _open(world, risk_level=risk, identified_at=identified)
    assert case.first_action_due == identified + timedelta(hours=first_action)
    assert case.assessment_due == identified + timedelta(hours=assessment)


def test_references_count_per_country_and_year(world):
    ke1, ke2 = _open(world), _open(world)
    np1 = _open(world, "NP")
    year = timezone.localdate().year
    assert int(ke2.reference[-6:]) == int(ke1.reference[-6:]) + 1
    assert np1.reference == f"NP-{year}-000001"
    assert len({ke1.reference, ke2.reference, np1.reference}) == 3


def test_one_open_case_per_child_and_episodes_count_up(world):
    first = _open(world)
    with pytest.raises(ValidationError) as exc:
        _open(world, child=first.child)
    assert first.reference in str(exc.value.message_dict["child"])
    Case.objects.filter(pk=first.pk).update(status=CaseStatus.CLOSED, stage=Stage.CLOSURE)
    second = _open(world, child=first.child)
    assert second.episode == 2


def test_child_must_be_visible_and_in_the_cases_country(world):
    nepali = PersonFactory(country=world.np)
    with pytest.raises(ValidationError) as exc:
        _open(world, child=nepali)
    assert "child" in exc.value.message_dict
    # A Nepali caseworker cannot open a case in Kenya at all.
    with pytest.raises(OutOfScope):
        open_case(
            child=PersonFactory(country=world.ke),
            country=world.ke,
            risk_level=RiskLevel.LOW,
            acting_user=world.user("NP", Role.CASEWORKER),
        )


def test_cases_are_for_children(world):
    adult = PersonFactory(country=world.ke, date_of_birth=timezone.localdate() - timedelta(days=365 * 30))
    with pytest.raises(ValidationError) as exc:
        _open(world, child=adult)
    assert "child" in exc.value.message_dict


def test_identified_in_the_future_and_unknown_risk_are_refused(world):
    with pytest.raises(ValidationError) as exc:
        _open(world, risk_level="extreme", identified_at=timezone.now() + timedelta(days=1))
    assert set(exc.value.message_dict) == {"risk_level", "identified_at"}


def test_therapist_cannot_open_a_case(world):
    with pytest.raises(OutOfScope):
        _open(world, role=Role.THERAPIST)


def test_country_deadlines_apply_to_new_cases_and_risk_changes(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    set_response_deadlines(
        world.ke, hours={RiskLevel.HIGH: (6, 48), RiskLevel.LOW: (100, 200)}, acting_user=admin
    )
    assert ResponseDeadline.objects.filter(country=world.ke).count() == 2
    assert AuditEvent.objects.filter(object_type="cases.responsedeadline", country=world.ke).count() == 2
    high = _open(world, risk_level=RiskLevel.HIGH)
    assert high.first_action_due - high.identified_at == timedelta(hours=6)
    # Nepal keeps the defaults.
    nepal = _open(world, "NP", risk_level=RiskLevel.HIGH)
    assert nepal.first_action_due - nepal.identified_at == timedelta(hours=24)
    low = _open(world, risk_level=RiskLevel.MEDIUM)
    set_risk(
        low,
        risk_level=RiskLevel.LOW,
        urgent=False,
        acting_user=world.user("KE", Role.CASEWORKER),
        expected_version=low.version,
    )
    assert low.assessment_due - low.identified_at == timedelta(hours=200)


def test_only_the_countrys_administrator_configures_deadlines_and_values_are_checked(world):
    with pytest.raises(OutOfScope):
        set_response_deadlines(
            world.ke,
            hours={RiskLevel.HIGH: (6, 48)},
            acting_user=world.user("NP", Role.COUNTRY_ADMINISTRATOR),
        )
    with pytest.raises(OutOfScope):
        set_response_deadlines(
            world.ke, hours={RiskLevel.HIGH: (6, 48)}, acting_user=world.user("KE", Role.SUPERVISOR)
        )
    with pytest.raises(ValidationError) as exc:
        set_response_deadlines(
            world.ke,
            hours={RiskLevel.HIGH: (48, 6)},
            acting_user=world.user("KE", Role.COUNTRY_ADMINISTRATOR),
        )
    assert "high_assessment_hours" in exc.value.message_dict


def test_set_risk_recomputes_deadlines_from_identification_and_writes_the_timeline(world):
    case = _open(world, risk_level=RiskLevel.LOW, identified_at=timezone.now() - timedelta(hours=30))
    set_risk(
        case,
        risk_level=RiskLevel.HIGH,
        urgent=True,
        acting_user=world.user("KE", Role.CASEWORKER),
        expected_version=case.version,
    )
    case.refresh_from_db()
    assert case.first_action_due == case.identified_at + timedelta(hours=24)
    assert case.is_overdue()
    event = CaseEvent.objects.filter(case=case, kind="risk_changed").get()
    assert event.detail["from"] == "low" and event.detail["to"] == "high"


def test_a_stale_version_is_a_conflict(world):
    case = _open(world)
    stale = case.version
    user = world.user("KE", Role.CASEWORKER)
    set_risk(case, risk_level=RiskLevel.HIGH, urgent=False, acting_user=user, expected_version=stale)
    with pytest.raises(ConflictError):
        set_risk(case, risk_level=RiskLevel.LOW, urgent=False, acting_user=user, expected_version=stale)


def test_first_action_is_recorded_once_and_ends_the_first_deadline(world):
    case = _open(world, risk_level=RiskLevel.HIGH, identified_at=timezone.now() - timedelta(hours=30))
    assert case.first_action_is_overdue()
    assert Case.objects.overdue().filter(pk=case.pk).exists()
    user = world.user("KE", Role.CASEWORKER)
    record_first_action(case, acting_user=user, expected_version=case.version, note="Child moved to safety.")
    assert not case.first_action_is_overdue()
    assert not Case.objects.first_action_overdue().filter(pk=case.pk).exists()
    assert CaseEvent.objects.get(case=case, kind="first_action").note == "Child moved to safety."
    with pytest.raises(ValidationError):
        record_first_action(case, acting_user=user, expected_version=case.version)


def test_assessment_overdue_until_the_case_leaves_assessment(world):
    case = CaseFactory(identified_at=timezone.now() - timedelta(days=8), first_action_at=timezone.now())
    assert case.assessment_is_overdue()
    assert list(Case.objects.overdue()) == [case]
    Case.objects.filter(pk=case.pk).update(stage=Stage.CASE_PLANNING)
    assert not Case.objects.overdue().exists()


def test_assign_needs_a_worker_who_may_work_on_cases_there(world):
    case = _open(world)
    supervisor = world.user("KE", Role.SUPERVISOR)
    worker = world.user("KE", Role.CASEWORKER)
    with pytest.raises(ValidationError) as exc:
        assign_case(
            case,
            worker=world.user("NP", Role.CASEWORKER),
            supervisor=world.user("KE", Role.CASEWORKER),
            acting_user=supervisor,
            expected_version=case.version,
        )
    assert set(exc.value.message_dict) == {"worker", "supervisor"}
    assign_case(
        case, worker=worker, supervisor=supervisor, acting_user=supervisor, expected_version=case.version
    )
    case.refresh_from_db()
    assert (case.assigned_worker, case.supervisor) == (worker, supervisor)
    assert CaseEvent.objects.get(case=case, kind="assigned").detail["worker"] == str(worker.uuid)
    with pytest.raises(OutOfScope):
        assign_case(
            case, worker=worker, acting_user=world.user("KE", Role.THERAPIST), expected_version=case.version
        )


def test_eligible_users_are_those_who_hold_the_permission_there(world):
    from trygg.cases.services.case import eligible_users

    workers = set(eligible_users("case.change", country_id=world.ke.pk))
    assert workers == {world.user("KE", Role.CASEWORKER), world.user("KE", Role.SUPERVISOR)}
    assert set(eligible_users("case.approve", country_id=world.ke.pk)) == {world.user("KE", Role.SUPERVISOR)}
