"""Forms for the care pages. Plain forms: the services do the writing, never `form.save()`.

Choice fields are restricted like querysets: homes, villages, persons and carers the user may
see in the record's country; homes of another country are never offered.
"""

from .gatekeeping import (
    AssessmentForm,
    DecisionForm,
    PlaceForm,
    PlacementRequestForm,
    RequestFilter,
    WithdrawForm,
)
from .homes import HomeFilter, HomeForm
from .life import (
    ActionDoneForm,
    CloseIncidentForm,
    ContactUpdateForm,
    FamilyContactForm,
    IncidentActionForm,
    IncidentForm,
    LiftForm,
    RestrictionForm,
    SettingsForm,
)
from .placements import AftercareForm, CarePlanForm, EndForm, MoveForm, PlacementFilter, ReviewForm

__all__ = [
    "ActionDoneForm",
    "AftercareForm",
    "AssessmentForm",
    "CarePlanForm",
    "CloseIncidentForm",
    "ContactUpdateForm",
    "DecisionForm",
    "EndForm",
    "FamilyContactForm",
    "HomeFilter",
    "HomeForm",
    "IncidentActionForm",
    "IncidentForm",
    "LiftForm",
    "MoveForm",
    "PlaceForm",
    "PlacementFilter",
    "PlacementRequestForm",
    "RequestFilter",
    "RestrictionForm",
    "ReviewForm",
    "SettingsForm",
    "WithdrawForm",
]
