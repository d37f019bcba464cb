"""Where a child stands on the continuum of care, shown on every page about a child.

The steps follow the organisation's work: prevent → identify → protect → care → recover → reunite →
monitor. A person is "registered", in "prevention" once they belong to a household (family
strengthening), in "identification" while their open case is being identified and they have been
screened, and in "protection" with an open case. A placement puts the child in "care" ("In care",
with the home's name for those who may see the placement; "Left care" once it ended). A tracing
request matched to the child puts them in "reunification" (match confirmed, or reunified when no
monitoring visit is outstanding) and in "monitoring" after return while monitoring visits are
still to be made.

A child may pass through the continuum more than once (returned home, then trafficked again), so
the most recent step the records show wins, the furthest on the same day. One exception: a child
who lives in a home is in care whatever case is opened meanwhile.

The stage itself shows to everyone who sees the child, as the open case's "protection" always
has; what it would reveal beyond that (a screening, the home) only to those allowed to see it.
The apps whose records count are imported where they are read: they build on `people`, not the
other way round.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

STAGES = [
    ("registered", _("Registered")),
    ("prevention", _("Prevention: family strengthening")),
    ("identification", _("Identification: screening")),
    ("protection", _("Protection: case")),
    ("care", _("Care: placement")),
    ("recovery", _("Recovery: trauma follow-up")),
    ("reunification", _("Reunification")),
    ("monitoring", _("Monitoring after return")),
]
STAGE_CODES = [code for code, _label in STAGES]


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    is_current: bool
    detail: str = ""  # on the current step: what puts the child there ("In care: SOS family Twiga")


@dataclass(frozen=True)
class Position:
    """The child's stage, and a short sentence saying what puts them there (may be empty)."""

    stage: str
    detail: str = ""


@dataclass(frozen=True)
class _Evidence:
    since: date
    position: Position

    @property
    def order(self):
        return (self.since, STAGE_CODES.index(self.position.stage))


def position_for(person, *, in_household: bool, user=None) -> Position:
    """Where the records put this person, as `user` may know it (three queries).

    An open case is "protection"; while that case is still in its identification stage and the
    child has been screened for trafficking, it is "identification" instead, but only for a
    viewer who may see trafficking details where the case is: to anyone else (or with no user)
    the step would tell that a screening exists, so they see "protection".
    """
    seen: list[_Evidence] = []
    placement = _latest_placement(person, user)
    living_in_care = placement is not None and placement.ended_on is None
    case = _open_case(person)
    if case is not None and not living_in_care:
        seen.append(_Evidence(timezone.localdate(case.identified_at), _case_position(case, user)))
    if placement is not None:
        seen.append(_placement_evidence(placement))
    tracing = _tracing_evidence(person)
    if tracing is not None:
        seen.append(tracing)
    if seen:
        return max(seen, key=lambda evidence: evidence.order).position
    if in_household:
        return Position("prevention")
    return Position("registered")


def stage_for(person, *, in_household: bool, user=None) -> str:
    """The stage code alone (see `position_for`)."""
    return position_for(person, in_household=in_household, user=user).stage


def steps_for(person, *, in_household: bool, user=None) -> list[Step]:
    """Every stage in order, the person's current one marked and explained."""
    position = position_for(person, in_household=in_household, user=user)
    return steps(position.stage, detail=position.detail)


def _case_position(case, user) -> Position:
    from trygg.cases.codes import Stage

    if case.stage == Stage.IDENTIFICATION and case.screened and _may_see_screenings(user, case):
        return Position("identification")
    return Position("protection")


def _open_case(person):
    # Only the stage shows, never the case: the continuum is shown wherever the child is, and
    # the case itself stays behind its own permission.
    from django.db.models import Exists, OuterRef

    from trygg.cases.models import Case, Screening

    screenings = Screening.objects.alive().filter(case=OuterRef("pk"))
    return (
        Case.objects.alive()
        .open()
        .filter(child_id=person.pk)
        .annotate(screened=Exists(screenings))
        .select_related("site")
        .only("pk", "stage", "identified_at", "country_id", "site_id", "site__programme_id")
        .first()
    )


def _may_see_screenings(user, case) -> bool:
    if user is None or not user.is_authenticated:
        return False
    from trygg.cases.services.identification import user_may_see_trafficking

    return user_may_see_trafficking(user, case)


def _latest_placement(person, user):
    """The child's active placement, else the one that ended last; `visible` says whether `user`
    may see it (and so the home's name)."""
    from django.db import models

    from trygg.care.codes import PlacementStatus
    from trygg.care.models import Placement

    viewable = Placement.objects.for_user(user) if user is not None else Placement.objects.none()
    return (
        Placement.objects.alive()
        .filter(child_id=person.pk)
        .annotate(
            visible=models.Exists(viewable.filter(pk=models.OuterRef("pk"))),
            living_here=models.Case(
                models.When(status=PlacementStatus.ACTIVE, then=models.Value(0)), default=models.Value(1)
            ),
        )
        .select_related("home")
        .only("pk", "status", "started_on", "ended_on", "home__name")
        .order_by("living_here", "-ended_on", "-started_on", "-pk")
        .first()
    )


def _placement_evidence(placement) -> _Evidence:
    if placement.ended_on is not None:
        return _Evidence(placement.ended_on, Position("care", _t("Left care")))
    # The home's name only to those who may see the placement; the stage to everyone.
    detail = _t("In care: %(home)s") % {"home": placement.home.name} if placement.visible else _t("In care")
    return _Evidence(placement.started_on, Position("care", detail))


def _tracing_evidence(person) -> _Evidence | None:
    """The latest tracing request matched to this child that confirmed the match or brought the
    child home (a closed one counts when it had brought the child home)."""
    from django.db.models import Exists, OuterRef, Q, Subquery

    from trygg.tracing.codes import RequestStatus
    from trygg.tracing.models import MonitoringVisit, Reunification, TracingRequest

    reunified_on = Reunification.objects.alive().filter(request=OuterRef("pk")).values("reunified_on")[:1]
    outstanding = MonitoringVisit.objects.alive().filter(request=OuterRef("pk"), visited_on__isnull=True)
    request = (
        TracingRequest.objects.alive()
        .filter(matched_child_id=person.pk)
        .annotate(reunified_on=Subquery(reunified_on), monitoring=Exists(outstanding))
        .filter(
            Q(status__in=[RequestStatus.MATCH_CONFIRMED, RequestStatus.REUNIFIED])
            | Q(status=RequestStatus.CLOSED, reunified_on__isnull=False)
        )
        .only("pk", "status", "status_changed_at", "created_at")
        .order_by("-status_changed_at", "-pk")
        .first()
    )
    if request is None:
        return None
    changed = timezone.localdate(request.status_changed_at or request.created_at)
    if request.status == RequestStatus.MATCH_CONFIRMED or request.reunified_on is None:
        return _Evidence(changed, Position("reunification", _t("Match confirmed: family found")))
    stage = "monitoring" if request.monitoring else "reunification"
    return _Evidence(request.reunified_on, Position(stage, _t("Reunified with the family")))


def steps(current: str, *, detail: str = "") -> list[Step]:
    """Every stage in order, the current one marked (with `detail` saying what puts the child there).

    Earlier stages are not marked as passed: a child rescued from traffickers may never have been
    in prevention.
    """
    if current not in STAGE_CODES:
        raise ValueError(current)
    return [
        Step(code=code, label=label, is_current=code == current, detail=detail if code == current else "")
        for code, label in STAGES
    ]
