"""Cases for the embedded demo.

A few children of the demo families get a case opened through the real service (`open_case`),
so the demo shows cases with their audit trail and timeline as a caseworker makes them; one is
past its first-action deadline, so "My work" has something overdue. Around them a small
generated caseload (the bulk generator at small size), assigned to the demo caseworkers, fills
the lists, the caseload and the reminders.
"""

from datetime import timedelta

from django.utils import timezone

from trygg.people.models import Person

from ..codes import RiskLevel
from ..services.case import open_case, record_first_action
from .run import country_plan, load

# Small: the demo's own families stay the people a newcomer meets first.
GENERATED_PER_COUNTRY = 8
SEED = 2026
# (risk level, identified how long ago, first action taken): the first is past its 24-hour
# first-action deadline, the second is due within days, the third has had its first action.
OPENED = [
    (RiskLevel.HIGH, timedelta(days=2), False),
    (RiskLevel.MEDIUM, timedelta(hours=5), False),
    (RiskLevel.LOW, timedelta(days=10), True),
]


def load_demo_cases(
    *,
    countries: dict,
    caseworkers: dict,
    supervisors: dict,
    generated_per_country: int = GENERATED_PER_COUNTRY,
) -> None:
    """`countries`: code -> Country; `caseworkers`: code -> the demo caseworker who registered
    the families; `supervisors`: code -> the demo supervisor, where the country has one."""
    now = timezone.now()
    for code, country in countries.items():
        worker = caseworkers[code]
        children = (
            Person.objects.filter(country=country, created_by=worker)
            .children()
            .order_by("date_of_birth", "pk")
        )
        for child, (risk, ago, acted) in zip(children, OPENED, strict=False):
            case = open_case(
                child=child,
                country=country,
                site=child.site,
                risk_level=risk,
                identified_at=now - ago,
                acting_user=worker,
                assigned_worker=worker,
            )
            if acted:
                record_first_action(case, acting_user=worker, expected_version=case.version, at=now - ago / 2)
    plans = [
        country_plan(
            country,
            generated_per_country,
            [caseworkers[code].pk],
            supervisors[code].pk if code in supervisors else None,
        )
        for code, country in countries.items()
    ]
    load(plans, seed=SEED, rebuild=False)
