"""Care services: settings, homes and gatekeeping (necessity, emergencies, the panel)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.core.services import ConflictError, OutOfScope

from ..codes import HomeKind, NecessityReason, OptionTried, PanelDecision, PlacementType, RequestStatus
from ..models import CareHome, PlacementRequest
from ..services import config, gatekeeping, homes, placements
from .factories import (
    approved_request,
    assessed,
    caseworker,
    decided,
    director,
    open_case_for,
    place,
    register_child,
    requested,
    siblings,
    supervisor,
    village_home,
)

pytestmark = pytest.mark.django_db


def audited(obj, action=AuditEvent.Action.UPDATE, **detail) -> bool:
    events = AuditEvent.objects.filter(object_uuid=obj.uuid, action=action)
    return any(all(e.detail.get(k) == v for k, v in detail.items()) for e in events)


# --- settings --------------------------------------------------------------------------------------


def test_settings_default_and_country_administrator_sets_them_within_three_months(world):
    admin = world.user("KE", Role.COUNTRY_ADMINISTRATOR)
    assert config.settings_for(world.ke).review_interval_days == 90
    assert config.settings_for(world.ke).pk is None

    with pytest.raises(ValidationError) as refused:
        config.update_settings(world.ke, acting_user=admin, review_interval_days=120)
    assert "three months" in refused.value.message_dict["review_interval_days"][0]

    saved = config.update_settings(world.ke, acting_user=admin, review_interval_days=60)
    assert config.settings_for(world.ke.pk).review_interval_days == 60
    assert config.settings_for(world.ke).emergency_assessment_hours == 72
    assert AuditEvent.objects.filter(object_type="care.caresettings", country=world.ke).exists()
    assert saved.updated_by == admin
    # Nepal keeps the defaults.
    assert config.settings_for(world.np).review_interval_days == 90


def test_settings_need_the_configure_permission_in_that_country(world):
    with pytest.raises(OutOfScope):
        config.update_settings(world.ke, acting_user=caseworker(world), review_interval_days=60)
    with pytest.raises(OutOfScope):
        config.update_settings(
            world.ke, acting_user=world.user("NP", Role.COUNTRY_ADMINISTRATOR), review_interval_days=60
        )


# --- homes -----------------------------------------------------------------------------------------


def test_village_director_adds_a_home_with_a_reference_and_an_audit_event(world):
    home = village_home(world, capacity=4, carers=[world.user("KE", Role.SOS_PARENT)])

    assert home.reference.startswith("KE-CH-")
    assert home.site == world.sites["KE"]
    assert list(home.carers.all()) == [world.user("KE", Role.SOS_PARENT)]
    assert audited(home, AuditEvent.Action.CREATE)


def test_adding_a_home_needs_the_permission_in_that_country_and_sensible_values(world):
    with pytest.raises(OutOfScope):
        homes.create_home(
            acting_user=caseworker(world),
            country=world.ke,
            name="SOS family Amani",
            kind=HomeKind.SOS_FAMILY,
            capacity=4,
        )
    with pytest.raises(OutOfScope):
        homes.create_home(
            acting_user=director(world, "NP"),
            country=world.ke,
            name="x",
            kind=HomeKind.SOS_FAMILY,
            capacity=4,
        )
    with pytest.raises(ValidationError) as refused:
        homes.create_home(
            acting_user=director(world),
            country=world.ke,
            site=world.sites["NP"],
            name="",
            kind="castle",
            capacity=0,
            age_min=12,
            age_max=6,
        )
    assert set(refused.value.message_dict) == {"site", "name", "kind", "capacity", "age_max"}
    with pytest.raises(ValidationError) as refused:
        village_home(world, carers=[caseworker(world)])
    assert "carers" in refused.value.message_dict
    assert not CareHome.objects.exists()


def test_a_home_places_cannot_go_below_the_children_living_there(world):
    home = village_home(world, capacity=3)
    children = siblings(world)
    place(world, approved_request(world, children), dict.fromkeys(children, home))

    with pytest.raises(ValidationError) as refused:
        homes.update_home(home, acting_user=director(world), expected_version=home.version, capacity=1)
    assert "2 children live in this home" in refused.value.message_dict["capacity"][0]

    changed = homes.update_home(home, acting_user=director(world), expected_version=home.version, capacity=2)
    assert changed.capacity == 2
    assert audited(home, AuditEvent.Action.UPDATE, capacity=2)
    with pytest.raises(ConflictError):
        homes.update_home(home, acting_user=director(world), expected_version=1, name="Renamed")
    (row,) = homes.with_occupancy(CareHome.objects.filter(pk=home.pk))
    assert (row.occupied, row.free) == (2, 0)


def test_propose_homes_room_for_the_whole_group_fitting_ages_best_fit_and_own_country_only(world):
    achieng, otieno = siblings(world, ages=(9, 12))
    roomy = village_home(world, name="B Roomy", capacity=4)
    snug = village_home(world, name="C Snug", capacity=2)
    foster = homes.create_home(
        acting_user=world.user("KE", Role.COUNTRY_ADMINISTRATOR),
        country=world.ke,
        name="A Foster family",
        kind=HomeKind.FOSTER_FAMILY,
        capacity=2,
    )
    village_home(world, name="D Teenagers", capacity=6, age_min=13, age_max=17)
    village_home(world, name="E One place", capacity=1)
    closed = village_home(world, name="F Closed", capacity=5)
    homes.update_home(closed, acting_user=director(world), expected_version=closed.version, is_active=False)
    village_home(world, "NP", name="G Nepal", capacity=8)
    # One child already lives in the roomy home: 3 places free.
    lodger = register_child(world, given_name="Wanjiru", family_name="Kamau")
    place(world, approved_request(world, [lodger]), {lodger: roomy})

    by_site = homes.propose_homes(
        [achieng, otieno], user=caseworker(world), country=world.ke, site=world.sites["KE"]
    )
    anywhere = homes.propose_homes([achieng, otieno], user=caseworker(world), country=world.ke)

    assert [(p.home.name, p.free, p.occupied) for p in by_site] == [
        ("C Snug", 2, 0),
        ("B Roomy", 3, 1),
        ("A Foster family", 2, 0),
    ]
    assert [p.home for p in anywhere] == [foster, snug, roomy]
    assert homes.propose_homes([achieng, otieno], user=caseworker(world, "NP"), country=world.ke) == []


# --- the request -----------------------------------------------------------------------------------


def test_a_request_holds_the_case_child_and_siblings_with_a_reference(world):
    achieng, otieno = siblings(world)
    request = requested(world, [achieng, otieno])

    assert request.reference.startswith("KE-PR-")
    assert set(request.children.all()) == {achieng, otieno}
    assert request.status == RequestStatus.ASSESSING
    assert request.assessment_due is None
    assert audited(request, AuditEvent.Action.CREATE)


def test_a_request_refuses_children_that_do_not_belong_to_it(world):
    achieng, otieno = siblings(world)
    case = open_case_for(world, achieng)
    with pytest.raises(ValidationError) as refused:
        gatekeeping.request_placement(case, acting_user=caseworker(world), children=[otieno])
    assert "child of the case" in refused.value.message_dict["children"][0]

    nepali = register_child(world, "NP", given_name="Sita", family_name="Tamang")
    with pytest.raises(ValidationError) as refused:
        gatekeeping.request_placement(case, acting_user=caseworker(world), children=[achieng, nepali])
    assert "children" in refused.value.message_dict

    with pytest.raises(OutOfScope):
        gatekeeping.request_placement(case, acting_user=caseworker(world, "NP"), children=[achieng])
    with pytest.raises(OutOfScope):
        gatekeeping.request_placement(
            case, acting_user=world.user("KE", Role.TRACING_OFFICER), children=[achieng]
        )
    assert not PlacementRequest.objects.exists()


def test_a_child_in_an_open_request_or_living_in_care_is_not_requested_again(world):
    child = register_child(world)
    request = requested(world, [child])
    with pytest.raises(ValidationError) as refused:
        gatekeeping.request_placement(request.case, acting_user=caseworker(world), children=[child])
    assert request.reference in refused.value.message_dict["children"][0]


# --- the assessment --------------------------------------------------------------------------------


def test_poverty_alone_is_refused_with_the_explanation(world):
    request = requested(world, [register_child(world)])

    with pytest.raises(ValidationError) as refused:
        assessed(world, request, necessity_reasons=[NecessityReason.POVERTY])

    message = refused.value.message_dict["necessity_reasons"][0]
    assert message == str(gatekeeping.POVERTY_ALONE_MESSAGE)
    assert "§15" in message and "family strengthening" in message
    request.refresh_from_db()
    assert request.status == RequestStatus.ASSESSING
    assert request.necessity_reasons == []
    with pytest.raises(ValidationError):
        gatekeeping.validate_necessity([])
    with pytest.raises(ValidationError):
        gatekeeping.validate_necessity(["bad_luck"])


def test_poverty_with_another_reason_is_accepted_and_waits_for_the_panel(world):
    request = requested(world, [register_child(world)])

    done = assessed(
        world, request, necessity_reasons=[NecessityReason.POVERTY, NecessityReason.ABUSE_OR_NEGLECT]
    )

    done.refresh_from_db()
    assert done.status == RequestStatus.AWAITING_PANEL
    assert done.necessity_reasons == [NecessityReason.POVERTY, NecessityReason.ABUSE_OR_NEGLECT]
    assert done.assessment_completed_by == caseworker(world)
    assert done.assessment_completed_at is not None
    assert audited(done, status=RequestStatus.AWAITING_PANEL)


def test_the_assessment_needs_options_tried_their_explanation_and_the_childs_views(world):
    request = requested(world, [register_child(world)])
    with pytest.raises(ValidationError) as refused:
        assessed(
            world,
            request,
            options_tried=[],
            options_explanation=" ",
            childs_views="",
            necessity_explanation="",
        )
    assert set(refused.value.message_dict) == {
        "options_tried",
        "options_explanation",
        "childs_views",
        "necessity_explanation",
    }
    with pytest.raises(ValidationError) as refused:
        assessed(world, request, options_tried=[OptionTried.NONE_POSSIBLE, OptionTried.KINSHIP_CARE])
    assert "options_tried" in refused.value.message_dict
    assert (
        assessed(world, request, options_tried=[OptionTried.NONE_POSSIBLE]).status
        == RequestStatus.AWAITING_PANEL
    )


def test_a_stale_version_is_a_conflict(world):
    request = requested(world, [register_child(world)])
    assessed(world, request)
    with pytest.raises(ConflictError):
        decided(world, request)  # still holds the version before the assessment


# --- emergencies -----------------------------------------------------------------------------------


def test_emergency_placement_before_the_assessment_with_its_deadline_from_the_settings(world):
    config.update_settings(
        world.ke, acting_user=world.user("KE", Role.COUNTRY_ADMINISTRATOR), emergency_assessment_hours=24
    )
    child = register_child(world)
    at = timezone.now() - timedelta(hours=30)
    request = requested(world, [child], emergency=True, requested_at=at)
    assert request.assessment_due == at + timedelta(hours=24)

    home = village_home(world)
    with pytest.raises(ValidationError) as refused:
        place(world, request, {child: home}, placement_type=PlacementType.LONG_TERM)
    assert "placement_type" in refused.value.message_dict

    (placement,) = place(world, request, {child: home}, placement_type=PlacementType.EMERGENCY)

    request.refresh_from_db()
    assert placement.home == home
    assert request.status == RequestStatus.ASSESSING
    # The deadline passed without the assessment: the request is overdue.
    assert list(PlacementRequest.objects.assessment_overdue()) == [request]
    assessed(world, request)
    assert not PlacementRequest.objects.assessment_overdue().exists()
    assert audited(request, late=True)


def test_a_placement_before_the_panel_approved_is_refused_unless_emergency(world):
    child = register_child(world)
    request = assessed(world, requested(world, [child]))
    home = village_home(world)
    for placement_type in (PlacementType.LONG_TERM, PlacementType.EMERGENCY):
        with pytest.raises(ValidationError) as refused:
            place(world, request, {child: home}, placement_type=placement_type)
        assert "panel" in refused.value.messages[0]
    assert not home.placements.exists()


# --- the panel -------------------------------------------------------------------------------------


def test_the_panel_decision_needs_placement_approve(world):
    request = assessed(world, requested(world, [register_child(world)]))
    with pytest.raises(OutOfScope):
        gatekeeping.record_panel_decision(
            request,
            acting_user=caseworker(world),
            expected_version=request.version,
            decision=PanelDecision.CARE_NECESSARY,
            panel_members="Grace",
            panel_reasons="Needed.",
        )
    with pytest.raises(ValidationError) as refused:
        gatekeeping.record_panel_decision(
            request,
            acting_user=supervisor(world),
            expected_version=request.version,
            decision=PanelDecision.CARE_NECESSARY,
            panel_members=" \n ",
            panel_reasons="",
        )
    assert set(refused.value.message_dict) == {"panel_members", "panel_reasons"}

    approved = decided(world, request)

    assert approved.status == RequestStatus.APPROVED
    assert approved.decided_by == supervisor(world)
    assert approved.panel_members == "Grace Wambui, supervisor\nPeter Mwangi, village director"
    assert audited(approved, decision=PanelDecision.CARE_NECESSARY)


def test_the_panel_decides_after_the_assessment_and_not_necessary_declines(world):
    child = register_child(world)
    request = requested(world, [child])
    with pytest.raises(ValidationError):
        decided(world, request)
    declined = decided(world, assessed(world, request), decision=PanelDecision.NOT_NECESSARY)
    assert declined.status == RequestStatus.DECLINED
    with pytest.raises(ValidationError):
        place(world, declined, {child: village_home(world)})


def test_a_request_is_withdrawn_with_a_reason_unless_children_live_in_care_from_it(world):
    child = register_child(world)
    request = requested(world, [child])
    with pytest.raises(ValidationError):
        gatekeeping.withdraw_request(
            request, acting_user=caseworker(world), expected_version=request.version, reason=""
        )
    withdrawn = gatekeeping.withdraw_request(
        request,
        acting_user=caseworker(world),
        expected_version=request.version,
        reason="The aunt takes her in.",
    )
    assert withdrawn.status == RequestStatus.WITHDRAWN
    assert audited(withdrawn, status=RequestStatus.WITHDRAWN)

    other = register_child(world, given_name="Otieno")
    approved = approved_request(world, [other])
    placements.place_children(
        approved,
        acting_user=caseworker(world),
        homes={other: village_home(world)},
        placement_type=PlacementType.LONG_TERM,
        started_on=timezone.localdate(),
    )
    approved.refresh_from_db()
    with pytest.raises(ValidationError):
        gatekeeping.withdraw_request(
            approved, acting_user=caseworker(world), expected_version=approved.version, reason="x"
        )
