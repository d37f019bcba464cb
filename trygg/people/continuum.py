"""Where a child stands on the continuum of care, shown on every page about a child.

The steps follow the organisation's work: prevent → identify → protect → care → recover → reunite →
monitor. A person is "registered", in "prevention" once they belong to a household (family
strengthening), in "identification" while their open case is being identified and they have been
screened, and in "protection" with an open case. Later modules add their own evidence (a
placement, ...) to `stage_for`.
"""

from dataclasses import dataclass

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


def stage_for(person, *, in_household: bool, user=None) -> str:
    """The furthest stage the records show for this person, as `user` may know it (one query).

    An open case is "protection"; while that case is still in its identification stage and the
    child has been screened for trafficking, it is "identification" instead, but only for a
    viewer who may see trafficking details where the case is: to anyone else (or with no user)
    the step would tell that a screening exists, so they see "protection".
    """
    from trygg.cases.codes import Stage

    case = _open_case(person)
    if case is not None:
        if case.stage == Stage.IDENTIFICATION and case.screened and _may_see_screenings(user, case):
            return "identification"
        return "protection"
    if in_household:
        return "prevention"
    return "registered"


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
        .only("pk", "stage", "country_id", "site_id", "site__programme_id")
        .first()
    )


def _may_see_screenings(user, case) -> bool:
    if user is None or not user.is_authenticated:
        return False
    from trygg.cases.services.identification import user_may_see_trafficking

    return user_may_see_trafficking(user, case)


def steps(current: str) -> list[Step]:
    """Every stage in order, the current one marked.

    Earlier stages are not marked as passed: a child rescued from traffickers may never have been
    in prevention.
    """
    if current not in STAGE_CODES:
        raise ValueError(current)
    return [Step(code=code, label=label, is_current=code == current) for code, label in STAGES]
