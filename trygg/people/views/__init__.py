"""People pages. One module per record type; `base` holds what they share."""

from .households import (
    HouseholdCreateView,
    HouseholdDetailView,
    HouseholdEditView,
    HouseholdListView,
    HouseholdMemberAddView,
    HouseholdMemberRemoveView,
)
from .lookups import PersonSuggestionsView, PlaceOptionsView
from .persons import PersonCreateView, PersonDeleteView, PersonDetailView, PersonEditView, PersonListView
from .relationships import RelationshipAddView, RelationshipRemoveView

__all__ = [
    "HouseholdCreateView",
    "HouseholdDetailView",
    "HouseholdEditView",
    "HouseholdListView",
    "HouseholdMemberAddView",
    "HouseholdMemberRemoveView",
    "PersonCreateView",
    "PersonDeleteView",
    "PersonDetailView",
    "PersonEditView",
    "PersonListView",
    "PersonSuggestionsView",
    "PlaceOptionsView",
    "RelationshipAddView",
    "RelationshipRemoveView",
]
