"""Care services: placing children (siblings, capacity, ages), moves and stability, reviews,
leaving care and aftercare."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.core.services import ConflictError, OutOfScope

from ..codes import AftercareSituation, LeavingRoute, PlacementStatus
from ..models import CareHome, CareReview, Placement
from ..services import config, homes, leaving, placements
from ..services.placements import PlacementSpec
from .factories import (
    approved_request,
    caseworker,
    director,
    open_case_for,
    place,
    placed_child,
    register_child,
    siblings,
    sos_parent,
    supervisor,
    village_home,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def audited(obj, action=AuditEvent.Action.UPDATE, **detail) -> bool:
    events = AuditEvent.objects.filter(object_uuid=obj.uuid, action=action)
    return any(all(e.detail.get(k) == v for k, v in detail.items()) for e in events)


# --- placing ---------------------------------------------------------------------------------------


def test_siblings_placed_together_need_no_reason(world):
    achieng, otieno = siblings(world)
    home = village_home(world)
    request = approved_request(world, [achieng, otieno])

    placed = place(world, request, [PlacementSpec(achieng, home), PlacementSpec(otieno, home)])

    assert {p.child for p in placed} == {achieng, otieno}
    assert all(p.home == home and p.separation_reason == "" for p in placed)
    assert all(p.next_review_due == TODAY() + timedelta(days=90) for p in placed)
    assert all(p.site == world.sites["KE"] for p in placed)
    assert all(audited(p, AuditEvent.Action.CREATE, siblings_separated=False) for p in placed)


def test_siblings_in_different_homes_need_a_recorded_reason(world):
    achieng, otieno = siblings(world)
    first, second = village_home(world, name="Amani"), village_home(world, name="Baraka")
    request = approved_request(world, [achieng, otieno])

    with pytest.raises(ValidationError) as refused:
        place(world, request, {achieng: first, otieno: second})
    assert "best interest" in refused.value.message_dict["separation_reason"][0]
    assert not Placement.objects.exists()

    reason = "Otieno needs a home near the hospital for his treatment."
    placed = place(world, request, {achieng: first, otieno: second}, separation_reason=reason)

    assert [p.separation_reason for p in placed] == [reason, reason]
    assert all(audited(p, AuditEvent.Action.CREATE, siblings_separated=True) for p in placed)


def test_a_sibling_placed_later_in_another_home_also_needs_the_reason(world):
    achieng, otieno = siblings(world)
    first, second = village_home(world, name="Amani"), village_home(world, name="Baraka")
    request = approved_request(world, [achieng, otieno])
    place(world, request, {achieng: first})

    with pytest.raises(ValidationError) as refused:
        place(world, request, {otieno: second})
    assert "separation_reason" in refused.value.message_dict
    (together,) = place(world, request, {otieno: first})
    assert together.home == first


def test_a_placement_goes_on_the_childs_own_open_case_when_there_is_one(world):
    achieng, otieno = siblings(world)
    own_case = open_case_for(world, otieno)
    request = approved_request(world, [achieng, otieno])
    home = village_home(world)

    placed = {p.child: p for p in place(world, request, {achieng: home, otieno: home})}

    assert placed[achieng].case == request.case
    assert placed[otieno].case == own_case


def test_a_home_takes_children_of_its_age_range_and_of_the_requests_country(world):
    teenager = register_child(world, age=15)
    request = approved_request(world, [teenager])
    with pytest.raises(ValidationError) as refused:
        place(world, request, {teenager: village_home(world, age_max=12)})
    message = refused.value.message_dict["home"][0]
    assert "Achieng Odhiambo is 15" in message and "0 to 12" in message

    nepal_home = village_home(world, "NP")
    with pytest.raises(ValidationError):
        place(world, request, {teenager: nepal_home})
    stranger = register_child(world, given_name="Wanjiru")
    with pytest.raises(ValidationError):
        place(world, request, {stranger: village_home(world)})
    assert not Placement.objects.exists()


def test_capacity_is_never_exceeded_without_an_explicit_audited_override(world):
    home = village_home(world, capacity=1)
    placed_child(world, home=home, given_name="Wanjiru")
    child = register_child(world, given_name="Achieng")
    request = approved_request(world, [child])

    with pytest.raises(ValidationError) as refused:
        place(world, request, {child: home})
    assert "no room for 1 more (places: 1, children living there: 1)" in refused.value.message_dict["home"][0]

    reason = "Emergency at night; a second bed is set up until Monday."
    with pytest.raises(ValidationError) as refused:
        place(world, request, {child: home}, over_capacity_reason=reason)  # a caseworker
    assert "over_capacity_reason" in refused.value.message_dict
    assert home.placements.count() == 1

    (placement,) = place(world, request, {child: home}, over_capacity_reason=reason, user=supervisor(world))

    assert placement.over_capacity_reason == reason
    assert audited(placement, AuditEvent.Action.CREATE, capacity_override=True, capacity=1, occupied_after=2)
    (row,) = homes.with_occupancy(CareHome.objects.filter(pk=home.pk))
    assert (row.occupied, row.free) == (2, -1)


def test_the_village_director_may_override_capacity_in_the_village(world):
    home = village_home(world, capacity=1)
    placed_child(world, home=home, given_name="Wanjiru")
    child = register_child(world)
    request = approved_request(world, [child])
    (placement,) = place(
        world, request, {child: home}, over_capacity_reason="Until Monday.", user=director(world)
    )
    assert placement.over_capacity_reason == "Until Monday."


def test_a_child_living_in_care_is_not_placed_twice(world):
    child, placement = placed_child(world)
    with pytest.raises(ValidationError):
        place(world, placement.request, {child: village_home(world)})


# --- moves and stability ---------------------------------------------------------------------------


def test_a_move_ends_the_old_placement_and_starts_a_new_one_with_its_reason(world):
    child, placement = placed_child(world, started_on=TODAY() - timedelta(days=40))
    other = village_home(world, name="Baraka")
    with pytest.raises(ValidationError):
        placements.move_placement(
            placement,
            acting_user=caseworker(world),
            expected_version=placement.version,
            to_home=other,
            moved_on=TODAY(),
            reason="",
        )

    moved = placements.move_placement(
        placement,
        acting_user=caseworker(world),
        expected_version=placement.version,
        to_home=other,
        moved_on=TODAY(),
        reason="Conflict with an older child in the home.",
    )

    placement.refresh_from_db()
    assert (placement.status, placement.ended_on, placement.leaving_route) == (
        PlacementStatus.ENDED,
        TODAY(),
        LeavingRoute.MOVED,
    )
    assert moved.previous == placement and moved.home == other and moved.status == PlacementStatus.ACTIVE
    assert moved.move_reason == "Conflict with an older child in the home."
    # The review due 50 days from now is not put off by the move.
    assert moved.next_review_due == placement.next_review_due
    assert audited(moved, AuditEvent.Action.CREATE) and audited(placement, route=LeavingRoute.MOVED)
    placements.update_care_plan(
        moved, acting_user=director(world), expected_version=moved.version, care_plan_goals="School"
    )
    with pytest.raises(ConflictError):  # the caseworker still holds the version before that change
        placements.move_placement(
            moved,
            acting_user=caseworker(world),
            expected_version=moved.version,
            to_home=placement.home,
            moved_on=TODAY(),
            reason="x",
        )


def _move(world, placement, home, days_ago):
    return placements.move_placement(
        placement,
        acting_user=caseworker(world),
        expected_version=placement.version,
        to_home=home,
        moved_on=TODAY() - timedelta(days=days_ago),
        reason="The home closed for repairs.",
    )


def test_many_moves_within_the_window_raise_the_stability_flag_old_moves_do_not_count(world):
    first, second = village_home(world, name="Amani"), village_home(world, name="Baraka")
    child, placement = placed_child(world, home=first, started_on=TODAY() - timedelta(days=800))
    placement = _move(world, placement, second, 700)
    placement = _move(world, placement, first, 600)
    placement = _move(world, placement, second, 100)

    found = placements.stability(child)
    assert (found.moves, found.threshold, found.window_days, found.flagged) == (1, 3, 365, False)
    assert placements.unstable_child_ids([child.pk], world.ke) == set()

    placement = _move(world, placement, first, 50)
    placement = _move(world, placement, second, 10)

    assert placements.stability(child).flagged
    assert placements.stability(child).moves == 3
    assert placements.unstable_child_ids([child.pk], world.ke) == {child.pk}
    config.update_settings(
        world.ke, acting_user=world.user("KE", Role.COUNTRY_ADMINISTRATOR), stability_moves=4
    )
    assert not placements.stability(child).flagged


# --- reviews ---------------------------------------------------------------------------------------


def test_a_review_sets_the_next_one_at_the_interval_by_default(world):
    child, placement = placed_child(world, started_on=TODAY() - timedelta(days=80))

    review = placements.record_review(
        placement,
        acting_user=caseworker(world),
        reviewed_on=TODAY(),
        progress="Settled at school; sleeps well.",
        childs_views="Likes her SOS mother; misses her brother.",
    )

    placement.refresh_from_db()
    assert review.next_review_due == TODAY() + timedelta(days=90)
    assert placement.next_review_due == review.next_review_due
    assert review.child_took_part and review.reviewed_by == caseworker(world)
    assert audited(review, AuditEvent.Action.CREATE, child_took_part=True)
    assert audited(placement, next_review_due=review.next_review_due.isoformat())


def test_a_review_may_not_put_the_next_one_beyond_the_interval(world):
    config.update_settings(
        world.ke, acting_user=world.user("KE", Role.COUNTRY_ADMINISTRATOR), review_interval_days=60
    )
    child, placement = placed_child(world)
    assert placement.next_review_due == TODAY() + timedelta(days=60)
    with pytest.raises(ValidationError) as refused:
        placements.record_review(
            placement,
            acting_user=caseworker(world),
            reviewed_on=TODAY(),
            progress="Fine.",
            next_review_due=TODAY() + timedelta(days=61),
        )
    assert "at least every three months" in refused.value.message_dict["next_review_due"][0]
    sooner = placements.record_review(
        placement,
        acting_user=caseworker(world),
        reviewed_on=TODAY(),
        progress="Fine.",
        next_review_due=TODAY() + timedelta(days=30),
    )
    assert sooner.next_review_due == TODAY() + timedelta(days=30)


def test_a_review_without_the_child_needs_the_reason(world):
    child, placement = placed_child(world)
    with pytest.raises(ValidationError) as refused:
        placements.record_review(
            placement,
            acting_user=caseworker(world),
            reviewed_on=TODAY(),
            progress="Fine.",
            child_took_part=False,
        )
    assert "why_child_absent" in refused.value.message_dict
    review = placements.record_review(
        placement,
        acting_user=caseworker(world),
        reviewed_on=TODAY(),
        progress="Fine.",
        child_took_part=False,
        why_child_absent="In hospital with malaria; her views were heard the week before.",
    )
    assert not review.child_took_part
    with pytest.raises(ValidationError):
        placements.record_review(
            placement, acting_user=caseworker(world), reviewed_on=TODAY() + timedelta(days=1), progress="x"
        )


def test_reviews_are_not_for_an_sos_parent_even_in_their_own_home(world):
    home = village_home(world, carers=[sos_parent(world)])
    child, placement = placed_child(world, home=home)
    with pytest.raises(OutOfScope):
        placements.record_review(
            placement, acting_user=sos_parent(world), reviewed_on=TODAY(), progress="Fine."
        )
    with pytest.raises(OutOfScope):
        placements.record_review(
            placement, acting_user=caseworker(world, "NP"), reviewed_on=TODAY(), progress="x"
        )
    assert not CareReview.objects.exists()


def test_the_care_plan_is_versioned(world):
    child, placement = placed_child(world)
    changed = placements.update_care_plan(
        placement,
        acting_user=caseworker(world),
        expected_version=placement.version,
        care_plan_goals="School\nHealth",
    )
    assert changed.care_plan_goals == "School\nHealth"
    assert audited(changed)
    with pytest.raises(ConflictError):
        placements.update_care_plan(
            placement, acting_user=caseworker(world), expected_version=1, care_plan_goals="Other"
        )


# --- leaving care and aftercare --------------------------------------------------------------------


def test_reintegration_hands_over_to_tracing_and_schedules_aftercare(world):
    child, placement = placed_child(world, started_on=TODAY() - timedelta(days=200))
    with pytest.raises(ValidationError):
        leaving.end_placement(
            placement,
            acting_user=caseworker(world),
            expected_version=placement.version,
            ended_on=TODAY(),
            route=LeavingRoute.MOVED,
        )

    ended = leaving.end_placement(
        placement,
        acting_user=caseworker(world),
        expected_version=placement.version,
        ended_on=TODAY(),
        route=LeavingRoute.REINTEGRATION,
        notes="Back with her mother in Kisumu.",
    )

    assert ended.status == PlacementStatus.ENDED and ended.handed_to_tracing_at is not None
    assert ended.next_aftercare_due == TODAY() + timedelta(days=90)
    assert audited(ended, route=LeavingRoute.REINTEGRATION, handed_to_tracing=True)
    assert not homes.with_occupancy(CareHome.objects.filter(pk=placement.home_id)).get().occupied


def test_independent_living_schedules_aftercare_and_aftercare_sets_the_next_contact(world):
    child, placement = placed_child(world, age=17, started_on=TODAY() - timedelta(days=400))
    with pytest.raises(ValidationError):
        leaving.record_aftercare(
            placement,
            acting_user=caseworker(world),
            contacted_on=TODAY(),
            situation=[AftercareSituation.IN_WORK],
        )
    ended = leaving.end_placement(
        placement,
        acting_user=caseworker(world),
        expected_version=placement.version,
        ended_on=TODAY() - timedelta(days=30),
        route=LeavingRoute.INDEPENDENT_LIVING,
    )
    assert ended.handed_to_tracing_at is None
    assert ended.next_aftercare_due == TODAY() + timedelta(days=60)
    with pytest.raises(ValidationError):
        leaving.record_aftercare(placement, acting_user=caseworker(world), contacted_on=TODAY(), situation=[])

    contact = leaving.record_aftercare(
        placement,
        acting_user=caseworker(world),
        contacted_on=TODAY(),
        situation=[AftercareSituation.HOUSING_STABLE, AftercareSituation.IN_EDUCATION],
        notes="Started a tailoring course.",
    )

    placement.refresh_from_db()
    assert contact.next_contact_due == TODAY() + timedelta(days=90)
    assert placement.next_aftercare_due == contact.next_contact_due
    assert audited(contact, AuditEvent.Action.CREATE)


def test_ending_a_placement_is_not_for_an_sos_parent_and_detects_conflicts(world):
    home = village_home(world, carers=[sos_parent(world)])
    child, placement = placed_child(world, home=home)
    with pytest.raises(OutOfScope):
        leaving.end_placement(
            placement,
            acting_user=sos_parent(world),
            expected_version=placement.version,
            ended_on=TODAY(),
            route=LeavingRoute.REINTEGRATION,
        )
    placements.update_care_plan(
        placement, acting_user=caseworker(world), expected_version=placement.version, care_plan_goals="School"
    )
    with pytest.raises(ConflictError):
        leaving.end_placement(
            placement,
            acting_user=caseworker(world),
            expected_version=placement.version,
            ended_on=TODAY(),
            route=LeavingRoute.REINTEGRATION,
        )
