"""Generate synthetic children and child protection cases in bulk, for benchmarks and demos.

    manage.py generate_cases --children 1000000 --countries KE NP IN --seed 7

A bulk loader, not a way to record work: it writes rows directly (COPY on PostgreSQL, bulk_create
elsewhere) instead of calling the services one case at a time, and writes ONE audit event
(action "import") for the whole run, naming the reference ranges it filled: those ranges are how
generated records are told apart from real ones. Everything happens in one transaction: either
all of it is there or none. It creates a few synthetic caseworkers and a supervisor per country
(e-mail synthetic.*@example.org, no usable password) when they do not exist yet, and marks the
countries as operating. Refused in production mode.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import Role
from trygg.geo.models import Country

from ...synthetic.names import regions_for
from ...synthetic.run import country_plan, load

CHILDREN_PER_WORKER = 2_500
MOST_WORKERS = 40


def split(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def synthetic_staff(country, children: int) -> tuple[list[int], int]:
    """(caseworker ids, supervisor id) of the country's synthetic staff, created when missing."""
    code = country.code.lower()
    home, _other = regions_for(country.code)
    wanted = max(2, min(MOST_WORKERS, children // CHILDREN_PER_WORKER))
    workers = []
    for n in range(1, wanted + 1):
        given = home.female[n % len(home.female)] if n % 2 else home.male[n % len(home.male)]
        family = home.family[(n * 7) % len(home.family)]
        workers.append(
            _staff(
                f"synthetic.caseworker{n:02d}.{code}@example.org",
                f"{given} {family}",
                country,
                Role.CASEWORKER,
            )
        )
    supervisor = _staff(
        f"synthetic.supervisor.{code}@example.org",
        f"{home.male[0]} {home.family[1]}",
        country,
        Role.SUPERVISOR,
    )
    return workers, supervisor


def _staff(email: str, full_name: str, country, role: str) -> int:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, full_name=f"{full_name} (synthetic)")
    Membership.objects.get_or_create(user=user, role=role, country=country, site=None, programme=None)
    return user.pk


class Command(BaseCommand):
    help = "Generate synthetic children and cases in bulk (benchmarks and demos; never production)."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, required=True, help="How many children (one case each).")
        parser.add_argument(
            "--countries", nargs="+", default=["KE", "NP"], help="ISO 3166-1 codes (default: KE NP)."
        )
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same data.")
        parser.add_argument("--batch", type=int, default=5000, help="Children per batch written at once.")
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="PostgreSQL: keep indexes while loading (slower for large runs) instead of rebuilding them.",
        )

    def handle(self, *args, children, countries, seed, batch, keep_indexes, verbosity, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "Synthetic cases are for benchmarks and demos, never with TRYGG_ENV=production."
            )
        if children < 1 or batch < 1:
            raise CommandError("--children and --batch must be at least 1.")
        codes = [code.upper() for code in countries]
        found = {c.code: c for c in Country.objects.filter(code__in=codes)}
        unknown = sorted(set(codes) - set(found))
        if unknown:
            raise CommandError(f"Unknown country codes: {', '.join(unknown)}.")
        started = time.monotonic()
        log = self.stdout.write if verbosity > 1 else None
        with transaction.atomic():
            summary = self.generate(
                [found[c] for c in dict.fromkeys(codes)], children, seed, batch, keep_indexes, log
            )
        if verbosity < 1:
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.children} children and cases in {time.monotonic() - started:.1f} s "
                f"(rows written in {summary.seconds:.1f} s)."
            )
        )
        for label, count in summary.rows.items():
            self.stdout.write(f"  {label}: {count}")

    def generate(self, countries, children, seed, batch, keep_indexes, log):
        plans = []
        for country, count in zip(countries, split(children, len(countries)), strict=True):
            if count:
                workers, supervisor = synthetic_staff(country, count)
                plans.append(country_plan(country, count, workers, supervisor))
        rebuild = False if keep_indexes else None
        return load(plans, seed=seed, batch=batch, rebuild=rebuild, log=log)
