"""Work due and overdue, computed from the cases and their parts (nothing is stored).

Six kinds of work on the case itself have a due date:

- first action: an open case's `first_action_due`, until `first_action_at` is recorded;
- assessment: an open case's `assessment_due`, until an assessment is completed (the case core's
  rule: only while the case is in identification or assessment);
- case plan review: an approved plan's `review_due`;
- follow-up: a follow-up's `next_due`, until a later follow-up of the same case is recorded;
- service or referral: `due_on` of a service that is not completed, declined or cancelled;
- case plan action: `due_on` of a planned or in-progress action of an approved plan.

Other apps add the kinds of work that live in their records but belong to a case (alternative
care: care plan reviews of placements, emergency placement assessments) with `register_source`;
see `SOURCES` for why they register rather than being imported here.

Only open, not deleted cases count. The worker of an item is the case's assigned worker, and for a
plan action its responsible user when it has one.

Something is overdue when its due moment has passed: a deadline with a time (first action,
assessment) at that instant, `due < now`; a due date once the day is over, `due < today` (a thing
due today is due, not overdue). Days are days in TIME_ZONE.

Every function reads with one query per kind (querysets, filtered and limited in the database),
so a page costs the same number of queries whatever the caseload.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trygg.accounts.models import Membership, User
from trygg.accounts.roles import roles_granting
from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.core.scoping import Grant

from ..codes import CaseStatus, Stage
from ..models import (
    Assessment,
    Case,
    CasePlan,
    CasePlanAction,
    FollowUp,
    ReminderDigest,
    ServiceReferral,
)

CLOSED = (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)
# The case core's rule: the assessment deadline runs while the case is before planning.
BEFORE_ASSESSMENT_DONE = (Stage.IDENTIFICATION, Stage.ASSESSMENT)
DEFAULT_WITHIN_DAYS = 7


class WorkKind(models.TextChoices):
    FIRST_ACTION = "first_action", _("First action")
    ASSESSMENT = "assessment", _("Assessment")
    PLAN_REVIEW = "plan_review", _("Case plan review")
    FOLLOW_UP = "follow_up", _("Follow-up visit")
    SERVICE = "service", _("Service or referral")
    PLAN_ACTION = "plan_action", _("Case plan action")
    # Registered by the care app (trygg.care.work).
    CARE_REVIEW = "care_review", _("Care plan review")
    EMERGENCY_ASSESSMENT = "emergency_assessment", _("Emergency placement assessment")


def _pending_first_action(qs):
    return qs.filter(first_action_at__isnull=True)


def _pending_assessment(qs):
    completed = Assessment.objects.filter(case=OuterRef("pk"), completed_at__isnull=False, is_deleted=False)
    return qs.filter(~Exists(completed), stage__in=BEFORE_ASSESSMENT_DONE)


def _pending_plan_review(qs):
    return qs.filter(status=CasePlan.Status.APPROVED, review_due__isnull=False)


def _pending_follow_up(qs):
    later = FollowUp.objects.filter(case=OuterRef("case"), is_deleted=False).filter(
        Q(visited_on__gt=OuterRef("visited_on")) | Q(visited_on=OuterRef("visited_on"), pk__gt=OuterRef("pk"))
    )
    return qs.filter(~Exists(later), next_due__isnull=False)


def _pending_service(qs):
    return qs.filter(due_on__isnull=False).exclude(status__in=ServiceReferral.CLOSED_STATUSES)


def _pending_plan_action(qs):
    return qs.filter(
        due_on__isnull=False,
        status__in=CasePlanAction.OPEN_STATUSES,
        plan__status=CasePlan.Status.APPROVED,
        plan__is_deleted=False,
    )


@dataclass(frozen=True)
class Source:
    """Where one kind of work lives: its model, the path to its case, its due field."""

    kind: str
    model: type
    case_path: str
    due_field: str
    timed: bool
    pending: Callable
    worker_override: str = ""
    # Lookup from the record to the child the work is about ("": the case's child). A placement's
    # case may be a sibling's (siblings placed together on one request).
    child_path: str = ""

    def case_lookup(self, name: str) -> str:
        return f"{self.case_path}{name}"

    def worker(self):
        assigned = F(self.case_lookup("assigned_worker"))
        if self.worker_override:
            return Coalesce(self.worker_override, assigned)
        return assigned


# The case's own kinds. Kinds that live in other apps' records are added by those apps from their
# AppConfig.ready (`register_source`): the care app depends on cases (a placement hangs on a case),
# so importing care here would make the dependency run both ways and tie the work lists to every
# app that has deadlines. Their codes and labels stay in `WorkKind` so that the caseload's columns,
# the digest and the labels have one order and one place to be translated; a kind nobody
# registered simply counts nothing.
SOURCES = [
    Source(WorkKind.FIRST_ACTION, Case, "", "first_action_due", True, _pending_first_action),
    Source(WorkKind.ASSESSMENT, Case, "", "assessment_due", True, _pending_assessment),
    Source(WorkKind.PLAN_REVIEW, CasePlan, "case__", "review_due", False, _pending_plan_review),
    Source(WorkKind.FOLLOW_UP, FollowUp, "case__", "next_due", False, _pending_follow_up),
    Source(WorkKind.SERVICE, ServiceReferral, "case__", "due_on", False, _pending_service),
    Source(
        WorkKind.PLAN_ACTION,
        CasePlanAction,
        "plan__case__",
        "due_on",
        False,
        _pending_plan_action,
        "responsible_user",
    ),
]


def register_source(source: Source) -> None:
    """Add (or replace, by kind) a kind of work that lives in another app's records."""
    if source.kind not in WorkKind.values:
        raise ValueError(source.kind)
    SOURCES[:] = [known for known in SOURCES if known.kind != source.kind] + [source]


