"""Factories for managing a case, and helpers that bring a case to the point a test needs."""

import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.cases.codes import SupportType
from trygg.cases.models import (
    Assessment,
    AssessmentRating,
    CaseNote,
    CasePlan,
    CasePlanAction,
    CasePlanGoal,
    ConsentPurpose,
    FollowUp,
    ServiceReferral,
    Transfer,
)
from trygg.cases.tests.factories_case import CaseFactory, ConsentFactory
from trygg.core.testing import make_user
from trygg.geo.models import Country


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment in progress; `completed=True` for a completed one."""

    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    safety_rating = AssessmentRating.SOME_CONCERN
    safety_notes = "Sleeps at a bus station."
    health_rating = AssessmentRating.SERIOUS_CONCERN
    health_notes = "Untreated injury to the left arm."
    psychosocial_rating = AssessmentRating.SERIOUS_CONCERN
    psychosocial_notes = "Nightmares, flashbacks of the workshop."
    education_rating = AssessmentRating.SOME_CONCERN
    education_notes = "Left school two years ago."

    class Params:
        completed = factory.Trait(completed_at=factory.LazyFunction(timezone.now))


class CasePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasePlan

    case = factory.SubFactory(CaseFactory)
    summary = "Safe shelter, treatment, return to school."
    status = CasePlan.Status.DRAFT


class CasePlanGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasePlanGoal

    plan = factory.SubFactory(CasePlanFactory)
    domain = "safety"
    description = "The child lives in a safe place."


class CasePlanActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CasePlanAction

    plan = factory.SubFactory(CasePlanFactory)
    description = "Find a place in the interim care centre."
    responsible = "Case worker"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))


class ServiceReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceReferral

    case = factory.SubFactory(CaseFactory)
    support_type = SupportType.HEALTH
    provision = ServiceReferral.Provision.INTERNAL


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    case = factory.SubFactory(CaseFactory)
    visited_on = factory.LazyFunction(timezone.localdate)
    kind = FollowUp.Kind.HOME_VISIT
    findings = "Settled with the aunt."


class CaseNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseNote

    case = factory.SubFactory(CaseFactory)
    text = "Met the child at the drop-in centre."


def _someone():
    return make_user(f"requester-{uuid.uuid4().hex[:8]}@example.org")


class TransferFactory(factory.django.DjangoModelFactory):
    """A transfer from a Kenyan case to Nepal, waiting for Nepal's answer."""

    class Meta:
        model = Transfer

    transferred_from = factory.SubFactory(CaseFactory)
    from_country = factory.SelfAttribute("transferred_from.country")
    to_country = factory.LazyFunction(lambda: Country.objects.get(code="NP"))
    reason = "The child's family lives in Nepal."
    requested_at = factory.LazyFunction(timezone.now)
    requested_by = factory.LazyFunction(_someone)


def consent_to_sharing(case):
    """A caregiver's consent in force that covers registration and sharing."""
    return ConsentFactory(case=case, purposes=[ConsentPurpose.REGISTRATION, ConsentPurpose.SHARING])


def assessed_case(**kwargs):
    """A case with consent to registration and a completed assessment: ready for a case plan."""
    case = CaseFactory(**kwargs)
    ConsentFactory(case=case)
    AssessmentFactory(case=case, completed=True)
    return case


def submitted_plan(case=None, *, submitted_by, **kwargs):
    """A plan with one goal and one action, submitted for approval by `submitted_by`."""
    plan = CasePlanFactory(
        case=case or assessed_case(),
        status=CasePlan.Status.SUBMITTED,
        submitted_at=timezone.now(),
        submitted_by=submitted_by,
        **kwargs,
    )
    CasePlanGoalFactory(plan=plan)
    CasePlanActionFactory(plan=plan)
    return plan


def management_records(world) -> list:
    """One record of each management model in Kenya, for the generated cross-country walker.

    The transfer goes to a third country (Uganda), so that for Nepal it is another country's record
    like any other; a transfer is visible to both of its countries by design.
    """
    case = assessed_case(country=world.ke, site=world.sites["KE"])
    plan = submitted_plan(case, submitted_by=world.user("KE", Role.CASEWORKER))
    return [
        Assessment.objects.get(case=case),
        plan,
        plan.goals.get(),
        plan.actions.get(),
        ServiceReferralFactory(case=case),
        FollowUpFactory(case=case),
        CaseNoteFactory(case=case),
        TransferFactory(transferred_from=case, to_country=Country.objects.get(code="UG")),
    ]
