"""The demo shows alternative care in Kenya's SOS Children's Village: homes with places and ages,
an SOS mother who sees only her home, siblings placed together, and care work in the work lists."""

from io import StringIO

import pytest
from django.core.management import call_command

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import Role
from trygg.audit.models import AuditEvent
from trygg.care.codes import ContactStatus, HomeKind, PlacementType
from trygg.care.dashboard import village_dashboard
from trygg.care.models import (
    CareHome,
    CareReview,
    ContactRestriction,
    FamilyContact,
    Placement,
    PlacementRequest,
)
from trygg.cases.services.work import WorkKind, caseload, work_for
from trygg.geo.models import Site

CARE_MODELS = (CareHome, PlacementRequest, Placement, CareReview, FamilyContact, ContactRestriction)


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in CARE_MODELS}


@pytest.fixture
def demo(db):
    output = load()
    return {
        "output": output,
        "village": Site.objects.get(country__code="KE", kind=Site.Kind.CHILDRENS_VILLAGE),
        "sos_parent": User.objects.get(email="sos-parent.ke@demo.example.org"),
        "director": User.objects.get(email="care-provider.ke@demo.example.org"),
        "caseworker": User.objects.get(email="caseworker.ke@demo.example.org"),
        "supervisor": User.objects.get(email="supervisor.ke@demo.example.org"),
    }


def test_the_village_has_homes_with_places_ages_and_carers(demo):
    homes = CareHome.objects.filter(site=demo["village"])
    kinds = [home.kind for home in homes]
    assert 3 <= kinds.count(HomeKind.SOS_FAMILY) <= 4
    assert kinds.count(HomeKind.FOSTER_FAMILY) == 1
    assert kinds.count(HomeKind.INDEPENDENT_LIVING) == 1
    assert all(home.capacity >= 1 and home.age_min <= home.age_max and home.carer_names for home in homes)
    assert homes.get(kind=HomeKind.INDEPENDENT_LIVING).age_max > 17
    assert not CareHome.objects.exclude(site=demo["village"]).exists()
    # Made through the services: every home's creation is in the audit trail, by the director.
    assert (
        AuditEvent.objects.filter(actor=demo["director"], object_type="care.carehome").count()
        == homes.count()
    )


def test_the_sos_parent_and_the_director_hold_their_accounts_and_see_their_share(demo):
    sos_parent, director, village = demo["sos_parent"], demo["director"], demo["village"]
    for user, role in ((sos_parent, Role.SOS_PARENT), (director, Role.CARE_PROVIDER)):
        membership = Membership.objects.get(user=user)
        assert (membership.role, membership.site) == (role, village)
        assert user.email in demo["output"]
    assert "SOS parent or carer" in demo["output"]
    own_home = CareHome.objects.get(carers=sos_parent)
    assert sos_parent.full_name in own_home.carer_names
    seen = Placement.objects.for_user(sos_parent)
    assert seen.exists() and {p.home for p in seen} == {own_home}
    assert not PlacementRequest.objects.for_user(sos_parent).exists()
    assert Placement.objects.for_user(director).count() == Placement.objects.count() >= 3


def test_siblings_are_placed_together_with_a_review_a_visit_and_a_restriction(demo):
    request = next(r for r in PlacementRequest.objects.all() if r.children.count() == 2)
    placements = list(request.placements.all())
    assert len(placements) == 2 and len({p.home_id for p in placements}) == 1
    assert {p.child for p in placements} == set(request.children.all())
    assert not any(p.separation_reason for p in placements)
    review = CareReview.objects.get()
    assert review.placement in placements and review.child_took_part
    visit = FamilyContact.objects.get()
    assert visit.status == ContactStatus.HAPPENED and visit.placement in placements
    assert visit.created_by == demo["sos_parent"]
    restriction = ContactRestriction.objects.in_force().get()
    assert restriction.child in {p.child for p in placements} and restriction.reason
    # The SOS mother sees the warning about a child of her home.
    assert list(ContactRestriction.objects.for_user(demo["sos_parent"]).in_force()) == [restriction]


def test_care_work_is_in_the_work_lists_and_the_dashboard_counts_the_children(demo):
    mine = {(item.kind, item.overdue) for item in work_for(demo["caseworker"], within_days=14).items}
    assert (WorkKind.CARE_REVIEW, True) in mine  # the brother's review, never held
    assert (WorkKind.CARE_REVIEW, False) in mine  # Wairimu's first review, due within days
    assert (WorkKind.EMERGENCY_ASSESSMENT, True) in mine
    overdue = caseload(demo["supervisor"]).rows
    assert sum(row.overdue_of(WorkKind.EMERGENCY_ASSESSMENT) for row in overdue) == 1
    assert Placement.objects.filter(placement_type=PlacementType.EMERGENCY).count() == 1
    dashboard = village_dashboard(demo["director"], site=demo["village"])
    assert dashboard.totals.occupied == Placement.objects.active().count() >= 4


def test_loading_again_changes_nothing(demo):
    before = counts()
    assert "already loaded" in load()
    assert counts() == before
