"""Benchmark: person search and the person page at two data sizes, on PostgreSQL.

Run with `make bench-people` (or `python bench/people_search.py --sizes 10000 100000`).
It builds its own database (`trygg_bench` unless BENCH_DATABASE_URL says otherwise), fills it
with synthetic persons in two countries, and measures, as a caseworker of one country, through
the whole stack (middleware, scoping, view, template):

- the person list page without a query, a name search, a reference search, and the person page;
- p50 and p95 in milliseconds and the number of SQL queries per request, at each size;
- the ratio of p95 between the largest and the smallest size.

A table first, then one JSON object per line per measure. Not part of the test suite.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygg_bench")
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
os.environ["TRYGG_TESTING"] = "1"  # plain static storage: the bench does not need collectstatic

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

GIVEN = [
    "Amina",
    "Wanjiru",
    "Achieng",
    "Kamau",
    "Otieno",
    "Sita",
    "Ram",
    "Gita",
    "Bikash",
    "Anita",
    "Amélie",
    "José",
    "Nasra",
    "Halima",
    "Baraka",
    "Pema",
    "Sunita",
    "Kiran",
    "Deepak",
    "Mercy",
]
FAMILY = [
    "Mwangi",
    "Odhiambo",
    "Kiprono",
    "Njoroge",
    "Wafula",
    "Shrestha",
    "Gurung",
    "Tamang",
    "Thapa",
    "Rai",
    "Magar",
    "Karki",
    "Ochieng",
    "Mutua",
    "Wambui",
    "Adhikari",
    "Bhandari",
]


def fresh_database():
    from psycopg import connect, sql

    url = settings.DATABASES["default"]
    name = url["NAME"]
    with connect(
        host=url["HOST"] or "127.0.0.1",
        port=url["PORT"] or 5432,
        user=url["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        # Start from nothing, so that the smallest size really is that small.
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    call_command("migrate", verbosity=0)


def world():
    from trygg.accounts.models import Membership, User
    from trygg.accounts.roles import Role
    from trygg.geo.models import Country

    ke, np_ = Country.objects.get(code="KE"), Country.objects.get(code="NP")
    user = User.objects.filter(email="bench.caseworker@example.org").first()
    if user is None:
        user = User.objects.create_user(
            email="bench.caseworker@example.org", password=None, full_name="Bench caseworker"
        )
        Membership.objects.create(user=user, role=Role.CASEWORKER, country=ke)
    return user, ke, np_


def fill(target: int, countries, rng: random.Random):
    """Add synthetic persons until there are `target`, alternating between the two countries."""
    from trygg.core.models import ReferenceCounter
    from trygg.core.text import normalise
    from trygg.people.models import Person

    have = Person.objects.count()
    batch = []
    for i in range(have, target):
        country = countries[i % 2]
        number = i // 2 + 1
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        reference = f"{country.code}-P-{number:06d}"
        batch.append(
            Person(
                country=country,
                reference=reference,
                given_name=given,
                family_name=family,
                search_text=normalise(given, family, reference),
            )
        )
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    if batch:
        Person.objects.bulk_create(batch)
    for country in countries:
        count = Person.objects.filter(country=country).count()
        ReferenceCounter.objects.update_or_create(series=f"{country.code}-P", defaults={"last_value": count})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE people_person")


def login(user) -> Client:
    from trygg.core.testing import verified_login

    client = Client()
    verified_login(client, user)
    return client


def measure(client, urls, repeat):
    timings, queries = [], []
    for _ in range(repeat):
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries.append(len(ctx.captured_queries))
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return {"p50": statistics.median(timings), "p95": p95, "queries": max(queries)}


def run(sizes, repeat, seed):
    from trygg.people.models import Person

    rng = random.Random(seed)
    fresh_database()
    user, ke, np_ = world()
    client = login(user)
    results = {}
    for size in sorted(sizes):
        fill(size, [ke, np_], rng)
        kenyans = list(Person.objects.filter(country=ke).order_by("?").values_list("uuid", "reference")[:20])
        person_list = reverse("people:person_list")
        scenarios = {
            "person_list": [person_list],
            "name_search": [f"{person_list}?q={rng.choice(FAMILY)}+{rng.choice(GIVEN)}" for _ in range(10)],
            "reference_search": [f"{person_list}?q={ref}" for _, ref in kenyans[:10]],
            "person_page": [reverse("people:person_detail", args=[u]) for u, _ in kenyans[:10]],
        }
        for urls in scenarios.values():  # warm up caches and connections once per size
            measure(client, urls, 1)
        results[size] = {name: measure(client, urls, repeat) for name, urls in scenarios.items()}
    return results


def report(results):
    sizes = sorted(results)
    print(f"{'measure':<18}" + "".join(f"{f'p50@{s}':>12}{f'p95@{s}':>12}{f'q@{s}':>8}" for s in sizes))
    for name in results[sizes[0]]:
        row = f"{name:<18}"
        for s in sizes:
            r = results[s][name]
            row += f"{r['p50']:>12.1f}{r['p95']:>12.1f}{r['queries']:>8}"
        print(row)
    small, large = results[sizes[0]], results[sizes[-1]]
    for name in small:
        for s in sizes:
            print(
                json.dumps({"measure": f"{name}_p95_ms_at_{s}", "value": round(results[s][name]["p95"], 1)})
            )
        ratio = large[name]["p95"] / small[name]["p95"]
        print(
            json.dumps(
                {"measure": f"{name}_p95_ratio", "value": round(ratio, 2), "sizes": [sizes[0], sizes[-1]]}
            )
        )
        constant = len({results[s][name]["queries"] for s in sizes}) == 1
        print(json.dumps({"measure": f"{name}_queries_constant", "value": constant}))


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20261128)
    args = parser.parse_args()
    report(run(args.sizes, args.repeat, args.seed))


if __name__ == "__main__":
    main()
