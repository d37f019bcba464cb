"""Stage rules, consent and legal basis, closure approval and reopening."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import CaseStatus, ClosureReason, Stage
from trygg.cases.models import CaseEvent, ConsentGiver, ConsentKind, ConsentPurpose, LegalBasisStatus
from trygg.cases.services import stages
from trygg.cases.services.case import (
    NotAllowed,
    advance_stage,
    approve_closure,
    reject_closure,
    reopen_case,
    request_closure,
)
from trygg.cases.services.consent import (
    approve_legal_basis,
    consent_allows,
    record_consent,
    reject_legal_basis,
    request_legal_basis,
    withdraw_consent,
)
from trygg.cases.tests.factories_case import CaseFactory, ConsentFactory, LegalBasisFactory

CHECKLIST = {
    "consents_to_interview": True,
    "informed_of_purpose": True,
    "informed_of_data_use": True,
    "informed_of_right_to_request_data": True,
    "informed_of_storage_period": True,
    "informed_how_to_withdraw": True,
}


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


@pytest.fixture
def supervisor(world):
    return world.user("KE", Role.SUPERVISOR)


@pytest.fixture
def no_other_requirements(monkeypatch):
    """Only the case core's own requirement: other parts' checks are tested with those parts."""
    from trygg.cases.case_parts import consent_or_legal_basis

    mine = {stage: [consent_or_legal_basis] for stage in stages._REQUIREMENTS if stage != Stage.CLOSURE}
    monkeypatch.setattr(stages, "_REQUIREMENTS", mine)


def _advance(case, to_stage, user, reason=""):
    return advance_stage(
        case, to_stage=to_stage, acting_user=user, expected_version=case.version, reason=reason
    )


def test_assessment_needs_consent_or_an_approved_legal_basis(world, caseworker, no_other_requirements):
    case = CaseFactory()
    with pytest.raises(ValidationError) as exc:
        _advance(case, Stage.ASSESSMENT, caseworker)
    assert "legal basis" in " ".join(exc.value.message_dict["to_stage"])
    record_consent(
        case,
        given_by=ConsentGiver.CAREGIVER,
        kind=ConsentKind.CONSENT,
        purposes=[ConsentPurpose.REGISTRATION],
        acting_user=caseworker,
        **CHECKLIST,
    )
    _advance(case, Stage.ASSESSMENT, caseworker)
    assert (case.stage, case.status) == (Stage.ASSESSMENT, CaseStatus.ACTIVE)
    event = CaseEvent.objects.get(case=case, kind="stage_changed")
    assert event.detail == {"from": "identification", "to": "assessment"}
    assert AuditEvent.objects.filter(object_uuid=case.uuid, action="update").exists()


def test_stages_go_forward_one_at_a_time(world, caseworker, no_other_requirements):
    case = CaseFactory()
    ConsentFactory(case=case)
    with pytest.raises(ValidationError) as exc:
        _advance(case, Stage.IMPLEMENTATION, caseworker)
    message = " ".join(exc.value.message_dict["to_stage"])
    assert "cannot go from Identification and registration to Implementation" in message
    assert "Assessment" in message
    for stage in (Stage.ASSESSMENT, Stage.CASE_PLANNING, Stage.IMPLEMENTATION, Stage.FOLLOW_UP):
        _advance(case, stage, caseworker)
    assert (case.stage, case.status) == (Stage.FOLLOW_UP, CaseStatus.FOLLOW_UP)
    _advance(case, Stage.IMPLEMENTATION, caseworker, reason="New concerns at the follow-up visit.")
    assert (case.stage, case.status) == (Stage.IMPLEMENTATION, CaseStatus.ACTIVE)


def test_going_back_needs_a_reason(world, caseworker, no_other_requirements):
    case = CaseFactory(stage=Stage.CASE_PLANNING)
    ConsentFactory(case=case)
    with pytest.raises(ValidationError) as exc:
        _advance(case, Stage.ASSESSMENT, caseworker)
    assert "reason" in exc.value.message_dict
    _advance(case, Stage.ASSESSMENT, caseworker, reason="The family moved.")
    assert CaseEvent.objects.get(case=case, kind="stage_changed").note == "The family moved."


def test_closure_is_not_a_stage_to_advance_to(world, caseworker):
    case = CaseFactory(stage=Stage.FOLLOW_UP, status=CaseStatus.FOLLOW_UP)
    with pytest.raises(ValidationError) as exc:
        _advance(case, Stage.CLOSURE, caseworker)
    assert "supervisor" in " ".join(exc.value.message_dict["to_stage"])


def test_every_registered_requirement_is_named(world, caseworker, monkeypatch):
    case = CaseFactory(stage=Stage.ASSESSMENT)
    ConsentFactory(case=case)
    monkeypatch.setattr(
        stages,
        "_REQUIREMENTS",
        {Stage.CASE_PLANNING: [lambda c: "Complete the assessment before planning.", lambda c: None]},
    )
    with pytest.raises(ValidationError) as exc:
        _advance(case, Stage.CASE_PLANNING, caseworker)
    assert exc.value.message_dict["to_stage"] == ["Complete the assessment before planning."]


def test_withdrawn_consent_no_longer_allows_processing(world, caseworker, no_other_requirements):
    case = CaseFactory()
    consent = ConsentFactory(case=case, purposes=[ConsentPurpose.REGISTRATION, ConsentPurpose.SHARING])
    assert consent_allows(case, ConsentPurpose.SHARING)
    assert not consent_allows(case, ConsentPurpose.TRACING)
    withdraw_consent(
        consent, acting_user=caseworker, expected_version=consent.version, note="Mother changed her mind."
    )
    assert not consent_allows(case, ConsentPurpose.SHARING)
    assert not consent_allows(case, ConsentPurpose.REGISTRATION)
    with pytest.raises(ValidationError):
        _advance(case, Stage.ASSESSMENT, caseworker)
    assert CaseEvent.objects.filter(case=case, kind="consent_withdrawn").exists()
    with pytest.raises(ValidationError):
        withdraw_consent(consent, acting_user=caseworker, expected_version=consent.version)


def test_an_assent_alone_or_a_refusal_allows_nothing(world, caseworker):
    case = CaseFactory()
    record_consent(
        case,
        given_by=ConsentGiver.CHILD,
        kind=ConsentKind.ASSENT,
        purposes=[ConsentPurpose.REGISTRATION],
        acting_user=caseworker,
        **CHECKLIST,
    )
    record_consent(
        case,
        given_by=ConsentGiver.CAREGIVER,
        kind=ConsentKind.CONSENT,
        purposes=[ConsentPurpose.REGISTRATION],
        acting_user=caseworker,
        **{**CHECKLIST, "consents_to_interview": False},
    )
    assert not consent_allows(case, ConsentPurpose.REGISTRATION)
    assert case.consents.get(given_by=ConsentGiver.CHILD).given_by_person == case.child


def test_consent_must_be_informed_and_assent_is_a_childs(world, caseworker):
    case = CaseFactory()
    with pytest.raises(ValidationError) as exc:
        record_consent(
            case,
            given_by=ConsentGiver.GUARDIAN,
            kind=ConsentKind.ASSENT,
            purposes=[ConsentPurpose.RESEARCH, "marketing"],
            given_at=timezone.now() + timedelta(days=1),
            acting_user=caseworker,
            consents_to_interview=True,
        )
    assert set(exc.value.message_dict) == {
        "kind",
        "purposes",
        "given_at",
        "informed_of_purpose",
        "informed_of_research_use",
    }
    with pytest.raises(ValidationError) as exc:
        record_consent(
            case,
            given_by=ConsentGiver.CAREGIVER,
            kind=ConsentKind.CONSENT,
            purposes=[ConsentPurpose.RESEARCH],
            acting_user=caseworker,
            **CHECKLIST,
        )
    assert set(exc.value.message_dict) == {"informed_of_research_use"}


def test_legal_basis_needs_another_supervisors_approval(world, caseworker, supervisor, no_other_requirements):
    case = CaseFactory()
    basis = request_legal_basis(
        case,
        basis="best_interests_protection",
        purposes=[ConsentPurpose.REGISTRATION],
        explanation="No caregiver can be found; the child is in danger.",
        acting_user=caseworker,
    )
    assert not consent_allows(case, ConsentPurpose.REGISTRATION)
    with pytest.raises(NotAllowed):
        approve_legal_basis(basis, acting_user=caseworker)
    approve_legal_basis(basis, acting_user=supervisor, note="Agreed.")
    assert basis.status == LegalBasisStatus.APPROVED
    assert consent_allows(case, ConsentPurpose.REGISTRATION)
    _advance(case, Stage.ASSESSMENT, caseworker)
    with pytest.raises(ValidationError):
        approve_legal_basis(basis, acting_user=supervisor)
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {"legal_basis_requested", "legal_basis_approved"} <= kinds


def test_a_supervisor_does_not_decide_their_own_legal_basis_and_a_refusal_says_why(world, supervisor):
    basis = LegalBasisFactory(created_by=supervisor)
    with pytest.raises(NotAllowed):
        approve_legal_basis(basis, acting_user=supervisor)
    other = LegalBasisFactory(created_by=world.user("KE", Role.CASEWORKER))
    with pytest.raises(ValidationError) as exc:
        reject_legal_basis(other, acting_user=supervisor, note=" ")
    assert "note" in exc.value.message_dict
    reject_legal_basis(other, acting_user=supervisor, note="Try the aunt first.")
    assert other.status == LegalBasisStatus.REJECTED
    assert not consent_allows(other.case, ConsentPurpose.REGISTRATION)


def _request(case, user, reason=ClosureReason.GOALS_ACHIEVED):
    return request_closure(
        case, reason=reason, note="Goals met.", acting_user=user, expected_version=case.version
    )


def test_closure_needs_a_supervisor_who_did_not_ask_for_it(world, caseworker, supervisor):
    case = CaseFactory(stage=Stage.FOLLOW_UP, status=CaseStatus.FOLLOW_UP)
    _request(case, caseworker)
    assert case.closure_pending and not case.is_closed
    with pytest.raises(NotAllowed):
        approve_closure(case, acting_user=caseworker)
    approve_closure(case, acting_user=supervisor)
    case.refresh_from_db()
    assert (case.stage, case.status, case.closed_by) == (Stage.CLOSURE, CaseStatus.CLOSED, supervisor)
    assert case.closed_at is not None
    assert CaseEvent.objects.get(case=case, kind="closed").detail["reason"] == ClosureReason.GOALS_ACHIEVED
    with pytest.raises(ValidationError):
        advance_stage(case, to_stage=Stage.ASSESSMENT, acting_user=caseworker, expected_version=case.version)


def test_a_supervisor_cannot_approve_their_own_closure_request(world, supervisor):
    case = CaseFactory(stage=Stage.IMPLEMENTATION)
    _request(case, supervisor)
    with pytest.raises(NotAllowed):
        approve_closure(case, acting_user=supervisor)


def test_referred_or_transferred_closes_as_closed_referred(world, caseworker, supervisor):
    case = CaseFactory(stage=Stage.IMPLEMENTATION)
    _request(case, caseworker, reason=ClosureReason.REFERRED)
    approve_closure(case, acting_user=supervisor)
    assert case.status == CaseStatus.CLOSED_REFERRED


def test_a_refused_closure_says_why_and_the_case_carries_on(world, caseworker, supervisor):
    case = CaseFactory(stage=Stage.IMPLEMENTATION)
    with pytest.raises(ValidationError):
        _request(case, caseworker, reason="bored")
    _request(case, caseworker)
    with pytest.raises(ValidationError):
        _request(case, caseworker)
    with pytest.raises(ValidationError) as exc:
        reject_closure(case, acting_user=supervisor, note="")
    assert "note" in exc.value.message_dict
    reject_closure(case, acting_user=supervisor, note="One more follow-up visit first.")
    assert not case.closure_pending and case.stage == Stage.IMPLEMENTATION
    assert CaseEvent.objects.get(case=case, kind="closure_rejected").note == "One more follow-up visit first."
    with pytest.raises(ValidationError):
        approve_closure(case, acting_user=supervisor)


def test_closure_requirements_of_other_parts_are_checked(world, caseworker, monkeypatch):
    case = CaseFactory(stage=Stage.IMPLEMENTATION)
    monkeypatch.setattr(stages, "_REQUIREMENTS", {Stage.CLOSURE: [lambda c: "End the open referrals first."]})
    with pytest.raises(ValidationError) as exc:
        _request(case, caseworker)
    assert exc.value.messages == ["End the open referrals first."]


def test_reopen_goes_back_to_assessment_with_a_supervisors_reason(
    world, caseworker, supervisor, no_other_requirements
):
    case = CaseFactory(stage=Stage.CLOSURE, status=CaseStatus.CLOSED, closed_at=timezone.now())
    ConsentFactory(case=case)
    with pytest.raises(NotAllowed):
        reopen_case(case, acting_user=caseworker, reason="New risk.")
    with pytest.raises(ValidationError) as exc:
        reopen_case(case, acting_user=supervisor, reason="")
    assert "reason" in exc.value.message_dict
    reopen_case(case, acting_user=supervisor, reason="The child ran away again.")
    case.refresh_from_db()
    assert (case.stage, case.status, case.closed_at) == (Stage.ASSESSMENT, CaseStatus.ACTIVE, None)
    assert case.assessment_due > timezone.now()
    assert CaseEvent.objects.get(case=case, kind="reopened").note == "The child ran away again."
    with pytest.raises(ValidationError):
        reopen_case(case, acting_user=supervisor, reason="Again.")


def test_reopen_is_refused_while_the_child_has_another_open_case(world, supervisor):
    closed = CaseFactory(stage=Stage.CLOSURE, status=CaseStatus.CLOSED)
    ConsentFactory(case=closed)
    CaseFactory(child=closed.child)
    with pytest.raises(ValidationError) as exc:
        reopen_case(closed, acting_user=supervisor, reason="New risk.")
    assert "another open case" in " ".join(exc.value.messages)


def test_nepali_supervisor_cannot_touch_a_kenyan_case(world):
    from trygg.core.services import OutOfScope

    case = CaseFactory(stage=Stage.IMPLEMENTATION)
    _request(case, world.user("KE", Role.CASEWORKER))
    with pytest.raises(OutOfScope):
        approve_closure(case, acting_user=world.user("NP", Role.SUPERVISOR))
    with pytest.raises(OutOfScope):
        record_consent(
            case,
            given_by=ConsentGiver.CAREGIVER,
            kind=ConsentKind.CONSENT,
            purposes=[ConsentPurpose.REGISTRATION],
            acting_user=world.user("NP", Role.CASEWORKER),
            **CHECKLIST,
        )
