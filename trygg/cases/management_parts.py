"""What the management part adds to every case: stage requirements and case-page panels.

Requirements: case planning needs a completed assessment; implementation and follow-up need an
approved case plan.

Panels (each a constant number of queries, all through `for_user`): assessment, case plan,
services and referrals, follow-ups, notes, transfers. On a case the sending country keeps as a
summary only (after a transfer) the case page renders the transfers panel only (`in_summary`);
the others also render nothing there should they be asked.
"""

from datetime import date

from django.db.models import Prefetch, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from .case_parts import code_labels, register_event_describers, register_event_labels
from .codes import Stage, SupportType
from .models import (
    Assessment,
    AssessmentDomain,
    CaseNote,
    CasePlan,
    CasePlanAction,
    CasePlanGoal,
    FollowUp,
    ServiceReferral,
    Transfer,
)
from .panels import register_panel
from .services.management import (
    assessment_completed,
    may_on_case,
    may_read_note,
    plan_approved,
    restricted_assessment_fields,
)
from .services.stages import register_requirement
from .services.transfer import may_decide, visible_in_full

register_requirement(Stage.CASE_PLANNING, assessment_completed)
register_requirement(Stage.IMPLEMENTATION, plan_approved)
register_requirement(Stage.FOLLOW_UP, plan_approved)

# Labels of the timeline lines this part writes (`record_case_event` kinds).
register_event_labels(
    {
        "assessment_started": _("Assessment started"),
        "assessment_updated": _("Assessment changed"),
        "assessment_completed": _("Assessment completed"),
        "case_plan_created": _("Case plan drafted"),
        "case_plan_updated": _("Case plan changed"),
        "case_plan_goal_added": _("Goal added to the case plan"),
        "case_plan_goal_changed": _("Goal of the case plan changed"),
        "case_plan_goal_removed": _("Goal removed from the case plan"),
        "case_plan_action_added": _("Action added to the case plan"),
        "case_plan_action_changed": _("Action of the case plan changed"),
        "case_plan_action_removed": _("Action removed from the case plan"),
        "case_plan_submitted": _("Case plan submitted for approval"),
        "case_plan_approved": _("Case plan approved"),
        "case_plan_rejected": _("Case plan returned for changes"),
        "service_added": _("Service or referral recorded"),
        "service_changed": _("Service or referral changed"),
        "follow_up_recorded": _("Follow-up recorded"),
        "follow_up_changed": _("Follow-up changed"),
        "note_added": _("Note added"),
        "note_changed": _("Note changed"),
        "transfer_requested": _("Transfer to another country requested"),
        "transfer_accepted": _("Transfer accepted: the case continues in another country"),
        "transfer_rejected": _("Transfer rejected by the receiving country"),
        "transferred_in": _("Case transferred in from another country"),
        "transfer_details_shared": _("The receiving country shared the case details"),
    }
)


def _on(iso_date) -> str:
    try:
        return date_format(date.fromisoformat(iso_date), "DATE_FORMAT")
    except (TypeError, ValueError):
        return ""


def _status(choices):
    def describe(detail: dict) -> str:
        if not detail.get("status"):
            return ""
        return gettext_now("Status: %(status)s.") % {"status": code_labels(choices, [detail["status"]])}

    return describe


def _assessment_completed(detail: dict) -> str:
    if not detail.get("serious_concern"):
        return gettext_now("No domain of serious concern.")
    return gettext_now("Serious concern: %(domains)s.") % {
        "domains": code_labels(AssessmentDomain.choices, detail["serious_concern"])
    }


def _plan_created(detail: dict) -> str:
    return gettext_now("A revision of the approved plan.") if detail.get("revision") else ""


def _plan_approved(detail: dict) -> str:
    when = _on(detail.get("review_due"))
    return gettext_now("Review due %(date)s.") % {"date": when} if when else ""


def _goal_added(detail: dict) -> str:
    if not detail.get("domain"):
        return ""
    return gettext_now("Domain: %(domain)s.") % {
        "domain": code_labels(AssessmentDomain.choices, [detail["domain"]])
    }


def _service_added(detail: dict) -> str:
    return gettext_now("%(support)s, %(provision)s; status: %(status)s.") % {
        "support": code_labels(SupportType.choices, [detail.get("support_type")]),
        "provision": code_labels(ServiceReferral.Provision.choices, [detail.get("provision")]),
        "status": code_labels(ServiceReferral.Status.choices, [detail.get("status")]),
    }


def _follow_up_recorded(detail: dict) -> str:
    kind = code_labels(FollowUp.Kind.choices, [detail.get("kind")])
    sentences = [f"{kind}."] if kind else []
    when = _on(detail.get("next_due"))
    if when:
        sentences.append(gettext_now("Next follow-up due %(date)s.") % {"date": when})
    return " ".join(sentences)


def _transfer(key: str, message: str):
    # Countries travel as ISO codes: the timeline stays one query, whoever wrote the line.
    def describe(detail: dict) -> str:
        text = str(message) % {"country": detail.get(key, "")}
        reference = detail.get("receiving_case") or detail.get("sending_case")
        if reference:
            text += " " + gettext_now("Case %(reference)s.") % {"reference": reference}
        return text

    return describe