def pending(source: Source, user=None):
    """Open items of one kind, annotated with `work_due` and `work_worker_id`.

    With `user`, only what that user may see (`for_user`); without, everything (the reminder task).
    """
    manager = source.model.objects
    qs = manager.for_user(user) if user is not None else manager.alive()
    qs = qs.filter(**{source.case_lookup("is_deleted"): False}).exclude(
        **{source.case_lookup("status__in"): CLOSED}
    )
    return source.pending(qs).annotate(work_due=F(source.due_field), work_worker_id=source.worker())


@dataclass(frozen=True)
class Moment:
    """ "Now" and the boundaries derived from it, in TIME_ZONE."""

    now: datetime
    today: date

    @classmethod
    def at(cls, now=None) -> "Moment":
        now = now or timezone.now()
        return cls(now=now, today=timezone.localdate(now))

    def overdue_q(self, source: Source) -> Q:
        return Q(work_due__lt=self.now if source.timed else self.today)

    def due_by_q(self, source: Source, within_days: int) -> Q:
        """Due at the latest at the end of the day `within_days` days from today (overdue included)."""
        last_day = self.today + timedelta(days=within_days)
        if source.timed:
            end = timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))
            return Q(work_due__lt=end)
        return Q(work_due__lte=last_day)

    def is_overdue(self, due) -> bool:
        if isinstance(due, datetime):
            return due < self.now
        return due < self.today

    def day_of(self, due) -> date:
        return timezone.localdate(due) if isinstance(due, datetime) else due


@dataclass
class WorkItem:
    """One thing due: its kind, when, whether it is late, and the case it belongs to."""

    kind: str
    due: datetime | date
    overdue: bool
    days_late: int
    case: object
    obj: object
    worker_id: int | None
    worker: object = None
    child: object = None  # the child the work is about (for a placement, not always the case's)

    @property
    def label(self) -> str:
        return WorkKind(self.kind).label

    @property
    def timed(self) -> bool:
        """A deadline with a time of day (first action, assessment), not just a date."""
        return isinstance(self.due, datetime)

    @property
    def sort_key(self):
        if isinstance(self.due, datetime):
            return self.due
        return timezone.make_aware(datetime.combine(self.due, time.min))


