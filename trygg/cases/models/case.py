"""The child protection case, its timeline, and the per-country response deadlines."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trygg.core.models import DomainModel
from trygg.core.querysets import ScopedModelMixin, ScopedQuerySet
from trygg.core.scoping import grants_for

from ..codes import CaseStatus, ClosureReason, RiskLevel, Stage

CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)
# Stages during which the assessment is still to be done (its deadline can be missed).
BEFORE_ASSESSMENT_DONE = (Stage.IDENTIFICATION, Stage.ASSESSMENT)


def _completed_assessments():
    """Completed assessments (looked up by name: the management module imports this one)."""
    model = apps.get_model("cases", "Assessment")
    return model.objects.filter(completed_at__isnull=False, is_deleted=False)


class CaseQuerySet(ScopedQuerySet):
    def open(self):
        return self.exclude(status__in=CLOSED_STATUSES)

    def closed(self):
        return self.filter(status__in=CLOSED_STATUSES)

    def where_user_holds(self, user, permission: str):
        """Cases in the scopes where the user holds `permission` (e.g. "sensitive.trafficking").

        Filtering on sensitive content must stay inside these cases, or the filter itself would
        tell what the user may not read.
        """
        grants = grants_for(user, permission)
        if not grants:
            return self.none()
        if any(grant.is_global for grant in grants):
            return self
        condition = Q()
        for grant in grants:
            condition |= self.model.scope_q_for_grant(grant)
        return self.filter(condition)

    def visible_in_full(self, user):
        """Cases the user may see more of than a summary: the queryset twin of
        `services.transfer.visible_in_full` (keep the two in step). Filters on what a summary
        hides (risk level, caseworker, exploitation type) go through it."""
        return self.filter(summary_only=False)

    def with_assessment_done(self):
        """Annotate `assessment_done`: a completed assessment exists."""
        completed = _completed_assessments()
        return self.annotate(assessment_done=Exists(completed.filter(case=OuterRef("pk"))))

    def _first_action_late(self, now) -> Q:
        return Q(first_action_at__isnull=True, first_action_due__lt=now)

    def _assessment_late(self, now) -> Q:
        late = Q(assessment_due__lt=now, stage__in=BEFORE_ASSESSMENT_DONE)
        return late & ~Exists(_completed_assessments().filter(case=OuterRef("pk")))

    def first_action_overdue(self, now=None):
        return self.open().filter(self._first_action_late(now or timezone.now()))

    def assessment_overdue(self, now=None):
        return self.open().filter(self._assessment_late(now or timezone.now()))

    def overdue(self, now=None):
        """Open cases whose first action or assessment is late (the simple version of "work due")."""
        now = now or timezone.now()
        return self.open().filter(self._first_action_late(now) | self._assessment_late(now))

    def not_overdue(self, now=None):
        """The rest of these cases: closed, or nothing late (the same queryset, no subquery of all)."""
        now = now or timezone.now()
        late = self._first_action_late(now) | self._assessment_late(now)
        return self.exclude(~Q(status__in=CLOSED_STATUSES) & late)

    def with_child_visibility(self, user):
        """Annotate `child_visible`: the user may read the child's person record (name and all)."""
        from trygg.people.models import Person

        visible = Person.objects.for_user(user).filter(pk=OuterRef("child_id"))
        return self.annotate(child_visible=Exists(visible))

    def for_listing(self):
        """What a case list row shows, in a constant number of queries; `mark_rows` adds the rest
        for the rows of one page."""
        return self.select_related("country", "site", "child", "assigned_worker").order_by(
            "-identified_at", "-pk"
        )


def mark_rows(cases, user, *, child_visibility: bool = True) -> list:
    """Set `assessment_done` and `child_visible` on the cases of one page, in two queries (one
    without `child_visibility`).

    The same facts as `with_assessment_done` and `with_child_visibility`, asked for these rows
    only: as annotations on a list query, the database may answer them for every case and person
    of the country before it picks the page.
    """
    from trygg.people.models import Person

    cases = list(cases)
    if not cases:
        return cases
    done = set(_completed_assessments().filter(case__in=cases).values_list("case_id", flat=True))
    visible = set()
    if child_visibility:
        child_ids = {case.child_id for case in cases}
        visible = set(Person.objects.for_user(user).filter(pk__in=child_ids).values_list("pk", flat=True))
    for case in cases:
        case.assessment_done = case.pk in done
        if child_visibility:
            case.child_visible = case.child_id in visible
    return cases


