"""Care services: family contact and its restrictions, safeguarding incidents."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.audit.models import AuditEvent
from trygg.core.services import ConflictError, OutOfScope
from trygg.people.models import Gender

from ..codes import (
    ContactKind,
    ContactOutcome,
    ContactStatus,
    IncidentCategory,
    IncidentSeverity,
    IncidentStatus,
    RestrictionKind,
)
from ..models import FamilyContact, SafeguardingIncident
from ..services import life
from .factories import (
    caseworker,
    director,
    placed_child,
    register_child,
    sos_parent,
    supervisor,
    village_home,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
UNCLE_REASON = "The uncle sold her to the recruiter in Mombasa."


def audited(obj, action=AuditEvent.Action.CREATE, **detail) -> bool:
    events = AuditEvent.objects.filter(object_uuid=obj.uuid, action=action)
    return any(all(e.detail.get(k) == v for k, v in detail.items()) for e in events)


@pytest.fixture
def own_home(world):
    """A home where the world's Kenyan SOS parent is a carer, with a child living there."""
    home = village_home(world, name="SOS family Amani", carers=[sos_parent(world)])
    child, placement = placed_child(world, home=home, started_on=TODAY() - timedelta(days=30))
    return home, child, placement


def visit(world, placement, user=None, **fields):
    data = {
        "kind": ContactKind.VISIT,
        "status": ContactStatus.HAPPENED,
        "with_whom": "Mary Odhiambo, her mother",
        "happened_on": TODAY(),
        "outcome": ContactOutcome.WENT_WELL,
        **fields,
    }
    return life.record_family_contact(placement, acting_user=user or sos_parent(world), **data)


def restrict(world, child, user=None, kind=RestrictionKind.NO_CONTACT, **fields):
    data = {
        "restricted_name": "John Odhiambo",
        "relationship": "uncle",
        "reason": UNCLE_REASON,
        "valid_from": TODAY() - timedelta(days=5),
        **fields,
    }
    return life.add_contact_restriction(child, acting_user=user or caseworker(world), kind=kind, **data)


# --- family contact --------------------------------------------------------------------------------


def test_an_sos_parent_records_a_visit_in_their_own_home_not_in_another(world, own_home):
    home, child, placement = own_home
    contact = visit(world, placement)

    assert contact.placement == placement and contact.site == world.sites["KE"]
    assert audited(contact, kind=ContactKind.VISIT, status=ContactStatus.HAPPENED)

    other_child, elsewhere = placed_child(
        world, home=village_home(world, name="Baraka"), given_name="Wanjiru"
    )
    with pytest.raises(OutOfScope):
        visit(world, elsewhere)
    with pytest.raises(OutOfScope):
        visit(world, placement, user=caseworker(world, "NP"))
    assert FamilyContact.objects.count() == 1


def test_a_contact_says_when_and_how_it_went(world, own_home):
    home, child, placement = own_home
    with pytest.raises(ValidationError) as refused:
        visit(world, placement, happened_on=None, outcome="")
    assert set(refused.value.message_dict) == {"happened_on", "outcome"}
    with pytest.raises(ValidationError) as refused:
        visit(world, placement, status=ContactStatus.PLANNED, happened_on=None, outcome="")
    assert set(refused.value.message_dict) == {"planned_for"}
    with pytest.raises(ValidationError):
        visit(world, placement, happened_on=TODAY() + timedelta(days=1))

    planned = visit(
        world, placement, status=ContactStatus.PLANNED, happened_on=None, outcome="", planned_for=TODAY()
    )
    happened = life.update_family_contact(
        planned,
        acting_user=sos_parent(world),
        expected_version=planned.version,
        status=ContactStatus.HAPPENED,
        happened_on=TODAY(),
        outcome=ContactOutcome.MIXED,
    )
    assert (happened.status, happened.outcome, happened.version) == (ContactStatus.HAPPENED, "mixed", 2)
    assert audited(happened, AuditEvent.Action.UPDATE, status=ContactStatus.HAPPENED)
    with pytest.raises(ConflictError):
        life.update_family_contact(planned, acting_user=sos_parent(world), expected_version=1, notes="late")