def _follow(obj, path: str):
    for name in filter(None, path.split("__")):
        obj = getattr(obj, name)
    return obj


def _items(source: Source, qs, moment: Moment, limit: int) -> tuple[list[WorkItem], bool]:
    child_path = source.child_path or source.case_lookup("child")
    related = qs.select_related(source.case_lookup("child"), child_path)
    rows = list(related.order_by("work_due", "pk")[: limit + 1])
    items = [
        WorkItem(
            kind=source.kind,
            due=row.work_due,
            overdue=moment.is_overdue(row.work_due),
            days_late=max(0, (moment.today - moment.day_of(row.work_due)).days),
            case=_follow(row, source.case_path),
            obj=row,
            worker_id=row.work_worker_id,
            child=_follow(row, child_path),
        )
        for row in rows[:limit]
    ]
    return items, len(rows) > limit


@dataclass
class WorkList:
    """A worker's items, soonest first; `truncated` when a kind had more than the limit."""

    items: list[WorkItem] = field(default_factory=list)
    truncated: bool = False

    @property
    def overdue(self) -> list[WorkItem]:
        return [item for item in self.items if item.overdue]

    @property
    def due(self) -> list[WorkItem]:
        return [item for item in self.items if not item.overdue]


def work_for(user, *, within_days: int = DEFAULT_WITHIN_DAYS, now=None, limit: int = 200) -> WorkList:
    """What `user` has to do: overdue items and items due within `within_days`, soonest first.

    Only items on cases the user may see, where they are the worker. At most `limit` per kind
    (`truncated` says when more exist).
    """
    moment = Moment.at(now)
    result = WorkList()
    for source in SOURCES:
        qs = pending(source, user).filter(moment.due_by_q(source, within_days), work_worker_id=user.pk)
        items, more = _items(source, qs, moment, limit)
        result.items.extend(items)
        result.truncated |= more
    result.items.sort(key=lambda item: (item.sort_key, item.kind))
    return result


@dataclass
class WorkerLoad:
    """One row of a supervisor's caseload: a worker (None: unassigned) and their numbers."""

    worker: object
    open_cases: int = 0
    overdue: dict = field(default_factory=dict)

    @property
    def overdue_total(self) -> int:
        return sum(self.overdue.values())

    def overdue_of(self, kind: str) -> int:
        return self.overdue.get(kind, 0)

    @property
    def by_kind(self) -> list[int]:
        """Overdue counts in the order of `WorkKind`, for a table row."""
        return [self.overdue_of(kind) for kind in WorkKind.values]


@dataclass
class Caseload:
    rows: list[WorkerLoad]
    overdue_items: list[WorkItem]
    truncated: bool
    kinds: list = field(default_factory=lambda: list(WorkKind))

    @property
    def totals(self) -> WorkerLoad:
        total = WorkerLoad(worker=None)
        for row in self.rows:
            total.open_cases += row.open_cases
            for kind, count in row.overdue.items():
                total.overdue[kind] = total.overdue.get(kind, 0) + count
        return total


def _scoped_cases(user, site=None):
    cases = Case.objects.for_user(user).exclude(status__in=CLOSED)
    return cases.filter(site=site) if site is not None else cases


