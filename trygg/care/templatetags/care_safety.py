"""The safety banner on pages outside the care app (the person page, the case page), e.g.
`{% load care_safety %}{% safety_banner person %}`."""

from django import template

from ..banner import banner_context

register = template.Library()


@register.inclusion_tag("care/includes/safety_banner.html", takes_context=True)
def safety_banner(context, child):
    """Contact restrictions in force for `child` that the current user may read; nothing otherwise."""
    request = context.get("request")
    return banner_context(child, getattr(request, "user", None))
