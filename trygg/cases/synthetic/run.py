"""One synthetic load: generate, write, record the run in the audit trail, refresh statistics.

Used by `manage.py generate_cases` (synthetic staff) and by the demo data (the demo accounts).
Call it inside a transaction: either the whole load is there or none of it.
"""

from django.db import connection

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.geo.models import Country, Site

from .generator import CountryPlan, Generator, Summary, deadlines_for
from .loader import indexes_rebuilt_after

# From this many children on, PostgreSQL indexes and constraints are rebuilt after the load.
REBUILD_FROM = 50_000


def country_plan(country, children: int, workers: list[int], supervisor: int | None) -> CountryPlan:
    """What the generator needs about one country: its sites, its deadlines, who works there."""
    sites = list(Site.objects.filter(country=country, is_deleted=False).values_list("pk", flat=True))
    return CountryPlan(country, children, workers, supervisor, sites, deadlines_for(country))


def load(
    plans: list[CountryPlan], *, seed: int, batch: int = 5000, rebuild: bool | None = None, log=None
) -> Summary:
    """Generate and write every plan's children and cases; one audit event (action "import")
    names the run's reference ranges, which is how generated records are told apart."""
    Country.objects.filter(pk__in=[plan.country.pk for plan in plans]).update(is_operating=True)
    generator = Generator(plans, seed=seed, batch=batch, log=log)
    tables = list(generator.writers)
    children = sum(plan.children for plan in plans)
    if rebuild is None:
        rebuild = children >= REBUILD_FROM
    if rebuild and connection.vendor == "postgresql":
        with indexes_rebuilt_after(tables):
            summary = generator.run()
    else:
        summary = generator.run()
    record_event(
        AuditEvent.Action.IMPORT,
        detail={
            "generator": "generate_cases",
            "seed": seed,
            "children": summary.children,
            "rows": summary.rows,
            "person_references": summary.person_references,
            "case_references": summary.case_references,
        },
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for model in tables:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
    return summary