def test_contact_with_someone_under_a_no_contact_restriction_is_refused_with_its_reason(world, own_home):
    home, child, placement = own_home
    restriction = restrict(world, child)
    assert audited(restriction, kind=RestrictionKind.NO_CONTACT)

    with pytest.raises(ValidationError) as refused:
        visit(world, placement, with_whom="Uncle JOHN  odhiambo and the mother")
    assert UNCLE_REASON in refused.value.message_dict["with_whom"][0]
    with pytest.raises(ValidationError):
        visit(
            world,
            placement,
            status=ContactStatus.PLANNED,
            planned_for=TODAY(),
            outcome="",
            with_whom="John Odhiambo",
        )
    # Someone else of the family is fine, and so is a cancelled contact.
    assert visit(world, placement, with_whom="Mary Odhiambo")
    assert visit(world, placement, status=ContactStatus.CANCELLED, outcome="", with_whom="John Odhiambo")

    life.lift_contact_restriction(
        restriction,
        acting_user=caseworker(world),
        expected_version=restriction.version,
        reason="Acquitted; the best-interests panel agreed to supervised visits first.",
    )
    assert visit(world, placement, with_whom="John Odhiambo")
    assert not life.restrictions_in_force(child, caseworker(world)).exists()


def test_a_restriction_on_a_registered_person_matches_their_name(world, own_home):
    home, child, placement = own_home
    uncle = register_child(world, given_name="Joseph", family_name="Kamau", age=40, gender=Gender.MASCULINE)
    restrict(world, child, restricted_name="", restricted_person=uncle)
    with pytest.raises(ValidationError):
        visit(world, placement, with_whom="joseph kamau")


def test_supervised_contact_must_say_who_supervised(world, own_home):
    home, child, placement = own_home
    restrict(world, child, kind=RestrictionKind.SUPERVISED_ONLY, restricted_name="Mary Odhiambo")
    with pytest.raises(ValidationError) as refused:
        visit(world, placement)
    assert "who supervises" in refused.value.message_dict["notes"][0]
    assert visit(world, placement, notes="Supervised by Grace Wambui, caseworker, at the village office.")


def test_restrictions_are_set_and_lifted_by_the_caseworker_or_village_director_not_an_sos_parent(
    world, own_home
):
    home, child, placement = own_home
    with pytest.raises(OutOfScope):
        restrict(world, child, user=sos_parent(world))
    with pytest.raises(OutOfScope):
        restrict(world, child, user=caseworker(world, "NP"))
    with pytest.raises(ValidationError) as refused:
        restrict(world, child, reason=" ", valid_until=TODAY() - timedelta(days=10))
    assert set(refused.value.message_dict) == {"reason", "valid_until"}

    restriction = restrict(world, child, user=director(world))

    # The whole team sees it, the SOS parent of the home too; another country does not.
    assert list(life.restrictions_in_force(child, sos_parent(world))) == [restriction]
    assert not life.restrictions_in_force(child, caseworker(world, "NP")).exists()
    with pytest.raises(OutOfScope):
        life.lift_contact_restriction(
            restriction, acting_user=sos_parent(world), expected_version=restriction.version, reason="x"
        )
    with pytest.raises(ValidationError):
        life.lift_contact_restriction(
            restriction, acting_user=caseworker(world), expected_version=restriction.version, reason=""
        )
    lifted = life.lift_contact_restriction(
        restriction,
        acting_user=caseworker(world),
        expected_version=restriction.version,
        reason="Court order ended.",
    )
    assert lifted.lifted_by == caseworker(world) and lifted.lift_reason == "Court order ended."
    assert audited(lifted, AuditEvent.Action.UPDATE, lifted=True)
    with pytest.raises(ConflictError):
        life.lift_contact_restriction(
            restriction, acting_user=caseworker(world), expected_version=1, reason="x"
        )


