"""Care on other pages: the care section's tabs, and "Request a placement" on a case page."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from trygg.core.scoping import has_perm_anywhere, has_perm_in_country

register = template.Library()

# (url name, label, any one of these permissions somewhere)
TABS = [
    ("care:placement_list", _("Children in care"), ("placement.view", "placement.view_own_home")),
    ("care:request_list", _("Placement requests"), ("placement.view",)),
    ("care:home_list", _("Homes"), ("carehome.view", "carehome.view_own_home")),
    (
        "care:dashboard",
        _("Village dashboard"),
        ("carehome.view", "carehome.view_own_home", "placement.view", "placement.view_own_home"),
    ),
    ("care:handover_list", _("Handed over to tracing"), ("placement.view",)),
    ("care:settings", _("Care settings"), ("careconfig.change",)),
]


@register.inclusion_tag("care/includes/tabs.html", takes_context=True)
def care_tabs(context):
    request = context["request"]
    user = request.user
    tabs = []
    for name, label, permissions in TABS:
        if any(has_perm_anywhere(user, permission) for permission in permissions):
            url = reverse(name)
            tabs.append({"url": url, "label": label, "current": request.path == url})
    return {"tabs": tabs}


@register.inclusion_tag("care/includes/case_care.html", takes_context=True)
def case_care(context, case):
    """The case's placement requests the user may see, and the link to request one (with
    placement.add in the case's country, on an open case)."""
    from ..models import PlacementRequest

    user = context["request"].user
    may_request = not case.is_closed and has_perm_in_country(
        user,
        "placement.add",
        case.country_id,
        site_id=case.site_id,
        programme_id=case.site.programme_id if case.site_id else None,
    )
    requests = list(
        PlacementRequest.objects.for_user(user).filter(case=case).order_by("-requested_at", "-pk")
    )
    return {"case": case, "may_request": may_request, "placement_requests": requests}