def caseload(user, *, site=None, worker=..., now=None, item_limit: int = 100) -> Caseload:
    """A supervisor's view over every case they may see (optionally one site): per worker the open
    cases and overdue items by kind, and the most overdue items (optionally of one worker;
    `worker=None` means unassigned ones)."""
    moment = Moment.at(now)
    loads: dict[int | None, WorkerLoad] = {}
    for row in _scoped_cases(user, site).values("assigned_worker").annotate(n=Count("pk")):
        loads.setdefault(row["assigned_worker"], WorkerLoad(worker=None)).open_cases = row["n"]
    items: list[WorkItem] = []
    truncated = False
    for source in SOURCES:
        qs = pending(source, user).filter(moment.overdue_q(source))
        if site is not None:
            qs = qs.filter(**{source.case_lookup("site"): site})
        for row in qs.values("work_worker_id").annotate(n=Count("pk")).order_by():
            load = loads.setdefault(row["work_worker_id"], WorkerLoad(worker=None))
            load.overdue[source.kind] = row["n"]
        if worker is not ...:
            qs = (
                qs.filter(work_worker_id=getattr(worker, "pk", None))
                if worker
                else qs.filter(work_worker_id=None)
            )
        found, more = _items(source, qs, moment, item_limit)
        items.extend(found)
        truncated |= more
    users = User.objects.in_bulk([pk for pk in loads if pk is not None])
    for pk, load in loads.items():
        load.worker = users.get(pk)
    for item in items:
        item.worker = users.get(item.worker_id)
    rows = sorted(
        loads.values(),
        key=lambda load: (load.worker is None, -load.overdue_total, str(load.worker or "").lower()),
    )
    items.sort(key=lambda item: (item.sort_key, item.kind))
    return Caseload(
        rows=rows, overdue_items=items[:item_limit], truncated=truncated or len(items) > item_limit
    )


# --- daily reminders ------------------------------------------------------------------------------


def counts_by_worker(*, within_days: int = DEFAULT_WITHIN_DAYS, now=None) -> dict:
    """{user id: {kind: {"overdue": n, "due": m}}} over every open case, one query per kind."""
    moment = Moment.at(now)
    counts: dict = {}
    for source in SOURCES:
        late = moment.overdue_q(source)
        rows = (
            pending(source)
            .filter(moment.due_by_q(source, within_days), work_worker_id__isnull=False)
            .values("work_worker_id")
            .annotate(overdue=Count("pk", filter=late), due=Count("pk", filter=~late))
            .order_by()
        )
        for row in rows:
            counts.setdefault(row["work_worker_id"], {})[source.kind] = {
                "overdue": row["overdue"],
                "due": row["due"],
            }
    return counts


def overdue_by_place(*, now=None) -> list[tuple]:
    """[(country id, site id, programme id, kind, overdue count)] over every open case."""
    moment = Moment.at(now)
    found = []
    for source in SOURCES:
        country, site = source.case_lookup("country_id"), source.case_lookup("site_id")
        programme = source.case_lookup("site__programme_id")
        rows = (
            pending(source)
            .filter(moment.overdue_q(source))
            .values(country, site, programme)
            .annotate(n=Count("pk"))
            .order_by()
        )
        found.extend((row[country], row[site], row[programme], source.kind, row["n"]) for row in rows)
    return found


def _grant_covers(grant, country_id, site_id, programme_id) -> bool:
    if grant.is_global:
        return True
    if grant.country_id != country_id:
        return False
    if grant.site_id is not None:
        return grant.site_id == site_id
    if grant.programme_id is not None:
        return grant.programme_id == programme_id
    return True


def overdue_by_supervisor(*, now=None) -> dict:
    """{user id: {kind: overdue count}} for every user who approves cases, over their scope."""
    today = timezone.localdate(now or timezone.now())
    memberships = Membership.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        is_active=True,
        user__is_active=True,
        role__in=roles_granting("case.approve"),
    ).values_list("user_id", "country_id", "programme_id", "site_id")
    grants: dict[int, list[Grant]] = {}
    for user_id, country_id, programme_id, site_id in memberships:
        grants.setdefault(user_id, []).append(Grant(country_id, programme_id, site_id))
    places = overdue_by_place(now=now)
    result: dict = {}
    for user_id, user_grants in grants.items():
        for country_id, site_id, programme_id, kind, n in places:
            if any(_grant_covers(g, country_id, site_id, programme_id) for g in user_grants):
                totals = result.setdefault(user_id, {})
                totals[kind] = totals.get(kind, 0) + n
    return result


