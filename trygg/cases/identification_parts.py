"""What trafficking identification adds to every case: the case-page panel, timeline labels and
short descriptions of its timeline lines.

The panel shows the latest screening's outcome with its reasons, the trafficking profile and the
route, with links to record and edit them. A user without `sensitive.trafficking` sees that the
sections exist ("restricted"), never their content. A constant number of queries, all through
`for_user`. On a case its country keeps as a summary only (after a transfer) the panel is hidden.

No stage requirement: screening is recommended, not a precondition of any stage (a child may be
protected while the screening waits for a safe moment to talk).
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .case_parts import code_labels, register_event_describers, register_event_labels
from .codes import (
    IndicatorStrength,
    ScreeningDimension,
    ScreeningOutcome,
    TraffickingAct,
    TraffickingEventType,
)
from .models import Screening, TraffickingProfile
from .models.identification import PROFILE_MULTI_CHOICES, translated
from .panels import register_panel
from .services.identification import (
    TIMELINE_KINDS,
    may_on_case,
    route,
    user_may_see_sexual_exploitation,
    user_may_see_trafficking,
)
from .services.screening_rule import ChildBasis, describe_combination

register_event_labels(TIMELINE_KINDS)


def _outcome(detail: dict) -> str:
    if not detail.get("outcome"):
        return ""
    return gettext("Outcome: %(outcome)s.") % {
        "outcome": code_labels(ScreeningOutcome.choices, [detail["outcome"]])
    }


def _profile_fields(detail: dict) -> str:
    # The line names the fields that changed, never their values (see the service).
    names = []
    for name in detail.get("fields") or []:
        try:
            names.append(str(TraffickingProfile._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            names.append(name)
    return gettext("Changed: %(fields)s.") % {"fields": ", ".join(names)} if names else ""


def _route_event(detail: dict) -> str:
    kind = code_labels(TraffickingEventType.choices, [detail.get("kind")])
    return gettext("Step: %(kind)s.") % {"kind": kind} if kind else ""


# Short descriptions of the lines (shown only to readers with the trafficking permission: the
# lines are sensitive, so the timeline says only that they exist to everyone else).
register_event_describers(
    {
        "screening_recorded": _outcome,
        "screening_changed": _outcome,
        "trafficking_profile_changed": _profile_fields,
        "trafficking_event_added": _route_event,
        "trafficking_event_changed": _route_event,
        "trafficking_event_removed": _route_event,
    }
)

CHILD_BASIS_LABELS = {
    ChildBasis.UNDER_18: _("The child was under 18 at the screening: the means are not required."),
    ChildBasis.AGE_UNKNOWN: _(
        "The age is unknown, so the person is presumed to be a child: the means are not required."
    ),
    ChildBasis.FIRST_TRAFFICKED_UNDER_18: _(
        "The person was first trafficked before the age of 18: the means are not required."
    ),
    ChildBasis.ADULT: _(
        "The person was an adult at the screening: a means (coercion, deception or abuse of "
        "vulnerability) is required."
    ),
}
DIMENSION_LABELS = dict(ScreeningDimension.choices)
STRENGTH_LABELS = dict(IndicatorStrength.choices)
ACT_LABELS = dict(TraffickingAct.choices)


def result_rows(screening: Screening) -> dict:
    """The stored result of a screening, ready to show: per dimension, what counted and why."""
    result = screening.result or {}
    dimensions = []
    for row in result.get("dimensions", []):
        dimensions.append(
            {
                "code": row["dimension"],
                "label": DIMENSION_LABELS.get(row["dimension"], row["dimension"]),
                "positive": row["positive"],
                "counts": row["counts"],
                "combination": describe_combination(row["combination"]) if row["combination"] else "",
                "indicators": [
                    {
                        "code": item["code"],
                        "text": translated(item.get("text", ""), item.get("translations")),
                        "strength": STRENGTH_LABELS.get(item["strength"], item["strength"]),
                    }
                    for item in row["indicators"]
                ],
            }
        )
    return {
        "outcome": screening.get_outcome_display(),
        "outcome_code": screening.outcome,
        "dimensions": dimensions,
        "acts": [ACT_LABELS.get(act, act) for act in result.get("acts", [])],
        "act_established": result.get("act_established", False),
        "act_from_dimensions": [DIMENSION_LABELS.get(d, d) for d in result.get("act_from_dimensions", [])],
        "exploitation": [DIMENSION_LABELS.get(d, d) for d in result.get("exploitation", [])],
        "means": [DIMENSION_LABELS.get(d, d) for d in result.get("means", [])],
        "child_basis": CHILD_BASIS_LABELS.get(result.get("child_basis"), ""),
        "rule": [describe_combination(c) for c in screening.rule_combinations or []],
    }


def profile_rows(profile: TraffickingProfile | None, *, show_sexual: bool) -> list[dict]:
    """The profile's multi-select fields as labelled lists (the sexual-exploitation one only if allowed)."""
    if profile is None:
        return []
    rows = []
    for name, choices in PROFILE_MULTI_CHOICES.items():
        field = TraffickingProfile._meta.get_field(name)
        restricted = name == "type_of_sex_exploitation" and not show_sexual
        labels = dict(choices.choices)
        rows.append(
            {
                "name": name,
                "label": field.verbose_name,
                "restricted": restricted,
                "values": [] if restricted else [labels.get(code, code) for code in getattr(profile, name)],
            }
        )
    return rows


def identification_context(case, user, *, screening_limit: int | None = 5) -> dict:
    """Everything the panel (and the overview page) shows, or only "restricted" without permission."""
    context = {
        "case": case,
        "hidden": case.summary_only,
        "may_see": user_may_see_trafficking(user, case),
        "can_change": False,
    }
    if context["hidden"] or not context["may_see"]:
        return context
    screenings = (
        Screening.objects.for_user(user).filter(case=case).select_related("indicator_list", "screened_by")
    )
    screenings = list(screenings[:screening_limit] if screening_limit else screenings)
    profile = TraffickingProfile.objects.for_user(user).filter(case=case).select_related("decided_by").first()
    show_sexual = user_may_see_sexual_exploitation(user, case)
    context.update(
        {
            "can_change": not case.is_closed and may_on_case(user, "case.change", case),
            "screenings": screenings,
            "latest": screenings[0] if screenings else None,
            "latest_result": result_rows(screenings[0]) if screenings else None,
            "profile": profile,
            "profile_rows": profile_rows(profile, show_sexual=show_sexual),
            "route": list(route(case, user)),
        }
    )
    return context


def identification_panel(case, request) -> dict:
    return identification_context(case, request.user)


register_panel(
    "identification",
    order=20,
    template="cases/identification/panel.html",
    context=identification_panel,
)
