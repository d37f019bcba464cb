from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .scoping import has_perm_anywhere

# Main navigation: (url name, label, permission needed somewhere in the user's scopes, or a tuple:
# any one of them).
NAVIGATION = [
    ("people:person_list", _("Persons"), "person.view"),
    ("people:household_list", _("Households"), "household.view"),
    ("cases:case_list", _("Cases"), "case.view"),
    ("cases:my_work", _("My work"), "case.change"),
    ("cases:caseload", _("Caseload"), "case.approve"),
    ("cases:approvals", _("Approvals"), "case.approve"),
    # Supervisors decide on transfers; others reach a transfer from its case page.
    ("cases:transfers", _("Transfers"), "case.transfer"),
    ("tracing:request_list", _("Family tracing"), "tracing.view"),
    (
        "care:placement_list",
        _("Care"),
        ("carehome.view", "carehome.view_own_home", "placement.view", "placement.view_own_home"),
    ),
    ("cases:indicator_list_index", _("Screening indicators"), "indicator.change"),
    ("audit:index", _("Audit"), "auditevent.view"),
    ("geo:admin_index", _("Administration"), "site.change"),
    ("accounts:user_list", _("Users"), "user.view"),
    ("api:docs", _("API"), None),
]


def navigation_for(request) -> list[dict]:
    items = []
    for url_name, label, permission in NAVIGATION:
        needed = (permission,) if isinstance(permission, str) else permission or ()
        if needed and not any(has_perm_anywhere(request.user, p) for p in needed):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": False})
    # One current item: the longest link the path is under (/cases/approvals/ is not "Cases").
    current = max(
        (item for item in items if request.path.startswith(item["url"])),
        key=lambda i: len(i["url"]),
        default=None,
    )
    if current is not None:
        current["active"] = True
    return items


def trygg(request):
    context = {
        "TRYGG_PRODUCTION": settings.PRODUCTION,
        "TRYGG_DEMO_SKIP_2FA": settings.TRYGG_DEMO_SKIP_2FA,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["trygg_nav"] = navigation_for(request)
    return context
