"""Tracing services: matching both ways, status rules, consent, review, the steps after a match."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.core.services import ConflictError, OutOfScope
from trygg.people import services as people

from ..codes import (
    BestInterestsDecision,
    DeterminationStatus,
    ProposalStatus,
    RequestStatus,
    VerificationOutcome,
    VisitOutcome,
)
from ..models import ChildMatchKey, MatchProposal, MonitoringVisit, RequestMatchKey
from ..services import config, matching, requests, reunification, review
from ..services.reunification import months_later
from .factories import (
    born,
    confirmed,
    determination,
    file,
    match,
    officer,
    proposal_of,
    register_child,
    reunified,
    supervisor,
    verified,
)

pytestmark = pytest.mark.django_db


# --- matching --------------------------------------------------------------------------------------


def test_a_request_finds_the_child_spelled_differently_and_not_an_unrelated_one(world):
    child = register_child(world, given_name="Mohammed", family_name="Abdi", gender="Masculine")
    register_child(world, given_name="Wanjiru", family_name="Kamau", date_of_birth=born(12))
    request = file(world, given_name="Muhamad", family_name="Abdi", sex="Masculine")

    made = match(request)

    assert [p.child for p in made] == [child]
    proposal = made[0]
    assert proposal.probability >= config.settings_for(world.ke.pk).match_threshold
    assert {row["column"] for row in proposal.explanation} >= {"given_name", "family_name", "age"}
    assert all("left_value" not in row and "value" not in row for row in proposal.explanation)
    request.refresh_from_db()
    assert request.status == RequestStatus.MATCH_PROPOSED


def test_a_child_registered_after_the_request_is_matched_against_it(
    world, django_capture_on_commit_callbacks
):
    request = file(world)
    assert RequestMatchKey.objects.filter(request=request).exists()
    with django_capture_on_commit_callbacks(execute=True):
        child = register_child(world)
    assert ChildMatchKey.objects.filter(person=child).exists()
    assert proposal_of(request, child).status == ProposalStatus.PROPOSED


def test_filing_with_consent_matches_after_the_commit(world, django_capture_on_commit_callbacks):
    child = register_child(world)
    with django_capture_on_commit_callbacks(execute=True):
        request = file(world)
    assert proposal_of(request, child).status == ProposalStatus.PROPOSED


def test_a_request_in_one_country_finds_a_child_registered_in_another(world):
    child = register_child(world, "NP")
    request = file(world, "KE")
    made = match(request)
    assert [p.child for p in made] == [child]
    assert (made[0].request_country, made[0].child_country) == (world.ke, world.np)


def test_adults_are_not_candidates(world):
    register_child(world, date_of_birth=born(25))
    assert match(file(world, approximate_age=None, date_of_birth=None)) == []


def test_consent_is_required_before_anything_is_matched(world):
    register_child(world)
    request = file(world, consent=False)
    with pytest.raises(ValidationError):
        match(request)
    with pytest.raises(ValidationError):
        requests.run_matching(request, acting_user=officer(world))
    assert not MatchProposal.objects.exists()

    requests.record_consent(
        request, acting_user=officer(world), expected_version=request.version, given_by="the mother"
    )
    request.refresh_from_db()
    assert request.consent_to_trace and request.consent_recorded_by == officer(world)
    assert request.consent_recorded_at is not None
    assert len(requests.run_matching(request, acting_user=officer(world))) == 1


def test_consent_at_filing_says_who_gave_it(world):
    with pytest.raises(ValidationError) as error:
        requests.file_request(
            country=world.ke,
            acting_user=officer(world),
            consent_to_trace=True,
            consent_given_by="",
            requester_name="Mary",
            requester_relationship="mother",
            given_name="Achieng",
        )
    assert "consent_given_by" in error.value.message_dict


def test_a_rejected_pair_is_never_proposed_again(world):
    child = register_child(world)
    request = file(world)
    proposal = match(request)[0]
    with pytest.raises(ValidationError):
        review.reject_proposal(
            proposal, acting_user=officer(world), expected_version=proposal.version, reason=" "
        )
    review.reject_proposal(
        proposal, acting_user=officer(world), expected_version=proposal.version, reason="Different mother."
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN

    assert match(request) == []
    assert matching.match_child(child) == []
    assert MatchProposal.objects.get().status == ProposalStatus.REJECTED
    request.refresh_from_db()
    assert request.status == RequestStatus.OPEN


def test_the_database_keeps_one_proposal_per_pair_and_a_reason_for_each_rejection(world):
    child = register_child(world)
    request = file(world)
    proposal = match(request)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchProposal.objects.create(
            request=request,
            child=child,
            request_country=world.ke,
            child_country=world.ke,
            probability=0.9,
            scored_at=timezone.now(),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        MatchProposal.objects.filter(pk=proposal.pk).update(
            status=ProposalStatus.REJECTED, decision_reason=""
        )


def test_matching_again_refreshes_a_waiting_proposal_and_makes_no_second_one(world):
    register_child(world)
    request = file(world)
    first = match(request)[0]
    MatchProposal.objects.filter(pk=first.pk).update(probability=0.5)
    assert match(request) == []
    first.refresh_from_db()
    assert first.probability > 0.5
    assert MatchProposal.objects.count() == 1


def test_a_country_threshold_decides_what_becomes_a_proposal(world):
    register_child(world, family_name="Otieno")  # same given name and age, another family name
    request = file(world)
    config.set_tracing_settings(
        world.ke,
        acting_user=world.user("KE", Role.COUNTRY_ADMINISTRATOR),
        match_threshold=0.99,
        duplicate_threshold=0.9,
        monitoring_months=[1],
    )
    assert match(request) == []


# --- status rules ----------------------------------------------------------------------------------


def test_confirming_withdraws_the_other_proposals_and_stops_the_search(world):
    twin = register_child(world, other_names="Achi")
    request, child, proposal = confirmed(world)
    assert request.status == RequestStatus.MATCH_CONFIRMED
    assert (request.matched_child, request.matched_country) == (child, world.ke)
    assert proposal_of(request, twin).status == ProposalStatus.WITHDRAWN
    assert not RequestMatchKey.objects.filter(request=request).exists()
    # A confirmed request takes no more matches, and its proposals are decided.
    assert match(request) == []
    with pytest.raises(ValidationError):
        review.reject_proposal(
            proposal, acting_user=officer(world), expected_version=proposal.version, reason="x"
        )


def test_a_closed_request_cannot_change_or_be_matched(world):
    request = file(world)
    requests.close_request(
        request, acting_user=officer(world), expected_version=request.version, reason="Found"
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.CLOSED
    with pytest.raises(ValidationError):
        requests.update_request(
            request, acting_user=officer(world), expected_version=request.version, given_name="A"
        )
    with pytest.raises(ValidationError):
        requests.close_request(
            request, acting_user=officer(world), expected_version=request.version, reason="again"
        )
    assert match(request) == []


def test_a_stale_version_is_a_conflict(world):
    request = file(world)
    requests.update_request(
        request, acting_user=officer(world), expected_version=request.version, family_name="Odiambo"
    )
    with pytest.raises(ConflictError):
        requests.update_request(request, acting_user=officer(world), expected_version=1, family_name="X")


def test_only_the_filing_country_changes_a_request(world):
    request, _child, _proposal = confirmed(world, request_code="KE", child_code="NP")
    with pytest.raises(OutOfScope):
        requests.update_request(
            request, acting_user=officer(world, "NP"), expected_version=request.version, given_name="A"
        )
    with pytest.raises(OutOfScope):
        requests.file_request(
            country=world.ke,
            acting_user=officer(world, "NP"),
            requester_name="x",
            requester_relationship="mother",
            given_name="y",
        )


def test_only_a_tracing_officer_of_the_childs_country_reviews(world):
    register_child(world, "NP")
    request = file(world, "KE")
    proposal = match(request)[0]
    for user in (officer(world, "KE"), world.user("NP", Role.CASEWORKER), supervisor(world, "NP")):
        with pytest.raises(PermissionDenied):
            review.confirm_proposal(proposal, acting_user=user, expected_version=proposal.version)
    review.confirm_proposal(proposal, acting_user=officer(world, "NP"), expected_version=proposal.version)


def test_a_wrong_match_found_by_verification_is_rejected_and_the_search_goes_on(world):
    request, child, proposal = confirmed(world)
    reunification.record_verification(
        request,
        acting_user=officer(world),
        outcome=VerificationOutcome.NOT_RELATED,
        verified_on=timezone.localdate(),
        documents="The birth certificate names another mother.",
    )
    request.refresh_from_db()
    proposal.refresh_from_db()
    assert request.status == RequestStatus.OPEN and request.matched_child is None
    assert proposal.status == ProposalStatus.REJECTED
    assert RequestMatchKey.objects.filter(request=request).exists()
    assert match(request) == []


# --- best-interests determination ------------------------------------------------------------------


def test_a_determination_needs_a_confirmed_verification(world):
    request, _child, _proposal = confirmed(world)
    with pytest.raises(ValidationError):
        determination(world, request)


def test_the_approver_is_not_the_submitter(world):
    request, _child, _proposal = verified(world)
    boss = supervisor(world)
    submitted = reunification.submit_determination(
        request,
        acting_user=officer(world),
        panel_members="A\nB",
        childs_views="Wants to go home.",
        decision=BestInterestsDecision.REUNIFY,
        reasons="Safe home.",
    )
    with pytest.raises(PermissionDenied):  # a tracing officer does not approve
        reunification.approve_determination(
            submitted, acting_user=officer(world), expected_version=submitted.version
        )
    # A supervisor who submitted it does not approve it either.
    returned = reunification.return_determination(
        submitted, acting_user=boss, expected_version=submitted.version, comment="Add the home visit."
    )
    assert returned.status == DeterminationStatus.RETURNED
    resubmitted = reunification.update_determination(
        returned, acting_user=officer(world), expected_version=returned.version, reasons="Home visit: safe."
    )
    assert resubmitted.status == DeterminationStatus.SUBMITTED
    assert reunification.may_decide(boss, resubmitted) and not reunification.may_decide(
        officer(world), resubmitted
    )
    approved = reunification.approve_determination(
        resubmitted, acting_user=boss, expected_version=resubmitted.version
    )
    assert approved.status == DeterminationStatus.APPROVED and approved.decided_by == boss


def test_a_supervisor_cannot_approve_their_own_submission(world):
    request, _child, _proposal = verified(world)
    boss = supervisor(world)
    from trygg.accounts.models import Membership

    Membership.objects.create(user=boss, role=Role.TRACING_OFFICER, country=world.ke)
    submitted = determination(world, request, code="KE")
    submitted.submitted_by = boss
    submitted.save()
    with pytest.raises(PermissionDenied):
        reunification.approve_determination(submitted, acting_user=boss, expected_version=submitted.version)
    with pytest.raises(IntegrityError), transaction.atomic():
        type(submitted).objects.filter(pk=submitted.pk).update(decided_by=boss)


def test_not_in_the_childs_best_interest_refers_to_care_and_ends_the_request(world):
    request, child, _proposal = verified(world)
    with pytest.raises(ValidationError):  # where the child goes instead is part of the decision
        determination(
            world, request, decision=BestInterestsDecision.NOT_IN_BEST_INTEREST, care_referral_to=""
        )
    found = determination(world, request, decision=BestInterestsDecision.NOT_IN_BEST_INTEREST)
    reunification.approve_determination(found, acting_user=supervisor(world), expected_version=found.version)
    request.refresh_from_db()
    assert request.status == RequestStatus.NOT_IN_BEST_INTEREST
    referral = AuditEvent.objects.filter(object_uuid=found.uuid, detail__referral="alternative_care")
    assert referral.exists()
    with pytest.raises(ValidationError):
        reunification.record_reunification(
            request,
            acting_user=officer(world),
            reunified_on=timezone.localdate(),
            place="x",
            accompanied_by="y",
        )


def test_reunification_needs_an_approved_decision_to_reunify(world):
    request, _child, _proposal = verified(world)
    determination(world, request)
    with pytest.raises(ValidationError):
        reunification.record_reunification(
            request,
            acting_user=officer(world),
            reunified_on=timezone.localdate(),
            place="x",
            accompanied_by="y",
        )


# --- reunification and monitoring ------------------------------------------------------------------


def test_monitoring_visits_default_to_1_3_6_and_12_months(world):
    request, done = reunified(
        world, reunified_on=date(2026, 1, 31) if timezone.localdate() > date(2026, 2, 1) else None
    )
    visits = list(MonitoringVisit.objects.filter(request=request).order_by("due_on"))
    assert [v.months_after for v in visits] == [1, 3, 6, 12]
    assert [v.due_on for v in visits] == [months_later(done.reunified_on, n) for n in (1, 3, 6, 12)]
    assert request.status == RequestStatus.REUNIFIED


def test_months_later_keeps_the_day_or_takes_the_months_last():
    assert months_later(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert months_later(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert months_later(date(2028, 1, 31), 1) == date(2028, 2, 29)


def test_a_country_sets_its_own_monitoring_schedule(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    with pytest.raises(ValidationError):
        config.set_tracing_settings(
            world.ke,
            acting_user=admin,
            match_threshold=0.5,
            duplicate_threshold=0.8,
            monitoring_months=[0, 3],
        )
    with pytest.raises(OutOfScope):
        config.set_tracing_settings(
            world.ke,
            acting_user=world.user("NP", Role.COUNTRY_ADMINISTRATOR),
            match_threshold=0.5,
            duplicate_threshold=0.8,
            monitoring_months=[2],
        )
    config.set_tracing_settings(
        world.ke, acting_user=admin, match_threshold=0.5, duplicate_threshold=0.8, monitoring_months=[24, 2]
    )
    request, _done = reunified(world)
    assert list(MonitoringVisit.objects.filter(request=request).values_list("months_after", flat=True)) == [
        2,
        24,
    ]
    assert config.settings_for(world.np.pk).monitoring_months == [1, 3, 6, 12]


def test_recording_a_visit_and_what_is_due(world):
    past = timezone.localdate() - timedelta(days=100)
    request, _done = reunified(world, reunified_on=past)
    first = MonitoringVisit.objects.get(request=request, months_after=1)
    assert list(MonitoringVisit.objects.for_user(officer(world)).overdue()) == [
        first,
        MonitoringVisit.objects.get(request=request, months_after=3),
    ]
    with pytest.raises(ValidationError):
        reunification.record_visit(
            first,
            acting_user=officer(world),
            expected_version=first.version,
            visited_on=past - timedelta(days=1),
            outcome=VisitOutcome.SETTLED,
        )
    reunification.record_visit(
        first,
        acting_user=officer(world),
        expected_version=first.version,
        visited_on=past + timedelta(days=30),
        outcome=VisitOutcome.SETTLED,
        notes="Back at school.",
    )
    assert first not in MonitoringVisit.objects.for_user(officer(world)).overdue()
    assert not MonitoringVisit.objects.for_user(officer(world, "NP")).exists()


# --- the registration warning and the people hook --------------------------------------------------


def test_a_registration_that_looks_like_a_registered_child_is_flagged(world):
    first = register_child(world, "KE")
    register_child(world, "NP")  # the same child in another country: not this country's duplicate
    second = register_child(world, "KE", family_name="Odiambo")
    found = matching.possible_duplicates(second, user=world.user("KE", Role.CASEWORKER))
    assert [person for person, _p in found] == [first]
    other = register_child(world, "KE", given_name="Wanjiru", family_name="Kamau")
    assert matching.possible_duplicates(other, user=world.user("KE", Role.CASEWORKER)) == []
    # Nothing is shown that the user may not open.
    assert matching.possible_duplicates(second, user=world.user("KE", Role.ANALYST)) == []


def test_changing_a_childs_names_rewrites_its_keys_and_an_adult_has_none(world):
    child = register_child(world)
    before = set(ChildMatchKey.objects.filter(person=child).values_list("key", flat=True))
    people.update_person(
        child,
        acting_user=world.user("KE", Role.CASEWORKER),
        expected_version=child.version,
        given_name="Wanjiru",
    )
    after = set(ChildMatchKey.objects.filter(person=child).values_list("key", flat=True))
    assert after and after != before
    adult = register_child(world, date_of_birth=born(30))
    assert not ChildMatchKey.objects.filter(person=adult).exists()


def test_proposals_are_audited_in_both_countries(world):
    register_child(world, "NP")
    proposal = match(file(world, "KE"))[0]
    countries = set(
        AuditEvent.objects.filter(object_uuid=proposal.uuid).values_list("country__code", flat=True)
    )
    assert countries == {"KE", "NP"}
    assert all("Achieng" not in str(e.detail) for e in AuditEvent.objects.filter(object_uuid=proposal.uuid))
