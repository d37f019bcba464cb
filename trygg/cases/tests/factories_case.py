"""Factories for the case core: a case built the way `open_case` builds one."""

import factory
from django.db.models import Max
from django.utils import timezone

from trygg.cases.codes import CaseStatus, RiskLevel, Stage
from trygg.cases.models import (
    Case,
    Consent,
    ConsentGiver,
    ConsentKind,
    ConsentPurpose,
    LegalBasis,
    LegalBasisCode,
)
from trygg.cases.services.timeline import response_deadlines
from trygg.core.models import ReferenceCounter
from trygg.geo.models import Country
from trygg.people.tests.factories import PersonFactory


def next_case_reference(country) -> str:
    """The next reference in the country's series for this year, e.g. KE-2026-000123."""
    year = timezone.localdate().year
    number = ReferenceCounter.next_value(f"{country.code}-{year}")
    return f"{country.code}-{year}-{number:06d}"


class CaseFactory(factory.django.DjangoModelFactory):
    """An open case in identification for a new child in the case's country (Kenya by default).

    Reference, episode and deadlines are filled in as `open_case` does; pass `child=` to reuse a
    person, `stage=`/`status=` to start elsewhere. No audit or timeline events are written. A child
    has at most one open case (a database constraint): close the first before opening another.
    """

    class Meta:
        model = Case

    country = factory.LazyFunction(lambda: Country.objects.get(code="KE"))
    child = factory.SubFactory(PersonFactory, country=factory.SelfAttribute("..country"))
    risk_level = RiskLevel.MEDIUM
    urgent_protection_concern = False
    stage = Stage.IDENTIFICATION
    status = CaseStatus.ACTIVE
    identified_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        case = model_class(*args, **kwargs)
        if not case.reference:
            case.reference = next_case_reference(case.country)
        if not kwargs.get("episode"):
            previous = Case.objects.filter(child=case.child).aggregate(m=Max("episode"))["m"] or 0
            case.episode = previous + 1
        first_action_due, assessment_due = response_deadlines(
            case.country_id, case.risk_level, case.identified_at
        )
        if case.first_action_due is None:
            case.first_action_due = first_action_due
        if case.assessment_due is None:
            case.assessment_due = assessment_due
        case.save()
        return case


class ConsentFactory(factory.django.DjangoModelFactory):
    """A caregiver's informed consent in force, covering registration (pass `purposes=` for more)."""

    class Meta:
        model = Consent

    case = factory.SubFactory(CaseFactory)
    given_by = ConsentGiver.CAREGIVER
    kind = ConsentKind.CONSENT
    purposes = factory.LazyFunction(lambda: [ConsentPurpose.REGISTRATION])
    given_at = factory.LazyFunction(timezone.now)
    consents_to_interview = True
    informed_of_purpose = True
    informed_of_data_use = True
    informed_of_research_use = True
    informed_of_right_to_request_data = True
    informed_of_storage_period = True
    informed_how_to_withdraw = True


class LegalBasisFactory(factory.django.DjangoModelFactory):
    """A legal basis waiting for a supervisor (pass `status=LegalBasisStatus.APPROVED` for one in force)."""

    class Meta:
        model = LegalBasis

    case = factory.SubFactory(CaseFactory)
    basis = LegalBasisCode.BEST_INTERESTS
    purposes = factory.LazyFunction(lambda: [ConsentPurpose.REGISTRATION])
    explanation = "No caregiver can be reached and the child is at risk."
