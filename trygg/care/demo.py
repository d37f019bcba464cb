"""Alternative care for the embedded demo, made through the real services (as users would).

Kenya's SOS Children's Village gets its homes: four SOS families, a foster family and a supported
independent living house, each with its places and the ages it takes. The village director
creates them; Mary Njeri, the SOS mother of SOS family Twiga, has an account and sees only the
children of her home. Children of the demo's village families are placed through gatekeeping:

- Chebet and Kiprotich Kiprono, sister and brother, placed together in SOS family Twiga after an
  uncle sold them to traffickers: the assessment, the panel's decision, the placement, one care
  plan review (Chebet's; Kiprotich's review is overdue), a family visit from their grandmother
  recorded by the SOS mother, and a contact restriction on the uncle;
- Wairimu Ndung'u in SOS family Simba, her first review due within days;
- Baraka, found alone at the Likoni ferry, placed in an emergency whose assessment is now late.

Reviews and emergency assessments appear in the caseworker's "My work" and the supervisor's
caseload; the village dashboard counts the places taken.
"""

from datetime import timedelta

from django.utils import timezone

from trygg.accounts.roles import Role
from trygg.cases.codes import RiskLevel
from trygg.cases.models import Case
from trygg.cases.services.case import open_case, record_first_action
from trygg.people.models import Person

from .codes import (
    ContactKind,
    ContactOutcome,
    ContactStatus,
    HomeKind,
    NecessityReason,
    OptionTried,
    PanelDecision,
    PlacementType,
    RestrictionKind,
)
from .services.gatekeeping import complete_assessment, record_panel_decision, request_placement
from .services.homes import create_home
from .services.life import add_contact_restriction, record_family_contact
from .services.placements import PlacementSpec, place_children, record_review

# (name, kind, places, youngest, oldest, carers; the SOS parent's account is the carer of Twiga)
HOMES = [
    ("SOS family Twiga", HomeKind.SOS_FAMILY, 6, 0, 14, "Mary Njeri"),
    ("SOS family Simba", HomeKind.SOS_FAMILY, 6, 5, 17, "Rose Awino"),
    ("SOS family Tembo", HomeKind.SOS_FAMILY, 5, 0, 12, "Agnes Wairimu"),
    ("SOS family Ndovu", HomeKind.SOS_FAMILY, 4, 10, 17, "Lilian Chepkoech"),
    ("Foster family Omondi", HomeKind.FOSTER_FAMILY, 2, 0, 8, "Caroline Omondi\nJames Omondi"),
    ("Uhuru youth house", HomeKind.INDEPENDENT_LIVING, 4, 16, 22, "Peter Kimani, youth mentor"),
]
SOS_PARENTS_HOME = "SOS family Twiga"
PANEL = "Samuel Mutiso, village director\nOtieno Odhiambo, supervisor\nFaith Chebet, psychologist"


