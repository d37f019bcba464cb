from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("new/", views.PersonCreateView.as_view(), name="person_create"),
    path("<uuid:uuid>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<uuid:uuid>/edit/", views.PersonEditView.as_view(), name="person_edit"),
    path("<uuid:uuid>/delete/", views.PersonDeleteView.as_view(), name="person_delete"),
    path("<uuid:uuid>/relationships/add/", views.RelationshipAddView.as_view(), name="relationship_add"),
    path(
        "relationships/<uuid:uuid>/remove/",
        views.RelationshipRemoveView.as_view(),
        name="relationship_remove",
    ),
    path("households/", views.HouseholdListView.as_view(), name="household_list"),
    path("households/new/", views.HouseholdCreateView.as_view(), name="household_create"),
    path("households/<uuid:uuid>/", views.HouseholdDetailView.as_view(), name="household_detail"),
    path("households/<uuid:uuid>/edit/", views.HouseholdEditView.as_view(), name="household_edit"),
    path(
        "households/<uuid:uuid>/members/add/",
        views.HouseholdMemberAddView.as_view(),
        name="household_member_add",
    ),
    path(
        "households/members/<uuid:uuid>/remove/",
        views.HouseholdMemberRemoveView.as_view(),
        name="household_member_remove",
    ),
    path("lookup/persons/", views.PersonSuggestionsView.as_view(), name="person_suggestions"),
    path("lookup/places/", views.PlaceOptionsView.as_view(), name="place_options"),
]
