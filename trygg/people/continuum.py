"""Where a child stands on the continuum of care, shown on every page about a child.

The steps follow the organisation's work: prevent → identify → protect → care → recover → reunite →
monitor. Today only registration and household membership exist, so a person is "registered", or in
"prevention" once they belong to a household (family strengthening). Later modules add their own
evidence (a screening, an open case, a placement, ...) to `stage_for`.
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


def stage_for(person, *, in_household: bool) -> str:
    """The furthest stage the records show for this person."""
    if in_household:
        return "prevention"
    return "registered"


def steps(current: str) -> list[Step]:
    """Every stage in order, the current one marked.

    Earlier stages are not marked as passed: a child rescued from traffickers may never have been
    in prevention.
    """
    if current not in STAGE_CODES:
        raise ValueError(current)
    return [Step(code=code, label=label, is_current=code == current) for code, label in STAGES]
