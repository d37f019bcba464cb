"""Benchmark: matching one tracing request against 10,000 and 1,000,000 registered children.

Run with `python bench/tracing_scale.py` (or `--sizes 10000 1000000`). It builds its own
PostgreSQL database per size (`trygg_bench_tracing_<size>`; BENCH_TRACING_DATABASE_URL names the
server and the name's stem), fresh each run unless `--reuse` keeps one that already holds its size,
fills it with `manage.py generate_cases` (children in Kenya and Nepal, half each) and then writes
every child's tracing blocking keys in bulk (COPY, indexes built once afterwards), as a batch run
would after such an import.

It then times the service that matches one request (`tracing.services.matching.children_for_request`:
the key lookups, the candidates' rows and parents, the engine's scoring) for ~20 varied requests
built from children of that database: names misspelt, a nickname added, given and family names
swapped, an approximate age instead of the date of birth, a name in its own script only, and a few
children nobody registered. p50 and p95 in milliseconds at each size, how often the child sought
was among the candidates scored and came first (a tie with identically named children counts:
the synthetic names repeat at a million), and the ratio of p95 between the largest and the
smallest size (goal: at most 2). A table first, then one JSON object per line per measure. Not
part of the test suite.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("BENCH_TRACING_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygg_bench_tracing"),
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
os.environ["TRYGG_TESTING"] = "1"  # plain static storage: the bench does not need collectstatic
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

COUNTRIES = ["KE", "NP"]
REQUESTS = 20
GOAL = 2.0
KEY_BATCH = 20_000
STEM = settings.DATABASES["default"]["NAME"]


def use_database(size: int, reuse: bool) -> bool:
    """Point the connection at this size's database; True when a kept one already holds `size`."""
    from psycopg import connect, sql

    db = settings.DATABASES["default"]
    name = f"{STEM}_{size}"
    connection.close()
    with connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            db["NAME"] = connection.settings_dict["NAME"] = name
            from trygg.people.models import Person
            from trygg.tracing.models import ChildMatchKey

            if Person.objects.count() >= size and ChildMatchKey.objects.exists():
                return True
            connection.close()
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db["NAME"] = connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
    return False


def index_children() -> int:
    """Every child's blocking keys, written with COPY; the indexes are built once at the end."""
    from trygg.cases.synthetic.loader import BulkWriter, indexes_rebuilt_after
    from trygg.people.models import Person
    from trygg.people.querysets import adult_cutoff
    from trygg.tracing.models import ChildMatchKey
    from trygg.tracing.records import blocking_keys, child_record_from_values

    writer = BulkWriter(ChildMatchKey)
    rows = (
        Person.objects.filter(is_deleted=False, date_of_birth__gt=adult_cutoff())
        .order_by("pk")
        .values_list(
            "pk",
            "country_id",
            "given_name",
            "family_name",
            "other_names",
            "name_in_own_script",
            "gender",
            "date_of_birth",
            "date_of_birth_is_estimate",
            "place_of_origin_detail",
        )
    )
    with transaction.atomic(), indexes_rebuilt_after([ChildMatchKey]):
        batch = []
        for pk, country, given, family, other, own, gender, born, estimate, place in rows.iterator(5000):
            record = child_record_from_values(
                pk,
                given_name=given,
                family_name=family,
                other_names=other,
                name_in_own_script=own,
                gender=gender,
                date_of_birth=born,
                date_of_birth_is_estimate=estimate,
                place=place,
            )
            for key in blocking_keys(record):
                batch.append({"person_id": pk, "country_id": country, "key": key})
            if len(batch) >= KEY_BATCH:
                _write(writer, batch)
                batch = []
        if batch:
            _write(writer, batch)
    return writer.written


def _write(writer, batch) -> None:
    start = writer.reserve_ids(len(batch))
    for offset, row in enumerate(batch):
        row["id"] = start + offset
    writer.write(batch)


def fill(size: int, seed: int) -> tuple[float, float, int]:
    """Generate `size` children with their cases, then their keys: (seconds, seconds, keys)."""
    started = time.monotonic()
    call_command("generate_cases", children=size, countries=COUNTRIES, seed=seed, verbosity=0)
    generated = time.monotonic() - started
    started = time.monotonic()
    keys = index_children()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return generated, time.monotonic() - started, keys


VOWELS = "aeiou"


def misspell(name: str, rng) -> str:
    """A spelling a family or a registrar might write down instead."""
    if len(name) < 4:
        return name
    choice = rng.randrange(4)
    i = rng.randrange(1, len(name) - 1)
    if choice == 0:  # a letter dropped
        return name[:i] + name[i + 1 :]
    if choice == 1:  # a letter doubled
        return name[:i] + name[i] + name[i:]
    if choice == 2:  # another vowel
        spots = [j for j, ch in enumerate(name) if ch in VOWELS and j > 0]
        if spots:
            j = rng.choice(spots)
            return name[:j] + rng.choice([v for v in VOWELS if v != name[j]]) + name[j + 1 :]
    return name[:i] + "h" + name[i:]  # an h where transliterations put one