def load_demo_care(*, country, village, users: dict) -> dict:
    """Homes, placements and life in care in `village` (Kenya's SOS Children's Village).

    `users`: role -> the country's demo account (caseworker, supervisor, care provider = the
    village director, SOS parent). Returns the homes by name and the placements by child's name.
    """
    caseworker, director = users[Role.CASEWORKER], users[Role.CARE_PROVIDER]
    sos_parent = users[Role.SOS_PARENT]
    today = timezone.localdate()
    now = timezone.now()
    homes = {
        name: create_home(
            acting_user=director,
            country=country,
            site=village,
            name=name,
            kind=kind,
            capacity=places,
            age_min=youngest,
            age_max=oldest,
            carer_names=carers,
            carers=[sos_parent] if name == SOS_PARENTS_HOME else [],
        )
        for name, kind, places, youngest, oldest, carers in HOMES
    }

    def child(given_name, family_name=""):
        return Person.objects.get(
            country=country, site=village, given_name=given_name, family_name=family_name
        )

    def case_of(person, opened_at):
        case = Case.objects.alive().open().filter(child=person).first()
        if case is None:
            case = open_case(
                child=person,
                country=country,
                site=village,
                risk_level=RiskLevel.HIGH,
                identified_at=opened_at,
                acting_user=caseworker,
                assigned_worker=caseworker,
            )
            record_first_action(
                case, acting_user=caseworker, expected_version=case.version, at=opened_at + timedelta(hours=6)
            )
        return case

    def gatekeep(case, children, requested_at, *, reasons, explanation, options, tried, views):
        request = request_placement(
            case, acting_user=caseworker, children=children, site=village, requested_at=requested_at
        )
        request = complete_assessment(
            request,
            acting_user=caseworker,
            expected_version=request.version,
            necessity_reasons=reasons,
            necessity_explanation=explanation,
            options_tried=options,
            options_explanation=tried,
            childs_views=views,
            suitability="An SOS family near their school in Embakasi, with room for both.",
        )
        return record_panel_decision(
            request,
            acting_user=director,
            expected_version=request.version,
            decision=PanelDecision.CARE_NECESSARY,
            panel_members=PANEL,
            panel_reasons="The family cannot protect the children; no relative can take them safely.",
        )

    placed = {}

    # Two siblings, placed together.
    chebet, kiprotich = child("Chebet", "Kiprono"), child("Kiprotich", "Kiprono")
    start = today - timedelta(days=200)
    requested_at = now - timedelta(days=203)
    request = gatekeep(
        case_of(chebet, requested_at - timedelta(days=3)),
        [chebet, kiprotich],
        requested_at,
        reasons=[NecessityReason.FAMILY_INVOLVED_IN_TRAFFICKING, NecessityReason.CAREGIVER_UNABLE],
        explanation=(
            "Their uncle, who cared for them, sold them to a man who made them beg in Nairobi. "
            "The mother is in hospital for a long treatment."
        ),
        options=[OptionTried.KINSHIP_CARE, OptionTried.FAMILY_STRENGTHENING],
        tried=(
            "The grandmother was visited: she is willing but frail and lives next to the uncle. "
            "Family strengthening support for the mother must wait for her treatment."
        ),
        views=(
            "Chebet wants to stay with her brother and to go back to school. "
            "Kiprotich wants to stay with Chebet."
        ),
    )
    for placement in place_children(
        request,
        acting_user=caseworker,
        homes=[
            PlacementSpec(chebet, homes["SOS family Twiga"]),
            PlacementSpec(kiprotich, homes["SOS family Twiga"]),
        ],
        placement_type=PlacementType.LONG_TERM,
        started_on=start,
        care_plan_goals=(
            "Back in school by the next term\nWeekly counselling\nRegular contact with the grandmother"
        ),
    ):
        placed[placement.child.full_name] = placement
    chebet_placement = placed[chebet.full_name]
    record_review(
        chebet_placement,
        acting_user=caseworker,
        reviewed_on=today - timedelta(days=15),
        progress="Chebet is in class 4 and sleeps better; she still fears going to the market.",
        child_took_part=True,
        childs_views="Likes her SOS mother and her new friends; misses her grandmother.",
        decisions="Monthly visits from the grandmother; counselling continues.",
    )
    add_contact_restriction(
        chebet,
        acting_user=caseworker,
        restricted_name="Joseph Kiprono",
        relationship="uncle",
        kind=RestrictionKind.NO_CONTACT,
        reason="He sold Chebet and her brother to a trafficker; the police are investigating.",
        valid_from=start,
    )
    record_family_contact(
        chebet_placement,
        acting_user=sos_parent,
        kind=ContactKind.VISIT,
        status=ContactStatus.HAPPENED,
        with_whom="Grace Kiprono, grandmother",
        happened_on=today - timedelta(days=9),
        outcome=ContactOutcome.WENT_WELL,
        notes="She brought mandazi; both children asked when she comes again.",
    )

    # One child whose first review is due within days.
    wairimu = child("Wairimu", "Ndung'u")
    requested_at = now - timedelta(days=84)
    request = gatekeep(
        case_of(wairimu, requested_at - timedelta(days=2)),
        [wairimu],
        requested_at,
        reasons=[NecessityReason.ORPHANED],
        explanation="Both parents died; she was working as a maid for a family who took her pay.",
        options=[OptionTried.KINSHIP_CARE],
        tried="An aunt in Machakos was traced; she cannot take her in.",
        views="Wairimu wants to go back to school and to see her aunt in the holidays.",
    )
    for placement in place_children(
        request,
        acting_user=caseworker,
        homes=[PlacementSpec(wairimu, homes["SOS family Simba"])],
        placement_type=PlacementType.LONG_TERM,
        started_on=today - timedelta(days=80),
        care_plan_goals="Back in class 5\nHoliday visits to her aunt",
    ):
        placed[placement.child.full_name] = placement

    # An emergency placement whose assessment is late: it shows in the work lists as overdue.
    baraka = child("Baraka")
    requested_at = now - timedelta(days=4)
    request = request_placement(
        case_of(baraka, requested_at - timedelta(hours=3)),
        acting_user=caseworker,
        children=[baraka],
        site=village,
        is_emergency=True,
        requested_at=requested_at,
    )
    for placement in place_children(
        request,
        acting_user=caseworker,
        homes=[PlacementSpec(baraka, homes["SOS family Tembo"])],
        placement_type=PlacementType.EMERGENCY,
        started_on=timezone.localtime(requested_at).date(),
        care_plan_goals="Find his family\nA medical check",
    ):
        placed[placement.child.full_name] = placement
    return {"homes": homes, "placements": placed}
