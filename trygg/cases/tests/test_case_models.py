"""The case model and its factory."""

import re

from trygg.cases.codes import CaseStatus, Stage
from trygg.cases.tests.factories_case import CaseFactory


def test_factory_builds_a_case_like_open_case(world):
    case = CaseFactory(status=CaseStatus.CLOSED, stage=Stage.CLOSURE)
    again = CaseFactory(child=case.child, country=case.country)
    assert re.fullmatch(r"KE-\d{4}-\d{6}", case.reference)
    assert case.child.country_id == case.country_id
    assert (case.episode, again.episode) == (1, 2)
    assert case.first_action_due > case.identified_at