def requests_for(rng, count: int):
    """Unsaved tracing requests for children of this database (and a few nobody registered)."""
    from trygg.people.models import Person
    from trygg.people.querysets import adult_cutoff
    from trygg.tracing.models import TracingRequest

    children = Person.objects.filter(is_deleted=False, date_of_birth__gt=adult_cutoff())
    last = children.order_by("-pk").values_list("pk", flat=True).first()
    sought, built = [], []
    while len(sought) < count - 3:
        found = children.filter(pk__gte=rng.randint(1, last)).order_by("pk").first()
        if found is not None and found.pk not in {c.pk for c in sought}:
            sought.append(found)
    for n, child in enumerate(sought):
        request = TracingRequest(
            country_id=child.country_id,
            given_name=child.given_name,
            family_name=child.family_name,
            sex=child.gender,
        )
        variant = n % 6
        if variant == 0:
            request.given_name = misspell(child.given_name, rng)
        elif variant == 1:
            request.family_name = misspell(child.family_name, rng)
            request.other_names = "Baby"
        elif variant == 2:  # given and family names swapped
            request.given_name, request.family_name = child.family_name, child.given_name
        elif variant == 3 and child.name_in_own_script:
            request.given_name, request.family_name = "unknown", ""
            request.name_in_own_script = child.name_in_own_script
        elif variant == 4:
            request.given_name = misspell(child.given_name, rng)
            request.family_name = misspell(child.family_name, rng)
        if n % 2 and child.date_of_birth:
            request.approximate_age = child.age_on()
        else:
            request.date_of_birth = child.date_of_birth
        built.append((request, child.pk))
    for given, family in (("Zebedayo", "Mwakilema"), ("Ngawang", "Tsering"), ("Olumide", "Adeyemi")):
        built.append(
            (TracingRequest(country_id=sought[0].country_id, given_name=given, family_name=family), None)
        )
    return built


def measure(requests, repeat: int) -> dict:
    from trygg.tracing.services.matching import children_for_request

    timings, candidates, scored, first = [], [], 0, 0
    for request, _child_id in requests:  # warm up the engine, caches and connection
        children_for_request(request)
    for request, child_id in requests:
        for _ in range(repeat):
            start = time.perf_counter()
            found = children_for_request(request)
            timings.append((time.perf_counter() - start) * 1000)
        candidates.append(len(found))
        mine = [c.probability for c in found if c.pk == child_id]
        if mine:
            scored += 1
            # Children with the same names and birth year score the same: a tie at the top counts.
            first += mine[0] >= found[0].probability - 1e-9
    timings.sort()
    sought = sum(1 for _r, child_id in requests if child_id is not None) or 1
    return {
        "p50": statistics.median(timings),
        "p95": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
        "candidates": max(candidates),
        "scored": scored / sought,
        "found_first": first / sought,
    }


def reindex() -> tuple[float, float, int]:
    """A kept database, its keys written again (after a change to the engine's keys)."""
    from trygg.tracing.models import ChildMatchKey

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(f'TRUNCATE "{ChildMatchKey._meta.db_table}"')
    keys = index_children()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return 0.0, time.monotonic() - started, keys


def run(sizes, repeat, seed, reuse, rekey=False):
    results, built = {}, {}
    for size in sorted(sizes):
        kept = use_database(size, reuse)
        built[size] = None if kept else fill(size, seed + size)
        if kept and rekey:
            built[size] = reindex()
        rng = random.Random(seed)  # noqa: S311 - picks test requests, nothing secret
        results[size] = measure(requests_for(rng, REQUESTS), repeat)
    return results, built


def report(results, built):
    sizes = sorted(results)
    print(
        f"{'children':>10}{'p50 ms':>10}{'p95 ms':>10}{'most scored':>13}"
        f"{'sought child scored':>21}{'... and first (ties)':>22}"
    )
    for s in sizes:
        r = results[s]
        print(
            f"{s:>10}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['candidates']:>13}"
            f"{r['scored']:>21.0%}{r['found_first']:>22.0%}"
        )
    for s in sizes:
        if built[s] is None:
            print(f"{s} children: kept from an earlier run (--reuse)")
        else:
            generated, indexed, keys = built[s]
            made = f"generated in {generated:.0f} s" if generated else "kept (--reuse)"
            print(f"{s} children: {made}, {keys} keys written in {indexed:.0f} s")
    small, large = results[sizes[0]], results[sizes[-1]]
    for s in sizes:
        print(
            json.dumps(
                {"measure": f"single_request_match_p95_ms_at_{s}", "value": round(results[s]["p95"], 1)}
            )
        )
        print(
            json.dumps(
                {"measure": f"single_request_match_p50_ms_at_{s}", "value": round(results[s]["p50"], 1)}
            )
        )
    ratio = round(large["p95"] / small["p95"], 2)
    print(
        json.dumps(
            {
                "measure": "single_request_match_p95_ratio",
                "value": ratio,
                "goal": GOAL,
                "ok": ratio <= GOAL,
                "sizes": [sizes[0], sizes[-1]],
            }
        )
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=5, help="timings per request")
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database from an earlier run that holds its size"
    )
    parser.add_argument(
        "--reindex",
        action="store_true",
        help="with --reuse: write the children's keys again (engine changed)",
    )
    args = parser.parse_args()
    report(*run(args.sizes, args.repeat, args.seed, args.reuse, args.reindex))


if __name__ == "__main__":
    main()
