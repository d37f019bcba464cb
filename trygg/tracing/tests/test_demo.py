"""The demo shows the tracing flow: requests with proposed matches, one across countries."""

from io import StringIO

import pytest
from django.core.management import call_command

from trygg.accounts.models import User

from ..codes import RequestStatus
from ..models import MatchProposal, TracingRequest
from ..services.review import sees_child


@pytest.mark.django_db
def test_the_demo_has_requests_with_proposed_matches():
    call_command("load_demo", stdout=StringIO())
    requests = TracingRequest.objects.filter(country__code="KE")
    assert requests.count() == 3
    assert requests.filter(status=RequestStatus.MATCH_PROPOSED).count() == 2
    assert requests.filter(consent_to_trace=False, status=RequestStatus.OPEN).count() == 1
    kevin = MatchProposal.objects.get(request__given_name="Kelvin")
    assert kevin.child.full_name == "Kevin Ochieng" and kevin.child_country.code == "KE"
    roshan = MatchProposal.objects.get(request__given_name="Roshan")
    assert roshan.child.full_name == "Roshan Lama" and roshan.child_country.code == "NP"
    kenya = User.objects.get(email="tracing.ke@demo.example.org")
    nepal = User.objects.get(email="tracing.np@demo.example.org")
    assert not sees_child(kenya, roshan) and sees_child(nepal, roshan)
