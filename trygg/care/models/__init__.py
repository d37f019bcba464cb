from .homes import CareHome, CareSettings
from .life import AftercareContact, ContactRestriction, FamilyContact, IncidentAction, SafeguardingIncident
from .placements import CareReview, Placement, PlacementRequest

__all__ = [
    "CareHome",
    "CareSettings",
    "PlacementRequest",
    "Placement",
    "CareReview",
    "FamilyContact",
    "ContactRestriction",
    "SafeguardingIncident",
    "IncidentAction",
    "AftercareContact",
]
