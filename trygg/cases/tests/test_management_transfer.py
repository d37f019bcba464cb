"""Transfers of a case to another country: request, accept or reject, summary only, sharing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trygg.accounts.models import Membership
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.cases.codes import CaseStatus, ClosureReason, RiskLevel, Stage
from trygg.cases.models import Case, CaseEvent, Transfer
from trygg.cases.services import transfer as services
from trygg.cases.tests.factories_case import CaseFactory, ConsentFactory
from trygg.cases.tests.factories_management import TransferFactory, consent_to_sharing
from trygg.core.services import ConflictError, OutOfScope
from trygg.core.testing import make_user
from trygg.geo.models import Country
from trygg.people.models import Person
from trygg.people.tests.factories import PersonFactory


@pytest.fixture
def sending_case(world):
    child = PersonFactory(
        country=world.ke, given_name="Sita", family_name="Tamang", place_of_origin_detail="Sindhupalchok"
    )
    child.nationalities.set([world.np])
    case = CaseFactory(child=child, risk_level=RiskLevel.HIGH, urgent_protection_concern=True)
    consent_to_sharing(case)
    return case


@pytest.fixture
def third_country_supervisor(world):
    uganda = Country.objects.get(code="UG")
    Country.objects.filter(pk=uganda.pk).update(is_operating=True)
    user = make_user("supervisor.ug@example.org")
    Membership.objects.create(user=user, role=Role.SUPERVISOR, country=uganda)
    return user


def request(case, world, **kwargs):
    return services.request_transfer(
        case,
        to_country=kwargs.pop("to_country", world.np),
        reason="The family lives in Nepal.",
        acting_user=kwargs.pop("acting_user", world.user("KE", Role.CASEWORKER)),
    )


def test_a_caseworker_requests_a_transfer_audited_in_both_countries(world, sending_case):
    transfer = request(sending_case, world)
    assert transfer.status == Transfer.Status.REQUESTED
    assert (transfer.from_country, transfer.to_country) == (world.ke, world.np)
    events = AuditEvent.objects.filter(object_uuid=transfer.uuid, action=AuditEvent.Action.CREATE)
    assert sorted(events.values_list("country__code", flat=True)) == ["KE", "NP"]
    assert CaseEvent.objects.get(case=sending_case, kind="transfer_requested").detail == {"to_country": "NP"}


def test_a_transfer_needs_consent_to_sharing(world):
    case = CaseFactory()
    ConsentFactory(case=case)  # registration only
    with pytest.raises(ValidationError):
        request(case, world)
    assert not Transfer.objects.exists()


@pytest.mark.parametrize("country", ["KE", "UG"])
def test_the_receiving_country_must_be_another_operating_country(world, sending_case, country):
    with pytest.raises(ValidationError) as exc:
        request(sending_case, world, to_country=Country.objects.get(code=country))
    assert "to_country" in exc.value.message_dict


def test_one_waiting_transfer_per_case(world, sending_case):
    request(sending_case, world)
    with pytest.raises(ValidationError):
        request(sending_case, world)


def test_both_countries_see_the_transfer_and_a_third_does_not(world, sending_case, third_country_supervisor):
    transfer = request(sending_case, world)
    for user in (world.user("KE", Role.CASEWORKER), world.user("NP", Role.SUPERVISOR)):
        assert list(Transfer.objects.for_user(user)) == [transfer]
    assert not Transfer.objects.for_user(third_country_supervisor).exists()
    assert not Transfer.objects.for_user(world.user("NP", Role.ANALYST)).exists()


def test_a_sending_country_supervisor_cannot_accept(world, sending_case):
    transfer = request(sending_case, world)
    with pytest.raises(PermissionDenied):
        services.accept_transfer(transfer, acting_user=world.user("KE", Role.SUPERVISOR), expected_version=1)
    transfer.refresh_from_db()
    assert transfer.status == Transfer.Status.REQUESTED


def test_a_receiving_caseworker_cannot_accept(world, sending_case):
    transfer = request(sending_case, world)
    with pytest.raises(PermissionDenied):
        services.accept_transfer(transfer, acting_user=world.user("NP", Role.CASEWORKER), expected_version=1)


def test_a_third_country_cannot_even_see_it(world, sending_case, third_country_supervisor):
    transfer = request(sending_case, world)
    with pytest.raises(OutOfScope):
        services.accept_transfer(transfer, acting_user=third_country_supervisor, expected_version=1)


def test_acceptance_opens_a_case_for_a_copy_of_the_child_and_closes_the_sending_case(world, sending_case):
    transfer = request(sending_case, world)
    supervisor_np = world.user("NP", Role.SUPERVISOR)
    services.accept_transfer(
        transfer, acting_user=supervisor_np, expected_version=1, site=world.sites["NP"], comment="Welcome."
    )
    transfer.refresh_from_db()
    sending_case.refresh_from_db()
    receiving = transfer.receiving_case
    assert transfer.status == Transfer.Status.ACCEPTED
    assert transfer.transferred_from == sending_case

    child = receiving.child
    original = sending_case.child
    assert child.pk != original.pk
    assert (child.country, child.given_name, child.family_name, child.date_of_birth) == (
        world.np,
        original.given_name,
        original.family_name,
        original.date_of_birth,
    )
    assert list(child.nationalities.all()) == [world.np]
    assert child.place_of_origin_detail == "Sindhupalchok"
    assert (receiving.country, receiving.site, receiving.risk_level) == (world.np, world.sites["NP"], "high")
    assert receiving.urgent_protection_concern
    assert Case.objects.for_user(supervisor_np).filter(pk=receiving.pk).exists()
    assert Person.objects.for_user(world.user("NP", Role.CASEWORKER)).filter(pk=child.pk).exists()

    assert sending_case.status == CaseStatus.CLOSED_REFERRED
    assert sending_case.stage == Stage.CLOSURE
    assert sending_case.closure_reason == ClosureReason.TRANSFERRED
    assert sending_case.summary_only
    assert not services.visible_in_full(sending_case, world.user("KE", Role.CASEWORKER))

    assert CaseEvent.objects.filter(case=sending_case, kind="transfer_accepted").exists()
    assert (
        CaseEvent.objects.get(case=receiving, kind="transferred_in").detail["sending_case"]
        == sending_case.reference
    )
    countries = AuditEvent.objects.filter(object_uuid=transfer.uuid, action=AuditEvent.Action.UPDATE)
    assert sorted(countries.values_list("country__code", flat=True)) == ["KE", "NP"]


def test_two_supervisors_accepting_at_once_open_one_case(world, sending_case):
    transfer = request(sending_case, world)
    stale = Transfer.objects.get(pk=transfer.pk)
    services.accept_transfer(transfer, acting_user=world.user("NP", Role.SUPERVISOR), expected_version=1)
    with pytest.raises((ConflictError, ValidationError)):
        services.accept_transfer(stale, acting_user=world.user("NP", Role.SUPERVISOR), expected_version=1)
    assert Case.objects.filter(country=world.np).count() == 1


def test_rejection_needs_a_comment_and_leaves_the_sending_case_open(world, sending_case):
    transfer = request(sending_case, world)
    supervisor_np = world.user("NP", Role.SUPERVISOR)
    with pytest.raises(ValidationError) as exc:
        services.reject_transfer(transfer, acting_user=supervisor_np, expected_version=1, comment="")
    assert "comment" in exc.value.message_dict
    services.reject_transfer(
        transfer, acting_user=supervisor_np, expected_version=1, comment="No family found."
    )
    transfer.refresh_from_db()
    sending_case.refresh_from_db()
    assert transfer.status == Transfer.Status.REJECTED
    assert sending_case.status == CaseStatus.ACTIVE and not sending_case.summary_only
    assert CaseEvent.objects.filter(case=sending_case, kind="transfer_rejected").exists()
    with pytest.raises(ValidationError):
        services.accept_transfer(transfer, acting_user=supervisor_np, expected_version=2)
    # A new request is possible once the first is answered.
    assert request(sending_case, world).status == Transfer.Status.REQUESTED


def test_the_receiving_supervisor_shares_the_details_and_the_sending_country_sees_the_case_again(
    world, sending_case
):
    transfer = request(sending_case, world)
    supervisor_np = world.user("NP", Role.SUPERVISOR)
    with pytest.raises(ValidationError):
        services.share_transfer_details(transfer, acting_user=supervisor_np, expected_version=1)
    services.accept_transfer(transfer, acting_user=supervisor_np, expected_version=1)
    with pytest.raises(PermissionDenied):
        services.share_transfer_details(
            transfer, acting_user=world.user("KE", Role.SUPERVISOR), expected_version=transfer.version
        )
    services.share_transfer_details(transfer, acting_user=supervisor_np, expected_version=transfer.version)
    transfer.refresh_from_db()
    sending_case.refresh_from_db()
    assert transfer.share_full and transfer.shared_at
    assert not sending_case.summary_only
    assert services.visible_in_full(sending_case, world.user("KE", Role.CASEWORKER))
    assert CaseEvent.objects.filter(case=sending_case, kind="transfer_details_shared").exists()


def test_factory_transfer_is_visible_from_both_ends(world):
    transfer = TransferFactory()
    assert Transfer.objects.for_user(world.user("NP", Role.TRACING_OFFICER)).filter(pk=transfer.pk).exists()
    assert Transfer.objects.for_user(world.user("KE", Role.THERAPIST)).filter(pk=transfer.pk).exists()
