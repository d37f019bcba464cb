from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .scoping import has_perm_anywhere

# Main navigation: (url name, label, permission needed somewhere in the user's scopes).
NAVIGATION = [
    ("people:person_list", _("Persons"), "person.view"),
    ("people:household_list", _("Households"), "household.view"),
    ("audit:index", _("Audit"), "auditevent.view"),
    ("geo:admin_index", _("Administration"), "site.change"),
    ("accounts:user_list", _("Users"), "user.view"),
    ("api:docs", _("API"), None),
]


def navigation_for(request) -> list[dict]:
    items = []
    for url_name, label, permission in NAVIGATION:
        if permission and not has_perm_anywhere(request.user, permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "active": request.path.startswith(url)})
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
