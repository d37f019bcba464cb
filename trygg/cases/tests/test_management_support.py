"""Services and referrals (with the consent rule), follow-ups and notes."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import OrganisationType, SupportType
from trygg.cases.models import CaseEvent, ConsentPurpose, FollowUp, LegalBasisStatus, ServiceReferral
from trygg.cases.services import support
from trygg.cases.tests.factories_case import CaseFactory, ConsentFactory, LegalBasisFactory
from trygg.cases.tests.factories_management import CaseNoteFactory, ServiceReferralFactory, consent_to_sharing


@pytest.fixture
def caseworker(world):
    return world.user("KE", Role.CASEWORKER)


REFERRAL = {
    "support_type": SupportType.LEGAL,
    "provision": ServiceReferral.Provision.REFERRAL,
    "organisation_name": "Legal aid clinic",
    "organisation_type": OrganisationType.LEGAL,
}


# --- services and referrals -----------------------------------------------------------------------


def test_an_internal_service_needs_no_consent_to_sharing(world, caseworker):
    case = CaseFactory()
    service = support.add_service_referral(case, acting_user=caseworker, support_type=SupportType.HEALTH)
    assert service.provision == ServiceReferral.Provision.INTERNAL
    assert service.status == ServiceReferral.Status.PROPOSED
    assert service.consent_checked_at is None
    assert CaseEvent.objects.filter(case=case, kind="service_added").exists()


def test_a_referral_outside_needs_consent_to_sharing(world, caseworker):
    case = CaseFactory()
    ConsentFactory(case=case, purposes=[ConsentPurpose.REGISTRATION])  # no sharing
    with pytest.raises(ValidationError) as exc:
        support.add_service_referral(case, acting_user=caseworker, **REFERRAL)
    assert "provision" in exc.value.message_dict
    assert not ServiceReferral.objects.filter(case=case).exists()

    consent_to_sharing(case)
    service = support.add_service_referral(case, acting_user=caseworker, **REFERRAL)
    assert service.consent_checked_at is not None
    event = AuditEvent.objects.get(object_uuid=service.uuid)
    assert "Legal aid clinic" not in str(event.detail)
    assert "organisation_name" in event.fields


def test_an_approved_legal_basis_for_sharing_allows_a_referral(world, caseworker):
    case = CaseFactory()
    LegalBasisFactory(case=case, purposes=[ConsentPurpose.SHARING], status=LegalBasisStatus.APPROVED)
    assert support.add_service_referral(case, acting_user=caseworker, **REFERRAL).is_referral


def test_a_withdrawn_consent_stops_turning_an_internal_service_into_a_referral(world, caseworker):
    case = CaseFactory()
    consent = consent_to_sharing(case)
    service = support.add_service_referral(case, acting_user=caseworker, support_type=SupportType.HEALTH)
    consent.withdrawn_at = timezone.now()
    consent.save()
    with pytest.raises(ValidationError):
        support.update_service_referral(service, acting_user=caseworker, expected_version=1, **REFERRAL)


def test_a_referral_names_the_organisation_and_its_type(world, caseworker):
    case = CaseFactory()
    consent_to_sharing(case)
    with pytest.raises(ValidationError) as exc:
        support.add_service_referral(
            case, acting_user=caseworker, support_type=SupportType.LEGAL, provision="referral"
        )
    assert {"organisation_name", "organisation_type"} <= set(exc.value.message_dict)


def test_a_service_moves_on_and_a_closed_one_keeps_its_status(world, caseworker):
    service = ServiceReferralFactory()
    support.update_service_referral(service, acting_user=caseworker, expected_version=1, status="in_progress")
    support.update_service_referral(
        service, acting_user=caseworker, expected_version=2, status="completed", outcome="Treated."
    )
    with pytest.raises(ValidationError) as exc:
        support.update_service_referral(
            service, acting_user=caseworker, expected_version=3, status="in_progress"
        )
    assert "status" in exc.value.message_dict
    support.update_service_referral(
        service, acting_user=caseworker, expected_version=3, outcome="Treated, healed."
    )
    service.refresh_from_db()
    assert (service.status, service.outcome) == ("completed", "Treated, healed.")


# --- follow-ups -----------------------------------------------------------------------------------


def test_a_follow_up_is_recorded_by_the_visitor(world, caseworker):
    case = CaseFactory()
    today = timezone.localdate()
    follow_up = support.record_follow_up(
        case, acting_user=caseworker, visited_on=today, kind="home_visit", next_due=today + timedelta(days=30)
    )
    assert follow_up.visited_by == caseworker
    assert CaseEvent.objects.get(case=case, kind="follow_up_recorded").detail["kind"] == "home_visit"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"visited_on": timezone.localdate() + timedelta(days=1)}, "visited_on"),
        ({"next_due": timezone.localdate() - timedelta(days=1)}, "next_due"),
        ({"kind": "carrier_pigeon"}, "kind"),
    ],
)
def test_follow_up_dates_and_kind_are_checked(world, caseworker, change, field):
    data = {"visited_on": timezone.localdate(), "kind": FollowUp.Kind.PHONE, **change}
    with pytest.raises(ValidationError) as exc:
        support.record_follow_up(CaseFactory(), acting_user=caseworker, **data)
    assert field in exc.value.message_dict


# --- notes ----------------------------------------------------------------------------------------


def test_a_sensitive_note_is_on_the_timeline_only_for_readers_of_trafficking_details(world, caseworker):
    case = CaseFactory()
    note = support.add_case_note(
        case, acting_user=caseworker, text="Trafficker's phone number", sensitive=True
    )
    event = CaseEvent.objects.get(case=case, kind="note_added")
    assert event.sensitivity == "sensitive.trafficking"
    assert note.sensitive


def test_a_user_who_cannot_read_sensitive_notes_cannot_write_or_change_one(world, caseworker, monkeypatch):
    note = CaseNoteFactory(sensitive=True)
    # A therapist may read the case but not change it at all.
    therapist = world.user("KE", Role.THERAPIST)
    with pytest.raises(PermissionDenied):
        support.update_case_note(note, acting_user=therapist, expected_version=1, text="x")
    # A user who may change the case but not read trafficking details.
    monkeypatch.setattr("trygg.cases.services.support.may_read_note", lambda user, note: False)
    with pytest.raises(PermissionDenied):
        support.update_case_note(note, acting_user=caseworker, expected_version=1, text="x")
    note.refresh_from_db()
    assert note.text != "x"


def test_an_empty_note_is_refused(world, caseworker):
    with pytest.raises(ValidationError) as exc:
        support.add_case_note(CaseFactory(), acting_user=caseworker, text="  ")
    assert "text" in exc.value.message_dict
