"""What the case page shows besides the case itself: stepper, actions, panels, timeline, continuum.

Every function here reads through `for_user` and runs a constant number of queries.
"""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from trygg.people import continuum
from trygg.people.models import HouseholdMember, Person

from ..case_parts import event_description, event_label
from ..codes import CaseStatus, ClosureReason, RiskLevel, Stage
from ..models import CaseEvent, ConsentGiver, ConsentKind, ConsentPurpose, LegalBasisCode
from ..panels import panels
from ..services.case import allowed_stages, case_permits, is_backward
from ..services.stages import unmet_requirements
from ..services.transfer import SUMMARY_EVENT_KINDS, visible_in_full

TIMELINE_PAGE_SIZE = 25


def stepper(case) -> list[dict]:
    current = list(Stage.values).index(case.stage)
    return [
        {
            "code": code,
            "label": label,
            "state": "current" if index == current else ("done" if index < current else "todo"),
        }
        for index, (code, label) in enumerate(Stage.choices)
    ]


def stage_options(case) -> list[dict]:
    """Where the case may go next, with what each step still needs (named, so it can be done)."""
    labels = dict(Stage.choices)
    return [
        {
            "code": stage,
            "label": labels[stage],
            "backward": is_backward(case.stage, stage),
            "unmet": unmet_requirements(case, stage),
        }
        for stage in allowed_stages(case)
    ]


def rendered_panels(case, request) -> list[dict]:
    """Each part's section of the case page, rendered with its own context (on a summary, only
    the panels that belong to it)."""
    sections = []
    for panel in panels(summary_only=not visible_in_full(case, request.user)):
        context = {"case": case, **panel.context(case, request)}
        html = render_to_string(panel.template, context, request=request)
        sections.append({"name": panel.name, "html": mark_safe(html)})  # noqa: S308 - rendered template
    return sections


def child_on_continuum(case, user) -> dict:
    child_visible = Person.objects.for_user(user).filter(pk=case.child_id).exists()
    in_household = HouseholdMember.objects.for_user(user).filter(person_id=case.child_id).exists()
    return {
        "child_visible": child_visible,
        "steps": continuum.steps_for(case.child, in_household=in_household, user=user),
    }


def _labels(choices, codes) -> str:
    labels = dict(choices)
    return ", ".join(str(labels.get(code, code)) for code in codes or [])


def describe(event) -> str:
    """A sentence about what the line's codes say (other parts' kinds: their registered describer)."""
    detail = event.detail or {}
    stages = dict(Stage.choices)
    risks = dict(RiskLevel.choices)
    kind = event.kind
    if kind in ("stage_changed",):
        return _("From %(from)s to %(to)s.") % {
            "from": stages.get(detail.get("from"), ""),
            "to": stages.get(detail.get("to"), ""),
        }
    if kind == "risk_changed":
        text = _("From %(from)s to %(to)s.") % {
            "from": risks.get(detail.get("from"), ""),
            "to": risks.get(detail.get("to"), ""),
        }
        if detail.get("urgent"):
            text += " " + _("Urgent protection concern.")
        return text
    if kind == "opened":
        text = _("Risk level %(risk)s, episode %(episode)s.") % {
            "risk": risks.get(detail.get("risk_level"), ""),
            "episode": detail.get("episode", 1),
        }
        if detail.get("urgent"):
            text += " " + _("Urgent protection concern.")
        return text
    if kind == "first_action":
        return _("On time.") if detail.get("on_time") else _("Later than the deadline.")
    if kind in ("closure_requested", "closure_rejected", "closed"):
        reasons = dict(ClosureReason.choices)
        text = _("Reason: %(reason)s.") % {"reason": reasons.get(detail.get("reason"), "")}
        if kind == "closed":
            text += " " + _("Status: %(status)s.") % {
                "status": dict(CaseStatus.choices).get(detail.get("status"), "")
            }
        return text
    if kind == "consent_recorded":
        text = _("%(kind)s given by %(giver)s, for: %(purposes)s.") % {
            "kind": dict(ConsentKind.choices).get(detail.get("kind"), ""),
            "giver": str(dict(ConsentGiver.choices).get(detail.get("given_by"), "")).lower(),
            "purposes": _labels(ConsentPurpose.choices, detail.get("purposes")),
        }
        if not detail.get("agreed", True):
            text += " " + _("The person did not agree.")
        return text
    if kind == "consent_withdrawn":
        return _("No longer covers: %(purposes)s.") % {
            "purposes": _labels(ConsentPurpose.choices, detail.get("purposes"))
        }
    if kind.startswith("legal_basis_"):
        return _("%(basis)s, for: %(purposes)s.") % {
            "basis": dict(LegalBasisCode.choices).get(detail.get("basis"), ""),
            "purposes": _labels(ConsentPurpose.choices, detail.get("purposes")),
        }
    return event_description(event)


@dataclass
class TimelineLine:
    event: CaseEvent
    restricted: bool
    label: str
    description: str


def timeline(case, user, page_number) -> dict:
    """The case's timeline, newest first; lines the user may not read say only that they exist.

    On a case the user sees as a summary only (after a transfer) the timeline holds the lines of
    the summary (`SUMMARY_EVENT_KINDS`), without their notes.
    """
    events = CaseEvent.objects.for_user(user).filter(case=case).select_related("actor").order_by("-at", "-id")
    in_full = visible_in_full(case, user)
    if not in_full:
        events = events.filter(kind__in=list(SUMMARY_EVENT_KINDS))
    page = Paginator(events, TIMELINE_PAGE_SIZE).get_page(page_number)
    allowed: dict[str, bool] = {}
    lines = []
    for event in page:
        if event.sensitivity and event.sensitivity not in allowed:
            allowed[event.sensitivity] = case_permits(user, event.sensitivity, case)
        restricted = bool(event.sensitivity) and not allowed[event.sensitivity]
        described = not restricted and (in_full or SUMMARY_EVENT_KINDS.get(event.kind, False))
        if not in_full:
            event.note = ""
        lines.append(
            TimelineLine(
                event=event,
                restricted=restricted,
                label="" if restricted else event_label(event.kind),
                description=describe(event) if described else "",
            )
        )
    return {"timeline_page": page, "timeline": lines}
