"""Template tags for pages outside the cases app that show a child's cases (the person page)."""

from django import template

from trygg.core.scoping import has_perm_anywhere

from ..models import Case
from ..services.transfer import visible_in_full

register = template.Library()


@register.simple_tag(takes_context=True)
def child_cases(context, person):
    """The child's cases the current user may see, newest first (one query), and whether the user
    may open one: {"cases": [...], "can_open": bool, "can_view": bool}."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not has_perm_anywhere(user, "case.view"):
        return {"cases": [], "can_view": False, "can_open": False}
    cases = list(
        Case.objects.for_user(user)
        .filter(child=person)
        .only(
            "uuid", "reference", "stage", "status", "risk_level", "identified_at", "episode", "summary_only"
        )
        .order_by("-episode")
    )
    has_open = any(not case.is_closed for case in cases)
    for case in cases:
        case.in_full = visible_in_full(case, user)  # a transferred case's summary has no risk level
    return {
        "cases": cases,
        "can_view": True,
        "can_open": not has_open and has_perm_anywhere(user, "case.add"),
    }
