"""Helpers that bring tracing to the point a test needs, through the services (as users would).

Children are registered through the people services, so that the tracing hook indexes them;
requests are filed by the country's tracing officer. Matching runs in the test's transaction
(`match`), not after a commit that a test never makes.
"""

from datetime import date, timedelta

from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.people import services as people
from trygg.people.models import Gender, Relationship

from ..codes import BestInterestsDecision, VerificationOutcome
from ..models import MatchProposal
from ..services import matching, reunification, review
from ..services.requests import file_request

ACHIENG = {"given_name": "Achieng", "family_name": "Odhiambo", "gender": Gender.FEMININE}


def officer(world, code="KE"):
    return world.user(code, Role.TRACING_OFFICER)


def supervisor(world, code="KE"):
    return world.user(code, Role.SUPERVISOR)


def born(years: int, days: int = 40) -> date:
    return timezone.localdate() - timedelta(days=365 * years + days)


def register_child(world, code="KE", *, mother: str = "", **fields):
    """A child registered by the country's caseworker (the tracing hook indexes it)."""
    data = {**ACHIENG, "date_of_birth": born(12), **fields}
    caseworker = world.user(code, Role.CASEWORKER)
    child = people.register_person(country=world.countries[code], acting_user=caseworker, **data)
    if mother:
        given, _space, family = mother.partition(" ")
        parent = people.register_person(
            country=world.countries[code],
            acting_user=caseworker,
            given_name=given,
            family_name=family,
            gender=Gender.FEMININE,
            date_of_birth=born(38),
        )
        people.add_relationship(
            person=child, relative=parent, kind=Relationship.Kind.MOTHER, acting_user=caseworker
        )
    return child


def file(world, code="KE", *, consent=True, user=None, **fields):
    """A tracing request for Achieng Odhiambo, about 12, filed by the country's tracing officer."""
    data = {
        "requester_name": "Mary Odhiambo",
        "requester_relationship": "mother",
        "given_name": "Achieng",
        "family_name": "Odhiambo",
        "sex": Gender.FEMININE,
        "approximate_age": 12,
        "place_of_origin": "",
        **fields,
    }
    return file_request(
        country=world.countries[code],
        acting_user=user or officer(world, code),
        consent_to_trace=consent,
        consent_given_by="Mary Odhiambo, the mother" if consent else "",
        **data,
    )


def match(request):
    """Match now (in the test's transaction); the proposals made."""
    return matching.match_request(request)


def proposal_of(request, child) -> MatchProposal:
    return MatchProposal.objects.get(request=request, child=child)


def confirmed(world, *, request_code="KE", child_code="KE"):
    """(request, child, proposal) with the match confirmed by the child's country."""
    child = register_child(world, child_code)
    request = file(world, request_code)
    match(request)
    proposal = proposal_of(request, child)
    review.confirm_proposal(
        proposal, acting_user=officer(world, child_code), expected_version=proposal.version
    )
    request.refresh_from_db()
    proposal.refresh_from_db()
    return request, child, proposal


def verified(world, **kwargs):
    request, child, proposal = confirmed(world, **kwargs)
    reunification.record_verification(
        request,
        acting_user=officer(world, kwargs.get("child_code", "KE")),
        outcome=VerificationOutcome.CONFIRMED,
        verified_on=timezone.localdate(),
        interviews="Mother and child interviewed apart; both name the same village and school.",
    )
    return request, child, proposal


def determination(world, request, *, decision=BestInterestsDecision.REUNIFY, code="KE", **fields):
    data = {
        "panel_members": "Brian Kiprop, tracing officer\nGrace Wambui, psychologist",
        "childs_views": "Wants to go home to her mother and her school.",
        "decision": decision,
        "reasons": "The mother is able and willing; the home visit found it safe.",
        "care_referral_to": "SOS Children's Village Nairobi"
        if decision != BestInterestsDecision.REUNIFY
        else "",
        **fields,
    }
    return reunification.submit_determination(request, acting_user=officer(world, code), **data)


def reunified(world, *, reunified_on=None):
    """(request, reunification) of a child who went home, with the monitoring visits scheduled."""
    request, child, proposal = verified(world)
    found = determination(world, request)
    reunification.approve_determination(found, acting_user=supervisor(world), expected_version=found.version)
    request.refresh_from_db()
    done = reunification.record_reunification(
        request,
        acting_user=officer(world),
        reunified_on=reunified_on or timezone.localdate(),
        place="Kisumu, the mother's home",
        accompanied_by="Brian Kiprop, tracing officer",
    )
    request.refresh_from_db()
    return request, done


def kenyan_tracing_records(world) -> list:
    """One Kenyan record of every tracing model, for the cross-country walker: a reunified request
    (proposal, share, verification, determination, reunification, visits), a request with a match
    waiting for review, and a batch run."""
    from ..models import BatchRun, BestInterestsDetermination, MonitoringVisit, Verification

    request, done = reunified(world)
    waiting_child = register_child(world, given_name="Wanjiru", family_name="Kamau", date_of_birth=born(9))
    waiting = file(world, given_name="Wanjiru", family_name="Kamau", approximate_age=9)
    proposal = match(waiting)[0]
    assert proposal.child == waiting_child
    share = review.share_details(
        proposal, acting_user=officer(world), fields=["given_name"], consented_by="the child"
    )
    run = BatchRun.objects.create(country=world.ke, total=1, created_by=officer(world))
    return [
        request,
        waiting,
        proposal,
        proposal_of(request, request.matched_child),
        share,
        Verification.objects.get(request=request),
        BestInterestsDetermination.objects.get(request=request),
        done,
        MonitoringVisit.objects.filter(request=request).first(),
        run,
    ]