def test_an_expired_restriction_is_not_in_force(world, own_home):
    home, child, placement = own_home
    restrict(world, child, valid_from=TODAY() - timedelta(days=30), valid_until=TODAY() - timedelta(days=1))
    assert not life.restrictions_in_force(child, caseworker(world)).exists()
    assert visit(world, placement, with_whom="John Odhiambo")


# --- safeguarding incidents ------------------------------------------------------------------------


def report(world, placement, user=None, **fields):
    data = {
        "occurred_on": TODAY(),
        "category": IncidentCategory.TRAFFICKER_CONTACT,
        "severity": IncidentSeverity.HIGH,
        "description": "A man waited at the school gate and called her by name.",
        "immediate_action": "Walked her home; told the village director.",
        **fields,
    }
    return life.report_incident(placement, acting_user=user or sos_parent(world), **data)


def test_an_sos_parent_reports_an_incident_in_their_own_home_not_in_another(world, own_home):
    home, child, placement = own_home
    incident = report(world, placement)

    assert incident.status == IncidentStatus.OPEN and incident.reported_by == sos_parent(world)
    assert SafeguardingIncident.objects.for_user(sos_parent(world)).filter(pk=incident.pk).exists()
    assert audited(incident, category=IncidentCategory.TRAFFICKER_CONTACT)

    other_child, elsewhere = placed_child(
        world, home=village_home(world, name="Baraka"), given_name="Wanjiru"
    )
    with pytest.raises(OutOfScope):
        report(world, elsewhere)
    with pytest.raises(OutOfScope):
        report(world, placement, user=caseworker(world, "NP"))
    assert report(world, elsewhere, user=caseworker(world)).placement == elsewhere
    with pytest.raises(ValidationError) as refused:
        report(world, placement, description="", category="rumour", occurred_on=TODAY() + timedelta(days=1))
    assert set(refused.value.message_dict) == {"description", "category", "occurred_on"}


def test_an_incident_closes_only_when_its_follow_up_actions_are_done(world, own_home):
    home, child, placement = own_home
    incident = report(world, placement)
    with pytest.raises(OutOfScope):  # a caseworker reports and reads incidents, a supervisor follows up
        life.add_incident_action(
            incident,
            acting_user=caseworker(world),
            action="Inform police",
            responsible="Peter",
            due_on=TODAY(),
        )
    action = life.add_incident_action(
        incident,
        acting_user=supervisor(world),
        action="Tell the police and the school; arrange escort to school.",
        responsible="Peter Mwangi, village director",
        due_on=TODAY() + timedelta(days=2),
    )
    assert audited(action, incident=str(incident.uuid))

    with pytest.raises(ValidationError) as refused:
        life.close_incident(
            incident, acting_user=supervisor(world), expected_version=incident.version, closing_note="Done."
        )
    assert "1 follow-up action is not done yet" in refused.value.messages[0]

    done = life.complete_incident_action(
        action, acting_user=director(world), expected_version=action.version, done_on=TODAY()
    )
    assert done.done_on == TODAY()
    assert audited(done, AuditEvent.Action.UPDATE, incident=str(incident.uuid))
    closed = life.close_incident(
        incident,
        acting_user=supervisor(world),
        expected_version=incident.version,
        closing_note="Police informed; escort in place; no further approach.",
    )
    assert closed.status == IncidentStatus.CLOSED and closed.closed_at is not None
    assert audited(closed, AuditEvent.Action.UPDATE, status=IncidentStatus.CLOSED)
    with pytest.raises(ValidationError):
        life.add_incident_action(
            incident, acting_user=supervisor(world), action="More", responsible="Peter", due_on=TODAY()
        )
