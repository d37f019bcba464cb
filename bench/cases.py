"""Benchmark: the case list, a filtered list, name search and the case page at two data sizes.

Run with `make bench-cases` (or `python bench/cases.py --sizes 10000 1000000`). It builds its own
PostgreSQL database per size (`trygg_bench_cases_<size>`; BENCH_CASES_DATABASE_URL names the
server and the name's stem), fresh each run unless `--reuse` keeps one that already holds its size,
fills it with `manage.py generate_cases` (children and cases in Kenya and Nepal, half each), and
measures as a Kenyan caseworker through the whole stack (middleware, scoping, view,
template, audit event):

- case_list: the case list without filters;
- filtered_list: stage + risk level + overdue, several combinations;
- name_search: names typed the way users type them, spelled differently from the record
  ("Mohamed" for "Mohammed", "Shresta" for "Shrestha"), one or two words;
- case_page: the case page of random cases;

p50 and p95 in milliseconds and the number of SQL queries per request at each size, the ratio of
p95 between the largest and the smallest size (goal: at most 1.5 for pages, at most 2 for name
search) and whether the number of queries stays the same. A table first, then one JSON object per
line per measure. Not part of the test suite.
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
    os.environ.get("BENCH_CASES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/trygg_bench_cases"),
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygg.settings")
os.environ["TRYGG_TESTING"] = "1"  # plain static storage: the bench does not need collectstatic
warnings.filterwarnings("ignore", message="No directory at")  # nor the collected static folder

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

COUNTRIES = ["KE", "NP"]
# As a caseworker types them: other spellings than the records', accents left out, one or two words.
NAME_QUERIES = [
    "Mohamed",
    "Muhamad Otieno",
    "Shresta",
    "Sunita Shresta",
    "Achieng",
    "Wanjiru Kamau",
    "Laxmi",
    "Otiyeno",
    "Aisha Abdi",
    "Chaudhari",
    "Bikash Tamang",
    "Odiambo",
]
FILTERS = [
    {"stage": "assessment", "risk_level": "high", "overdue": "true"},
    {"stage": "identification", "risk_level": "medium", "overdue": "true"},
    {"stage": "implementation", "risk_level": "high"},
    {"stage": "follow_up", "risk_level": "low", "overdue": "false"},
    {"risk_level": "high", "overdue": "true"},
]
GOALS = {"case_list": 1.5, "filtered_list": 1.5, "name_search": 2.0, "case_page": 1.5}


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
            from trygg.cases.models import Case

            if Case.objects.count() == size:
                return True
            connection.close()
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    db["NAME"] = connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)
    return False


def caseworker():
    from trygg.accounts.models import Membership, User
    from trygg.accounts.roles import Role
    from trygg.geo.models import Country

    user, created = User.objects.get_or_create(
        email="bench.caseworker@example.org", defaults={"full_name": "Bench"}
    )
    if created:
        user.set_unusable_password()
        user.save()
        Membership.objects.create(user=user, role=Role.CASEWORKER, country=Country.objects.get(code="KE"))
    return user


def fill(target: int, seed: int) -> float:
    """Generate `target` children and cases in the fresh database; the seconds it took."""
    started = time.monotonic()
    call_command("generate_cases", children=target, countries=COUNTRIES, seed=seed, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would soon after a bulk load
    return time.monotonic() - started


def login(user) -> Client:
    from trygg.core.testing import verified_login

    client = Client()
    verified_login(client, user)
    return client


def measure(client, urls, repeat):
    timings, queries = [], []
    for _ in range(repeat):
        for url in urls:
            reset_queries()  # the query log keeps 9,000 entries: a full one counts nothing new
            with CaptureQueriesContext(connection) as ctx:
                start = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries.append(len(ctx.captured_queries))
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    return {"p50": statistics.median(timings), "p95": p95, "queries": max(queries)}


def scenarios(rng):
    from urllib.parse import urlencode

    from trygg.cases.models import Case

    case_list = reverse("cases:case_list")
    kenyan = Case.objects.filter(country__code="KE").order_by("?").values_list("uuid", flat=True)
    # Open and closed cases alike at every size: their pages show different panels (and queries).
    sample = rng.sample(list(kenyan.filter(status="Active")[:20]), 5) + rng.sample(
        list(kenyan.closed()[:20]), 5
    )
    return {
        "case_list": [case_list],
        "filtered_list": [f"{case_list}?{urlencode(f)}" for f in FILTERS],
        "name_search": [f"{case_list}?{urlencode({'q': q})}" for q in NAME_QUERIES],
        "case_page": [reverse("cases:case_detail", kwargs={"uuid": u}) for u in sample],
    }


def run(sizes, repeat, seed, reuse):
    rng = random.Random(seed)  # noqa: S311 - picks test cases, nothing secret
    results, generated = {}, {}
    for size in sorted(sizes):
        kept = use_database(size, reuse)
        generated[size] = None if kept else fill(size, seed + size)
        client = login(caseworker())
        urls = scenarios(rng)
        for batch in urls.values():  # warm up caches and connections once per size
            measure(client, batch, 1)
        results[size] = {name: measure(client, batch, repeat) for name, batch in urls.items()}
    return results, generated


def report(results, generated):
    sizes = sorted(results)
    print(f"{'measure':<16}" + "".join(f"{f'p50@{s}':>13}{f'p95@{s}':>13}{f'q@{s}':>9}" for s in sizes))
    for name in results[sizes[0]]:
        row = f"{name:<16}"
        for s in sizes:
            r = results[s][name]
            row += f"{r['p50']:>13.1f}{r['p95']:>13.1f}{r['queries']:>9}"
        print(row)
    for s in sizes:
        if generated[s] is None:
            print(f"{s} cases: kept from an earlier run (--reuse)")
        else:
            print(f"generating {s} cases (and VACUUM ANALYZE) took {generated[s]:.0f} s")
    small, large = results[sizes[0]], results[sizes[-1]]
    for s in sizes:
        if generated[s] is not None:
            print(json.dumps({"measure": f"generate_seconds_{s}", "value": round(generated[s], 1)}))
    for name in small:
        for s in sizes:
            print(
                json.dumps({"measure": f"{name}_p50_ms_at_{s}", "value": round(results[s][name]["p50"], 1)})
            )
            print(
                json.dumps({"measure": f"{name}_p95_ms_at_{s}", "value": round(results[s][name]["p95"], 1)})
            )
        ratio = round(large[name]["p95"] / small[name]["p95"], 2)
        goal = GOALS[name]
        print(
            json.dumps(
                {
                    "measure": f"{name}_p95_ratio",
                    "value": ratio,
                    "goal": goal,
                    "ok": ratio <= goal,
                    "sizes": [sizes[0], sizes[-1]],
                }
            )
        )
        constant = len({results[s][name]["queries"] for s in sizes}) == 1
        print(
            json.dumps(
                {
                    "measure": f"{name}_queries_constant",
                    "value": constant,
                    "goal": True,
                    "ok": constant,
                    "queries": [results[s][name]["queries"] for s in sizes],
                }
            )
        )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument(
        "--reuse", action="store_true", help="keep a database from an earlier run that holds its size"
    )
    args = parser.parse_args()
    report(*run(args.sizes, args.repeat, args.seed, args.reuse))


if __name__ == "__main__":
    main()
