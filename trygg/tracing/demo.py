"""Tracing requests for the embedded demo, filed through the real services.

Families look for children the demo registered: one request in Kenya finds a child in a Kenyan
SOS village (spelled differently, with a nickname and an approximate age), one finds a child
registered in Nepal (Kenya sees only "a possible match in Nepal" until Nepal shares details),
and one waits for the family's consent before anything is searched.
"""

from django.utils import timezone

from trygg.people.models import Gender

from .services.matching import match_request
from .services.requests import file_request

REQUESTS = [
    {
        "requester_name": "Rose Ochieng",
        "requester_relationship": "mother",
        "requester_phone": "+254 700 000 111",
        "requester_location": "Kisumu, Nyalenda",
        "given_name": "Kelvin",
        "family_name": "Ochieng",
        "other_names": "Kevo",
        "sex": Gender.MASCULINE,
        "approximate_age": 11,
        "last_seen_place": "Kisumu bus park",
        "requester_contact": "Through the chief's office in Nyalenda.",
        "separation_circumstances": "Went to look for work in Nairobi with older boys and did not come back.",
        "languages": ["luo", "sw"],
        "father_name": "Tom Ochieng",
        "consent_to_trace": True,
        "consent_given_by": "Rose Ochieng, the mother",
    },
    {
        "requester_name": "Pemba Lama",
        "requester_relationship": "father",
        "requester_phone": "+254 700 000 222",
        "requester_location": "Mombasa, works at the port",
        "given_name": "Roshan",
        "family_name": "Lama",
        "name_in_own_script": "रोशन लामा",
        "sex": Gender.MASCULINE,
        "approximate_age": 13,
        "last_seen_place": "Kathmandu, Gongabu bus park",
        "separation_circumstances": "Sent to an uncle in Kathmandu after the earthquake; the uncle lost him.",
        "languages": ["taj", "ne"],
        "consent_to_trace": True,
        "consent_given_by": "Pemba Lama, the father",
    },
    {
        "requester_name": "Halima Hassan",
        "requester_relationship": "aunt_uncle",
        "requester_location": "Mombasa, Likoni",
        "given_name": "Zuberi",
        "family_name": "Hassan",
        "sex": Gender.MASCULINE,
        "approximate_age": 10,
        "last_seen_place": "Likoni ferry",
        "consent_to_trace": False,
        "consent_given_by": "",
    },
]


def load_demo_tracing(*, country, officer) -> list:
    """File the demo's tracing requests in `country` as `officer` and match them at once."""
    filed = []
    for data in REQUESTS:
        request = file_request(
            country=country, acting_user=officer, age_as_of=timezone.localdate(), **dict(data)
        )
        if request.consent_to_trace:
            match_request(request, acting_user=officer)
        filed.append(request)
    return filed
