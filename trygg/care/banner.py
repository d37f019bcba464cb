"""The safety banner: contact restrictions in force for a child (e.g. a relative involved in the
trafficking), shown as a warning wherever the child appears: the person page, the case page and
the care pages.

Only restrictions the viewer may read show (`ContactRestriction.objects.for_user`): a village
sees those of the children living there, an SOS parent those of the children in their home, the
country's caseworkers and supervisors all of the country's. Nobody else learns that one exists.
"""

from .services.life import may_restrict, restrictions_in_force


def banner_context(child, user) -> dict:
    """The include's context (`care/includes/safety_banner.html`): `restrictions`, the child's
    restrictions in force the user may read (one query), and `may_restrict`, whether the user may
    lift them (asked only when there is something to lift)."""
    restrictions = list(restrictions_in_force(child, user)) if child is not None else []
    return {
        "restrictions": restrictions,
        "may_restrict": bool(restrictions) and may_restrict(user, child),
    }