# Short descriptions of those lines, from their detail (codes only, no personal data).
register_event_describers(
    {
        "assessment_completed": _assessment_completed,
        "case_plan_created": _plan_created,
        "case_plan_approved": _plan_approved,
        "case_plan_goal_added": _goal_added,
        "case_plan_action_changed": _status(CasePlanAction.Status.choices),
        "service_added": _service_added,
        "service_changed": _status(ServiceReferral.Status.choices),
        "follow_up_recorded": _follow_up_recorded,
        "transfer_requested": _transfer("to_country", _("To the country %(country)s.")),
        "transfer_accepted": _transfer("to_country", _("Receiving country: %(country)s.")),
        "transfer_rejected": _transfer("to_country", _("Receiving country: %(country)s.")),
        "transferred_in": _transfer("from_country", _("From the country %(country)s.")),
    }
)


def assessment_rows(assessment: Assessment, restricted: set[str]) -> list[dict]:
    """One row per domain: label, rating, notes, and whether the notes are hidden from this user."""
    rows = []
    for domain, label in AssessmentDomain.choices:
        notes_field = Assessment.notes_field(domain)
        rows.append(
            {
                "domain": domain,
                "label": label,
                "rating": getattr(assessment, f"get_{Assessment.rating_field(domain)}_display")(),
                "rating_code": getattr(assessment, Assessment.rating_field(domain)),
                "restricted": notes_field in restricted,
                "notes": "" if notes_field in restricted else getattr(assessment, notes_field),
            }
        )
    return rows


def _base(case, request) -> dict:
    user = request.user
    return {
        "case": case,
        "hidden": not visible_in_full(case, user),
        "can_change": not case.is_closed and may_on_case(user, "case.change", case),
    }


def assessment_panel(case, request) -> dict:
    context = _base(case, request)
    if context["hidden"]:
        return context
    assessments = list(
        Assessment.objects.for_user(request.user).filter(case=case).select_related("assessed_by")
    )
    latest = assessments[0] if assessments else None
    context.update(
        {
            "assessments": assessments,
            "latest": latest,
            "rows": assessment_rows(latest, restricted_assessment_fields(request.user, case))
            if latest
            else [],
            "in_progress": latest is not None and not latest.is_completed,
        }
    )
    return context


def plan_panel(case, request) -> dict:
    context = _base(case, request)
    if context["hidden"]:
        return context
    user = request.user
    plans = list(
        CasePlan.objects.for_user(user)
        .filter(case=case)
        .exclude(status=CasePlan.Status.SUPERSEDED)
        .select_related("submitted_by", "decided_by")
        .prefetch_related(
            Prefetch("goals", queryset=CasePlanGoal.objects.alive(), to_attr="live_goals"),
            Prefetch(
                "actions",
                queryset=CasePlanAction.objects.alive().select_related("responsible_user"),
                to_attr="live_actions",
            ),
        )
    )
    current = next((p for p in plans if p.status == CasePlan.Status.APPROVED), None)
    preparing = next((p for p in plans if p.status != CasePlan.Status.APPROVED), None)
    needs_assessment = bool(assessment_completed(case))
    context.update(
        {
            "current": current,
            "preparing": preparing,
            "needs_assessment": needs_assessment,
            "may_plan": context["can_change"] and preparing is None and not needs_assessment,
        }
    )
    return context


def services_panel(case, request) -> dict:
    context = _base(case, request)
    if not context["hidden"]:
        context["services"] = list(ServiceReferral.objects.for_user(request.user).filter(case=case))
    return context


def follow_ups_panel(case, request) -> dict:
    context = _base(case, request)
    if not context["hidden"]:
        context["follow_ups"] = list(
            FollowUp.objects.for_user(request.user).filter(case=case).select_related("visited_by")
        )
    return context


def notes_panel(case, request) -> dict:
    context = _base(case, request)
    if context["hidden"]:
        return context
    notes = list(CaseNote.objects.for_user(request.user).filter(case=case).select_related("created_by"))
    for note in notes:
        note.case = case  # already loaded: no query per note
        note.readable = may_read_note(request.user, note)
    context["notes"] = notes
    return context


def transfers_panel(case, request) -> dict:
    user = request.user
    transfers = list(
        Transfer.objects.for_user(user)
        .filter(Q(transferred_from=case) | Q(receiving_case=case))
        .select_related("to_country", "from_country", "receiving_case", "transferred_from")
    )
    for transfer in transfers:
        transfer.decidable = transfer.status == Transfer.Status.REQUESTED and may_decide(user, transfer)
    return {
        "case": case,
        "hidden": False,
        "summary_only": not visible_in_full(case, user),
        "transfers": transfers,
        "may_request": not case.is_closed and may_on_case(user, "case.change", case),
    }


register_panel(
    "assessment", order=30, template="cases/management/panel_assessment.html", context=assessment_panel
)
register_panel("case_plan", order=31, template="cases/management/panel_plan.html", context=plan_panel)
register_panel("services", order=32, template="cases/management/panel_services.html", context=services_panel)
register_panel(
    "follow_ups", order=33, template="cases/management/panel_follow_ups.html", context=follow_ups_panel
)
register_panel("notes", order=34, template="cases/management/panel_notes.html", context=notes_panel)
register_panel(
    "transfers",
    order=35,
    template="cases/management/panel_transfers.html",
    context=transfers_panel,
    in_summary=True,  # the transfer record is part of what the sending country keeps
)
