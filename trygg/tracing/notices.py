"""The warning shown when a child being registered looks like a child already registered.

A notice, never a refusal: two children may share a name and a birth year. The records shown are
the ones the caseworker may open anyway (same country, in their scope); showing them is recorded
as a search, like any list of persons.
"""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from trygg.audit.services import record_search
from trygg.people.models import Person

from .services.matching import possible_duplicates


def warn_of_duplicates(request, person) -> list:
    """Add a warning message per possible duplicate of `person`; the duplicates found."""
    found = possible_duplicates(person, user=request.user)
    if not found:
        return found
    record_search(
        Person, actor=request.user, query_present=False, result_uuids=[other.uuid for other, _p in found]
    )
    for other, probability in found:
        link = format_html(
            '<a href="{}">{}</a>',
            reverse("people:person_detail", kwargs={"uuid": other.uuid}),
            other.reference,
        )
        messages.warning(
            request,
            format_html(
                _(
                    "This child looks like {reference}, already registered ({percent} % alike). Open that "
                    "record and check that it is not the same child before you go on."
                ),
                reference=link,
                percent=round(probability * 100),
            ),
        )
    return found
