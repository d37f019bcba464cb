"""Synthetic children and their cases, built row by row in memory and written in bulk.

One child, one case. Every case has its timeline's first line; depending on where it stands, a
trafficking profile, a completed assessment, an approved plan with a goal, an action and a
service, a follow-up, and for closed cases the closure. Dates spread over the last five years,
more of them recent, as in a growing programme. The same seed gives the same data.
"""

import contextlib
import math
import queue
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

from django.utils import timezone

from trygg.core.text import normalise
from trygg.people import phonetic
from trygg.people.models import Gender, Person, PersonNameKey

from .. import models as m
from ..codes import CaseStatus, RiskLevel, Stage, SupportType
from ..services.timeline import deadline_hours
from . import distributions as d
from .loader import BulkWriter, reserve_references
from .names import SHARE_FROM_ELSEWHERE, regions_for

DAY = 86400.0
SUPPORT = d.Weighted(dict.fromkeys(SupportType.values, 1))
FOLLOW_UP_KIND = d.Weighted({"home_visit": 50, "phone": 25, "office": 15, "school": 10})
GOALS = {
    "safety": "Safe place to live, away from the people who exploited the child",
    "education": "Back in school or vocational training",
    "family": "Contact with the family restored where it is safe",
    "psychosocial": "Regular psychosocial support",
}
RATINGS = d.Weighted({"no_concern": 30, "some_concern": 45, "serious_concern": 25})


@dataclass
class CountryPlan:
    """What is needed to generate one country's children: where, who works there, deadlines."""

    country: object
    children: int
    workers: list[int]
    supervisor: int
    sites: list[int]
    deadlines: dict


@dataclass
class Summary:
    children: int = 0
    rows: dict = field(default_factory=dict)
    person_references: dict = field(default_factory=dict)
    case_references: dict = field(default_factory=dict)
    seconds: float = 0.0


class NameIndex:
    """search_text and the name search keys of a person, from cached pieces (names repeat a lot)."""

    def __init__(self):
        self._norm: dict[str, str] = {}
        self._keys: dict[str, list[str]] = {}

    def norm(self, text: str) -> str:
        value = self._norm.get(text)
        if value is None:
            value = self._norm[text] = normalise(text)
        return value

    def keys(self, text: str) -> list[str]:
        value = self._keys.get(text)
        if value is None:
            value = self._keys[text] = phonetic.keys(text)
        return value

    def fill(self, row: dict) -> list[dict]:
        """Set the row's search_text; the rows of its `PersonNameKey`s (ids still to give)."""
        parts = (row["given_name"], row["family_name"], row["other_names"], row["name_in_own_script"])
        texts = [self.norm(p) for p in parts if p]
        texts.append(row["reference"].lower())
        row["search_text"] = " ".join(texts)
        found = dict.fromkeys(key for p in parts if p for key in self.keys(p))
        return [{"person_id": row["id"], "country_id": row["country_id"], "key": key} for key in found]