class Case(DomainModel):
    """One episode of child protection work for one child, from identification to closure."""

    reference = models.CharField(_("reference"), max_length=30, unique=True, editable=False)
    country = models.ForeignKey("geo.Country", on_delete=models.PROTECT, related_name="cases")
    site = models.ForeignKey(
        "geo.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    episode = models.PositiveSmallIntegerField(_("episode"), default=1)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDENTIFICATION)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.ACTIVE
    )
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    urgent_protection_concern = models.BooleanField(_("urgent protection concern"), default=False)
    identified_at = models.DateTimeField(_("identified"))
    first_action_due = models.DateTimeField(_("first action due"))
    first_action_at = models.DateTimeField(_("first action taken"), null=True, blank=True)
    assessment_due = models.DateTimeField(_("assessment due"))
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        verbose_name=_("assigned caseworker"),
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_cases",
        verbose_name=_("supervisor"),
    )
    closure_reason = models.CharField(
        _("closure reason"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("closure note"), blank=True)
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # After a transfer is accepted the sending country keeps a summary only, unless the receiving
    # country shares more.
    summary_only = models.BooleanField(default=False)

    objects = CaseQuerySet.as_manager()

    scope_subject = "case"
    scope_site_field = "site"
    scope_programme_field = "site__programme"

    class Meta:
        ordering = ["-identified_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["child", "episode"], name="case_episode_once_per_child"),
            # One open case per child, even when two people open one at the same moment.
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(is_deleted=False) & ~Q(status__in=CLOSED_STATUSES),
                name="case_open_once_per_child",
            ),
        ]
        indexes = [
            models.Index(fields=["country", "status", "stage"]),
            models.Index(fields=["country", "-identified_at"]),
            # Open cases at a stage, newest first: the list filtered by stage reads a page of
            # these in order instead of every case at that stage (closed ones included).
            models.Index(
                fields=["country", "stage", "-identified_at"],
                condition=Q(is_deleted=False) & ~Q(status__in=CLOSED_STATUSES),
                name="case_open_by_stage",
            ),
            models.Index(fields=["assigned_worker", "status"]),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def closure_pending(self) -> bool:
        return self.closure_requested_at is not None and not self.is_closed

    @property
    def programme_id(self):
        return self.site.programme_id if self.site_id else None

    def first_action_is_overdue(self, now=None) -> bool:
        return (
            not self.is_closed
            and self.first_action_at is None
            and self.first_action_due < (now or timezone.now())
        )

    def assessment_is_overdue(self, now=None) -> bool:
        """Late assessment; uses the `assessment_done` annotation when the queryset made one."""
        if self.is_closed or self.stage not in BEFORE_ASSESSMENT_DONE:
            return False
        if self.assessment_due >= (now or timezone.now()):
            return False
        done = getattr(self, "assessment_done", None)
        if done is None:
            done = _completed_assessments().filter(case=self).exists()
        return not done

    def is_overdue(self, now=None) -> bool:
        now = now or timezone.now()
        return self.first_action_is_overdue(now) or self.assessment_is_overdue(now)


class CasePartQuerySet(ScopedQuerySet):
    """Parts of a case (screenings, plans, follow-ups, ...) are in scope when their case is."""


class CasePart(DomainModel):
    """Abstract base for records that belong to a case; scoped through the case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")

    objects = CasePartQuerySet.as_manager()

    scope_subject = "case"
    scope_country_field = "case__country"
    scope_site_field = "case__site"
    scope_programme_field = "case__site__programme"

    class Meta:
        abstract = True

    @property
    def country_id(self):
        return self.case.country_id


class CaseEvent(ScopedModelMixin, models.Model):
    """One line of a case's timeline: what happened, when, by whom (no personal data in `detail`).

    Services write it in the same transaction as the change. `sensitivity` names the permission
    a reader needs to see the line at all (e.g. a screening result needs the trafficking one).
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("what"), max_length=40)
    object_type = models.CharField(max_length=60, blank=True)
    object_uuid = models.UUIDField(null=True, blank=True)
    sensitivity = models.CharField(max_length=40, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    # What the user wrote for this step (a reason to reopen, a supervisor's decision): case
    # content shown on the timeline, never copied into the audit trail.
    note = models.TextField(_("note"), blank=True)

    objects = ScopedQuerySet.as_manager()

    scope_subject = "case"
    scope_country_field = "case__country"
    scope_site_field = "case__site"
    scope_programme_field = "case__site__programme"

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["case", "-at"])]

    def __str__(self):
        return f"{self.case_id} {self.kind}"


class ResponseDeadline(models.Model):
    """How long a country allows for first action and assessment at each risk level."""

    country = models.ForeignKey(
        "geo.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices)
    first_action_hours = models.PositiveIntegerField(_("first action within (hours)"))
    assessment_hours = models.PositiveIntegerField(_("assessment within (hours)"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    scope_subject = "caseconfig"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["country", "risk_level"], name="deadline_once_per_country_risk"),
            models.UniqueConstraint(
                fields=["risk_level"],
                condition=Q(country__isnull=True),
                name="default_deadline_once_per_risk",
            ),
        ]

    def __str__(self):
        return f"{self.country_id or 'default'} {self.risk_level}"


# Defaults when a country has not configured its own: (first action, assessment) in hours.
# High risk: act within 24 hours; medium within 3 days; low within 7 days. The assessment follows
# within 3, 7 and 14 days.
DEFAULT_DEADLINE_HOURS = {
    RiskLevel.HIGH: (24, 72),
    RiskLevel.MEDIUM: (72, 168),
    RiskLevel.LOW: (168, 336),
}
