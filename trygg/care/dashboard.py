"""The village dashboard: places free by home and age range, the children living there by age and
length of stay, reviews due and overdue, contact restrictions in force and unstable placements.

A read, not a service: every row comes through `for_user`, and the number of queries is the same
whatever the number of homes and children (homes, placements, earlier placements of children who
moved, restrictions, and the stability flags of each country shown).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trygg.core.scoping import has_perm_anywhere

from .models import CareHome, ContactRestriction, Placement

# A review falling due within this many days is "due" (overdue ones are counted apart).
REVIEW_DUE_WITHIN_DAYS = 14

# (code, label, youngest, oldest); the oldest None means "and older".
AGE_BANDS = (
    ("0_5", _("0–5 years"), 0, 5),
    ("6_11", _("6–11 years"), 6, 11),
    ("12_14", _("12–14 years"), 12, 14),
    ("15_17", _("15–17 years"), 15, 17),
    ("18_plus", _("18 and older"), 18, None),
)
AGE_UNKNOWN = ("unknown", pgettext_lazy("age", "Unknown"))

# (code, label, shorter than this many whole months); the last band has no upper bound.
STAY_BANDS = (
    ("under_6_months", _("Under 6 months"), 6),
    ("6_to_12_months", _("6–12 months"), 12),
    ("1_to_3_years", _("1–3 years"), 36),
    ("over_3_years", _("Over 3 years"), None),
)

CARE_READ_PERMISSIONS = (
    "carehome.view",
    "carehome.view_own_home",
    "placement.view",
    "placement.view_own_home",
)


def may_see_dashboard(user) -> bool:
    """Anyone who may see homes or placements somewhere; others get the same 404 as elsewhere."""
    return any(has_perm_anywhere(user, permission) for permission in CARE_READ_PERMISSIONS)


@dataclass
class HomeRow:
    """One home's places: free is what it can still take (none once it stops taking children,
    below zero after an audited capacity override)."""

    home: CareHome
    capacity: int
    occupied: int
    free: int

    @property
    def kind(self) -> str:
        return self.home.kind

    @property
    def age_min(self) -> int:
        return self.home.age_min

    @property
    def age_max(self) -> int:
        return self.home.age_max


@dataclass
class AgeRangeRow:
    """Homes taking the same age range, with their places added up."""

    age_min: int
    age_max: int
    homes: int = 0
    capacity: int = 0
    occupied: int = 0
    free: int = 0


@dataclass
class BandRow:
    code: str
    label: str
    children: int = 0


@dataclass
class Totals:
    homes: int = 0
    capacity: int = 0
    occupied: int = 0
    free: int = 0


@dataclass
class VillageDashboard:
    """The figures of one village (or a country, or all the user sees) on one day."""

    today: date
    site: object = None
    country: object = None
    # False when the user sees homes but not the children in them (e.g. a country administrator):
    # the children's figures are then empty, not zero.
    sees_placements: bool = False
    homes: list[HomeRow] = field(default_factory=list)
    by_age_range: list[AgeRangeRow] = field(default_factory=list)
    totals: Totals = field(default_factory=Totals)
    children_by_age: list[BandRow] = field(default_factory=list)
    children_by_stay: list[BandRow] = field(default_factory=list)
    reviews_overdue: list[Placement] = field(default_factory=list)
    reviews_due: list[Placement] = field(default_factory=list)
    restrictions_in_force: list[ContactRestriction] = field(default_factory=list)
    unstable: list[Placement] = field(default_factory=list)

    @property
    def children(self) -> int:
        return sum(row.children for row in self.children_by_age)

    def as_dict(self) -> dict:
        """For the API: codes, numbers and UUIDs, never a name."""

        def uuids(rows):
            return [str(row.uuid) for row in rows]

        def places(row):
            return {
                "homes": row.homes,
                "capacity": row.capacity,
                "occupied": row.occupied,
                "free": row.free,
            }

        return {
            "today": self.today.isoformat(),
            "site": str(self.site.uuid) if self.site is not None else None,
            "country": self.country.code if self.country is not None else None,
            "sees_placements": self.sees_placements,
            "totals": places(self.totals),
            "homes": [
                {
                    "home": str(row.home.uuid),
                    "reference": row.home.reference,
                    "kind": row.kind,
                    "is_active": row.home.is_active,
                    "age_min": row.age_min,
                    "age_max": row.age_max,
                    "capacity": row.capacity,
                    "occupied": row.occupied,
                    "free": row.free,
                }
                for row in self.homes
            ],
            "by_age_range": [
                {"age_min": row.age_min, "age_max": row.age_max, **places(row)} for row in self.by_age_range
            ],
            "children": self.children,
            "children_by_age": [{"band": row.code, "children": row.children} for row in self.children_by_age],
            "children_by_stay": [
                {"band": row.code, "children": row.children} for row in self.children_by_stay
            ],
            "reviews_overdue": {
                "count": len(self.reviews_overdue),
                "placements": uuids(self.reviews_overdue),
            },
            "reviews_due": {
                "count": len(self.reviews_due),
                "within_days": REVIEW_DUE_WITHIN_DAYS,
                "placements": uuids(self.reviews_due),
            },
            "restrictions_in_force": {
                "count": len(self.restrictions_in_force),
                "restrictions": uuids(self.restrictions_in_force),
            },
            "unstable": {"count": len(self.unstable), "placements": uuids(self.unstable)},
        }


def age_band(age: int | None) -> str:
    if age is None:
        return AGE_UNKNOWN[0]
    for code, _label, youngest, oldest in AGE_BANDS:
        if age >= youngest and (oldest is None or age <= oldest):
            return code
    return AGE_UNKNOWN[0]


def whole_months(start: date, today: date) -> int:
    months = (today.year - start.year) * 12 + today.month - start.month
    return months - 1 if today.day < start.day else months


def stay_band(start: date, today: date) -> str:
    months = whole_months(start, today)
    for code, _label, below in STAY_BANDS:
        if below is None or months < below:
            return code
    return STAY_BANDS[-1][0]


def _in_area(qs, *, site=None, country=None, site_field="site", country_field="country"):
    if site is not None:
        return qs.filter(**{site_field: site})
    if country is not None:
        return qs.filter(**{country_field: country})
    return qs


def _home_rows(user, *, site, country) -> list[HomeRow]:
    from .services.homes import with_occupancy

    homes = _in_area(CareHome.objects.for_user(user, "view"), site=site, country=country)
    rows = []
    for home in with_occupancy(homes).order_by("name", "pk"):
        # A home that stopped taking children is shown while children still live there.
        if not home.is_active and not home.occupied:
            continue
        free = home.free if home.is_active else 0
        rows.append(HomeRow(home=home, capacity=home.capacity, occupied=home.occupied, free=free))
    return rows


def _by_age_range(rows: list[HomeRow]) -> list[AgeRangeRow]:
    ranges: dict[tuple[int, int], AgeRangeRow] = {}
    for row in rows:
        key = (row.age_min, row.age_max)
        group = ranges.setdefault(key, AgeRangeRow(age_min=row.age_min, age_max=row.age_max))
        group.homes += 1
        group.capacity += row.capacity
        group.occupied += row.occupied
        # A home over its places does not take places from another.
        group.free += max(row.free, 0)
    return [ranges[key] for key in sorted(ranges)]


def _care_started(user, placements: list[Placement]) -> dict[int, date]:
    """When each child's time in care began: a move continues the stay, so follow the chain of
    earlier placements the user may see (one query, only when a child moved)."""
    started = {p.pk: p.started_on for p in placements}
    moved = [p for p in placements if p.previous_id is not None]
    if not moved:
        return started
    earlier = {
        row["pk"]: row
        for row in Placement.objects.for_user(user, "view")
        .filter(child__in=[p.child_id for p in moved])
        .values("pk", "previous_id", "started_on")
    }
    for placement in moved:
        link = placement.previous_id
        seen = set()
        while link in earlier and link not in seen:
            seen.add(link)
            started[placement.pk] = earlier[link]["started_on"]
            link = earlier[link]["previous_id"]
    return started


def _unstable(placements: list[Placement]) -> list[Placement]:
    from .services.placements import unstable_child_ids

    by_country = defaultdict(list)
    for placement in placements:
        by_country[placement.country_id].append(placement)
    flagged = set()
    for country_id, rows in sorted(by_country.items()):
        flagged |= unstable_child_ids([p.child_id for p in rows], country_id)
    return [p for p in placements if p.child_id in flagged]


def village_dashboard(user, *, site=None, country=None, today=None) -> VillageDashboard:
    """The dashboard of `site` (a village), else of `country`, else of everything the user sees."""
    today = today or timezone.localdate()
    if site is not None:
        country = site.country
    board = VillageDashboard(today=today, site=site, country=country)

    board.homes = _home_rows(user, site=site, country=country)
    board.by_age_range = _by_age_range(board.homes)
    board.totals = Totals(
        homes=len(board.homes),
        capacity=sum(row.capacity for row in board.homes),
        occupied=sum(row.occupied for row in board.homes),
        free=sum(max(row.free, 0) for row in board.homes),
    )

    placement_qs = _in_area(Placement.objects.for_user(user, "view").active(), site=site, country=country)
    board.sees_placements = has_perm_anywhere(user, "placement.view") or has_perm_anywhere(
        user, "placement.view_own_home"
    )
    placements = list(placement_qs.select_related("child", "home").order_by("next_review_due", "pk"))

    ages = {code: BandRow(code, label) for code, label, *_rest in AGE_BANDS}
    ages[AGE_UNKNOWN[0]] = BandRow(*AGE_UNKNOWN)
    stays = {code: BandRow(code, label) for code, label, _below in STAY_BANDS}
    started = _care_started(user, placements)
    for placement in placements:
        ages[age_band(placement.child.age_on(today))].children += 1
        stays[stay_band(started[placement.pk], today)].children += 1
    board.children_by_age = list(ages.values())
    board.children_by_stay = list(stays.values())

    due_by = today + timedelta(days=REVIEW_DUE_WITHIN_DAYS)
    board.reviews_overdue = [p for p in placements if p.next_review_due < today]
    board.reviews_due = [p for p in placements if today <= p.next_review_due <= due_by]

    # The restrictions of the children living here, as far as the user may see them.
    board.restrictions_in_force = list(
        ContactRestriction.objects.for_user(user, "view")
        .in_force(today)
        .filter(child__in=placement_qs.values("child"))
        .select_related("child")
        .order_by("valid_from", "pk")
    )
    board.unstable = _unstable(placements)
    return board