class Generator:
    """Generates `children` children with one case each, spread over `countries`."""

    def __init__(self, plans: list[CountryPlan], *, seed: int, batch: int, now=None, log=None):
        self.plans = plans
        self.rng = random.Random(seed)  # noqa: S311 - invented data, reproducible by seed, not secrets
        self.batch = batch
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.log = log or (lambda message: None)
        self.names = NameIndex()
        self.writers = {
            model: BulkWriter(model)
            for model in (
                Person,
                PersonNameKey,
                m.Case,
                m.CaseEvent,
                m.TraffickingProfile,
                m.Assessment,
                m.CasePlan,
                m.CasePlanGoal,
                m.CasePlanAction,
                m.ServiceReferral,
                m.FollowUp,
            )
        }
        self.summary = Summary()
        self.codes = {plan.country.pk: plan.country.code for plan in plans}

    # --- the run --------------------------------------------------------------------------------

    def run(self) -> Summary:
        started = time.monotonic()
        for plan in self.plans:
            self.country(plan)
        self.summary.rows = {model._meta.label: w.written for model, w in self.writers.items()}
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def country(self, plan: CountryPlan) -> None:
        code = plan.country.code
        rng = self.rng
        now_ts = self.now.timestamp()
        span = d.YEARS_BACK * 365.25 * DAY
        # Linear growth: the density of identification dates rises towards today.
        moments = sorted(now_ts - span * (1 - math.sqrt(rng.random())) for _ in range(plan.children))
        years: dict[int, int] = {}
        for ts in moments:
            year = timezone.localtime(datetime.fromtimestamp(ts, UTC)).year
            years[year] = years.get(year, 0) + 1
        next_case_number = {
            year: reserve_references(f"{code}-{year}", n) for year, n in sorted(years.items())
        }
        for year, n in sorted(years.items()):
            first = next_case_number[year]
            self.summary.case_references.setdefault(code, []).append(
                f"{code}-{year}-{first:06d}..{code}-{year}-{first + n - 1:06d}"
            )
        next_person = reserve_references(f"{code}-P", plan.children)
        self.summary.person_references[code] = (
            f"{code}-P-{next_person:06d}..{code}-P-{next_person + plan.children - 1:06d}"
        )
        person_id = self.writers[Person].reserve_ids(plan.children)
        case_id = self.writers[m.Case].reserve_ids(plan.children)
        batches = queue.Queue(maxsize=2)
        stop = threading.Event()
        producer = threading.Thread(
            target=self.produce,
            args=(plan, moments, person_id, case_id, next_person, next_case_number, batches, stop),
        )
        producer.start()
        try:
            while (rows := batches.get()) is not None:
                if isinstance(rows, BaseException):
                    raise rows
                self.write_batch(rows)
                self.summary.children += len(rows[Person])
                self.log(f"{code}: {self.summary.children} children written")
        finally:
            stop.set()
            while producer.is_alive():  # let a producer blocked on a full queue finish
                with contextlib.suppress(queue.Empty):
                    batches.get(timeout=0.1)
            producer.join()

    def produce(self, plan, moments, person_id, case_id, person_number, case_numbers, batches, stop) -> None:
        """Build the rows batch by batch in a second thread (no database access here), so that
        the next batch is being built while PostgreSQL takes in the last one."""
        try:
            for start in range(0, len(moments), self.batch):
                if stop.is_set():
                    return
                rows: dict = {model: [] for model in self.writers}
                for i, ts in enumerate(moments[start : start + self.batch], start):
                    identified = datetime.fromtimestamp(ts, UTC)
                    year = timezone.localtime(identified).year
                    number = case_numbers[year]
                    case_numbers[year] = number + 1
                    person = self.person(plan, person_id + i, person_number + i, identified)
                    rows[Person].append(person)
                    rows[PersonNameKey].extend(person.pop("name_keys"))
                    reference = f"{plan.country.code}-{year}-{number:06d}"
                    self.case(plan, rows, case_id + i, person, reference, identified)
                batches.put(rows)
        except BaseException as exc:  # handed to the writing thread, which raises it
            batches.put(exc)
            return
        batches.put(None)

    def write_batch(self, rows: dict) -> None:
        """Give the rows of the parts their ids (their plan's too), then write every table."""
        for model, model_rows in rows.items():
            if model in (Person, m.Case):
                continue
            first = self.writers[model].reserve_ids(len(model_rows))
            for offset, row in enumerate(model_rows):
                row["id"] = first + offset
                if "plan" in row:  # goals and actions: their plan has its id now
                    row["plan_id"] = row.pop("plan")["id"]
        for model, model_rows in rows.items():
            self.writers[model].write(model_rows)

    # --- one child ------------------------------------------------------------------------------

    def person(self, plan: CountryPlan, pk: int, number: int, identified: datetime) -> dict:
        rng = self.rng
        home, other = regions_for(plan.country.code)
        region = other if rng.random() < SHARE_FROM_ELSEWHERE else home
        female = rng.random() < 0.5
        given = rng.choice(region.female if female else region.male)
        family = rng.choice(region.family)
        other_names = (
            rng.choice(region.female if female else region.male) if rng.random() < d.OTHER_NAMES else ""
        )
        own = ""
        if region.own_script and rng.random() < region.own_script_share:
            own = " ".join(x for x in (region.own_script.get(given), region.own_script.get(family)) if x)
        age = d.AGE(rng)
        identified_day = identified.date()
        estimate = rng.random() < d.DATE_OF_BIRTH_ESTIMATED
        if estimate:  # 1 July, as caseworkers record an estimated age
            before_july = (identified_day.month, identified_day.day) < (7, 1)
            born = date(identified_day.year - age - before_july, 7, 1)
        else:
            birthday = date(identified_day.year - age, identified_day.month, min(identified_day.day, 28))
            born = birthday - timedelta(days=int(rng.random() * 360))
        row = {
            "id": pk,
            "uuid": uuid4(),
            "created_at": identified,
            "updated_at": identified,
            "reference": f"{plan.country.code}-P-{number:06d}",
            "country_id": plan.country.pk,
            "site_id": rng.choice(plan.sites) if plan.sites and rng.random() < 0.5 else None,
            "given_name": given,
            "family_name": family,
            "other_names": other_names,
            "name_in_own_script": own,
            "gender": Gender.FEMININE if female else Gender.MASCULINE,
            "date_of_birth": born,
            "date_of_birth_is_estimate": estimate,
            "languages": list(region.languages[:2]),
        }
        row["name_keys"] = self.names.fill(row)
        return row

    def case(self, plan: CountryPlan, rows: dict, pk: int, person: dict, reference: str, identified) -> None:
        rng = self.rng
        now = self.now
        age_days = (now - identified).total_seconds() / DAY
        risk = d.RISK(rng)
        first_hours, assessment_hours = plan.deadlines[risk]
        first_due = identified + timedelta(hours=first_hours)
        assessment_due = identified + timedelta(hours=assessment_hours)
        closed = rng.random() < d.closed_share(age_days)
        worker = None if (not closed and rng.random() < d.UNASSIGNED) else rng.choice(plan.workers)
        first_action_at = self.first_action(identified, first_due, first_hours, closed)
        row = {
            "id": pk,
            "uuid": uuid4(),
            "created_at": identified,
            "updated_at": identified,
            "reference": reference,
            "country_id": person["country_id"],
            "site_id": person["site_id"],
            "child_id": person["id"],
            "episode": 1,
            "risk_level": risk,
            "urgent_protection_concern": rng.random() < d.URGENT[risk],
            "identified_at": identified,
            "first_action_due": first_due,
            "first_action_at": first_action_at,
            "assessment_due": assessment_due,
            "assigned_worker_id": worker,
            "supervisor_id": plan.supervisor,
        }
        if closed:
            reason = d.CLOSURE(rng)
            closed_at = identified + timedelta(days=age_days * (0.3 + 0.7 * rng.random()))
            requested_at = max(identified, closed_at - timedelta(days=1 + 6 * rng.random()))
            row.update(
                stage=Stage.CLOSURE,
                status=d.closure_status(reason),
                closure_reason=reason,
                first_action_at=first_action_at or min(requested_at, first_due),
                closure_requested_at=requested_at,
                closure_requested_by_id=worker,
                closed_at=closed_at,
                closed_by_id=plan.supervisor,
                updated_at=closed_at,
            )
        else:
            stage = d.open_stage(age_days)(rng)
            row.update(
                stage=stage, status=CaseStatus.FOLLOW_UP if stage == Stage.FOLLOW_UP else CaseStatus.ACTIVE
            )
        rows[m.Case].append(row)
        self.parts(rows, row, person)

    def first_action(self, identified, first_due, first_hours, closed):
        rng = self.rng
        if self.now >= first_due:
            if not closed and rng.random() < d.FIRST_ACTION_MISSING:
                return None
            if rng.random() < d.FIRST_ACTION_LATE:
                return min(self.now, first_due + timedelta(hours=72 * rng.random()))
            return identified + timedelta(hours=first_hours * (0.05 + 0.9 * rng.random()))
        if rng.random() < 0.5:
            return identified + (self.now - identified) * rng.random()
        return None

    # --- what a case holds ----------------------------------------------------------------------

    def parts(self, rows: dict, case: dict, person: dict) -> None:
        rng = self.rng
        stage, identified, case_id = case["stage"], case["identified_at"], case["id"]
        common = {"created_at": identified, "updated_at": identified, "case_id": case_id}
        rows[m.CaseEvent].append(
            {
                "case_id": case_id,
                "at": identified,
                "actor_id": case["assigned_worker_id"],
                "kind": "opened",
                "object_type": "cases.case",
                "object_uuid": case["uuid"],
                "detail": {
                    "risk_level": case["risk_level"],
                    "urgent": case["urgent_protection_concern"],
                    "episode": 1,
                },
            }
        )
        if rng.random() < d.PROFILE:
            rows[m.TraffickingProfile].append(self.profile(common, person, case))
        if stage in d.AFTER_ASSESSMENT and rng.random() < 0.95:
            hours = (case["assessment_due"] - identified).total_seconds() / 3600
            done = min(self.now, identified + timedelta(hours=hours * (0.3 + 0.8 * rng.random())))
            rows[m.Assessment].append(
                {
                    **common,
                    "uuid": uuid4(),
                    "completed_at": done,
                    "assessed_by_id": case["assigned_worker_id"],
                    **{
                        f"{domain}_rating": RATINGS(rng)
                        for domain in ("safety", "health", "education", "family")
                    },
                }
            )
        if stage == Stage.CLOSURE:
            rows[m.CaseEvent].append(
                {
                    "case_id": case_id,
                    "at": case["closed_at"],
                    "actor_id": case["closed_by_id"],
                    "kind": "closed",
                    "object_type": "cases.case",
                    "object_uuid": case["uuid"],
                    "detail": {"reason": case["closure_reason"]},
                }
            )
            return
        if stage in d.WITH_PLAN:
            self.plan(rows, case, common)
        if stage == Stage.FOLLOW_UP:
            overdue = rng.random() < d.FOLLOW_UP_OVERDUE
            rows[m.FollowUp].append(
                {
                    **common,
                    "uuid": uuid4(),
                    "visited_on": max(
                        identified.date(), self.today - timedelta(days=1 + int(60 * rng.random()))
                    ),
                    "kind": FOLLOW_UP_KIND(rng),
                    "next_due": self.today
                    + timedelta(days=-1 - int(20 * rng.random()) if overdue else 1 + int(45 * rng.random())),
                    "visited_by_id": case["assigned_worker_id"],
                }
            )

    def plan(self, rows: dict, case: dict, common: dict) -> None:
        rng = self.rng
        approved = min(self.now, case["identified_at"] + timedelta(days=10 + 30 * rng.random()))
        overdue = rng.random() < d.PLAN_REVIEW_OVERDUE
        plan = {
            **common,
            "uuid": uuid4(),
            "status": "approved",
            "submitted_at": approved,
            "decided_at": approved,
            "decided_by_id": case["supervisor_id"],
            "approved_at": approved,
            "review_due": self.today
            + timedelta(days=-1 - int(30 * rng.random()) if overdue else int(90 * rng.random())),
        }
        rows[m.CasePlan].append(plan)
        domain = rng.choice(list(GOALS))
        due = self.today + timedelta(days=int(75 * rng.random()) - 15)
        plan_common = {"created_at": approved, "updated_at": approved, "plan": plan}
        rows[m.CasePlanGoal].append(
            {**plan_common, "uuid": uuid4(), "domain": domain, "description": GOALS[domain]}
        )
        rows[m.CasePlanAction].append(
            {
                **plan_common,
                "uuid": uuid4(),
                "description": "Agree the next step with the child and the caregiver",
                "due_on": due,
                "status": "in_progress" if rng.random() < 0.5 else "planned",
            }
        )
        rows[m.ServiceReferral].append(
            {
                **common,
                "uuid": uuid4(),
                "support_type": SUPPORT(rng),
                "status": "in_progress" if rng.random() < 0.6 else "referred",
                "due_on": self.today + timedelta(days=int(75 * rng.random()) - 15),
                "consent_checked_at": approved,
            }
        )

    def profile(self, common: dict, person: dict, case: dict) -> dict:
        rng = self.rng
        home, _other = regions_for(self.codes[case["country_id"]])
        kinds = d.EXPLOITATION[home.code].several(rng, 2)
        age = (case["identified_at"].date() - person["date_of_birth"]).days // 365
        return {
            **common,
            "uuid": uuid4(),
            "trafficking_status": d.TRAFFICKING_STATUS(rng),
            "decided_by_org": d.DECIDED_BY(rng),
            "decided_at": case["identified_at"],
            "types_of_exploitation": kinds,
            "type_of_sex_exploitation": [d.SEX_EXPLOITATION(rng)] if "SexualExploitation" in kinds else [],
            "forced_labour_industries": [d.INDUSTRY(rng)] if d.LABOUR & set(kinds) else [],
            "recruitment_methods": d.RECRUITMENT.several(rng, 2),
            "methods_of_control": d.CONTROL.several(rng, 3),
            "relationship_to_trafficker": d.RELATIONSHIP(rng),
            "age_when_first_trafficked": max(4, age - int(3 * rng.random())),
            "non_punishment": "ForcedCriminality" in kinds,
        }


def deadlines_for(country) -> dict:
    return {risk: deadline_hours(country.pk, risk) for risk in RiskLevel.values}