def digest_counts(mine: dict, team: dict) -> dict:
    """What a digest carries: numbers per kind only (never names or references)."""
    return {
        "mine": {kind: mine[kind] for kind in WorkKind.values if kind in mine},
        "team_overdue": {kind: team[kind] for kind in WorkKind.values if team.get(kind)},
    }


def _absolute(url_name: str) -> str:
    return settings.TRYGG_BASE_URL.rstrip("/") + reverse(url_name)


def render_digest(user, counts: dict, *, within_days: int = DEFAULT_WITHIN_DAYS) -> tuple[str, str]:
    """Subject and body of a digest, in the user's language: counts and links only."""
    mine, team = counts["mine"], counts["team_overdue"]
    overdue = sum(c["overdue"] for c in mine.values())
    due = sum(c["due"] for c in mine.values())
    team_total = sum(team.values())
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        if mine:
            subject = gettext("Trygg: %(overdue)s overdue, %(due)s due in the next %(days)s days") % {
                "overdue": overdue,
                "due": due,
                "days": within_days,
            }
        else:
            subject = gettext("Trygg: %(count)s overdue in your team's cases") % {"count": team_total}
        body = render_to_string(
            "cases/work/reminder_email.txt",
            {
                "mine": [(WorkKind(kind).label, c["overdue"], c["due"]) for kind, c in mine.items()],
                "team": [(WorkKind(kind).label, n) for kind, n in team.items()],
                "overdue": overdue,
                "due": due,
                "team_total": team_total,
                "days": within_days,
                "my_work_url": _absolute("cases:my_work"),
                "caseload_url": _absolute("cases:caseload"),
            },
        )
    return subject, body


def send_digest(user, day: date, counts: dict, *, within_days: int = DEFAULT_WITHIN_DAYS) -> bool:
    """Send one user's digest for `day` unless it was sent already; True when sent now.

    The e-mail goes out inside the transaction that holds the digest row: a second run on the
    same day waits for the row and then finds it sent, and a failed send rolls the row back so
    that the next run tries again. The audit event records the counts, not the contents.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = ReminderDigest.objects.create(user=user, day=day, counts=counts)
        except IntegrityError:
            digest = ReminderDigest.objects.select_for_update().get(user=user, day=day)
            if digest.sent_at is not None:
                return False
            digest.counts = counts
        subject, body = render_digest(user, counts, within_days=within_days)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        digest.sent_at = timezone.now()
        digest.save(update_fields=["counts", "sent_at"])
        mine = counts["mine"].values()
        record_event(
            AuditEvent.Action.CREATE,
            obj=digest,
            fields=["counts", "sent_at"],
            detail={
                "recipient": str(user.uuid),
                "day": day.isoformat(),
                "overdue": sum(c["overdue"] for c in mine),
                "due": sum(c["due"] for c in mine),
                "team_overdue": sum(counts["team_overdue"].values()),
            },
        )
    return True


def send_daily_reminders(
    *, day: date | None = None, now=None, within_days: int = DEFAULT_WITHIN_DAYS
) -> dict:
    """Send every user with work due or overdue (and every supervisor whose team has overdue
    work) one digest for the day. Running it again the same day sends nothing new."""
    moment = Moment.at(now)
    day = day or moment.today
    mine = counts_by_worker(within_days=within_days, now=moment.now)
    team = overdue_by_supervisor(now=moment.now)
    users = User.objects.filter(is_active=True, pk__in=set(mine) | set(team)).order_by("pk")
    sent = skipped = 0
    for user in users:
        counts = digest_counts(mine.get(user.pk, {}), team.get(user.pk, {}))
        if not counts["mine"] and not counts["team_overdue"]:
            continue
        if send_digest(user, day, counts, within_days=within_days):
            sent += 1
        else:
            skipped += 1
    return {"day": day.isoformat(), "sent": sent, "already_sent": skipped}
