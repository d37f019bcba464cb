"""Pages for managing a case: `<case uuid>/...` adds to a case, `<part>/<uuid>/...` acts on a record."""

from django.urls import path

from .views import management as views
from .views import transfer as transfer_views

urlpatterns = [
    path("approvals/", views.ApprovalQueueView.as_view(), name="approvals"),
    # Assessment
    path("<uuid:uuid>/assessments/new/", views.AssessmentCreateView.as_view(), name="assessment_add"),
    path("assessments/<uuid:uuid>/", views.AssessmentDetailView.as_view(), name="assessment_detail"),
    path("assessments/<uuid:uuid>/edit/", views.AssessmentEditView.as_view(), name="assessment_edit"),
    path(
        "assessments/<uuid:uuid>/complete/",
        views.AssessmentCompleteView.as_view(),
        name="assessment_complete",
    ),
    # Case plan
    path("<uuid:uuid>/plans/new/", views.CasePlanCreateView.as_view(), name="case_plan_add"),
    path("plans/<uuid:uuid>/", views.CasePlanDetailView.as_view(), name="case_plan_detail"),
    path("plans/<uuid:uuid>/edit/", views.CasePlanEditView.as_view(), name="case_plan_edit"),
    path("plans/<uuid:uuid>/submit/", views.CasePlanSubmitView.as_view(), name="case_plan_submit"),
    path("plans/<uuid:uuid>/decide/", views.CasePlanDecideView.as_view(), name="case_plan_decide"),
    path("plans/<uuid:uuid>/goals/new/", views.GoalAddView.as_view(), name="case_plan_goal_add"),
    path("plan-goals/<uuid:uuid>/edit/", views.GoalEditView.as_view(), name="case_plan_goal_edit"),
    path("plan-goals/<uuid:uuid>/remove/", views.GoalRemoveView.as_view(), name="case_plan_goal_remove"),
    path("plans/<uuid:uuid>/actions/new/", views.ActionAddView.as_view(), name="case_plan_action_add"),
    path("plan-actions/<uuid:uuid>/edit/", views.ActionEditView.as_view(), name="case_plan_action_edit"),
    path(
        "plan-actions/<uuid:uuid>/remove/", views.ActionRemoveView.as_view(), name="case_plan_action_remove"
    ),
    # Services and referrals, follow-ups, notes
    path("<uuid:uuid>/services/new/", views.ServiceAddView.as_view(), name="service_add"),
    path("services/<uuid:uuid>/edit/", views.ServiceEditView.as_view(), name="service_edit"),
    path("<uuid:uuid>/follow-ups/new/", views.FollowUpAddView.as_view(), name="follow_up_add"),
    path("follow-ups/<uuid:uuid>/edit/", views.FollowUpEditView.as_view(), name="follow_up_edit"),
    path("<uuid:uuid>/notes/new/", views.NoteAddView.as_view(), name="note_add"),
    path("notes/<uuid:uuid>/edit/", views.NoteEditView.as_view(), name="note_edit"),
    # Transfers between countries
    path("transfers/", transfer_views.TransferListView.as_view(), name="transfers"),
    path("<uuid:uuid>/transfer/", transfer_views.TransferRequestView.as_view(), name="transfer_request"),
    path("transfers/<uuid:uuid>/", transfer_views.TransferDetailView.as_view(), name="transfer_detail"),
    path(
        "transfers/<uuid:uuid>/decide/", transfer_views.TransferDecideView.as_view(), name="transfer_decide"
    ),
    path("transfers/<uuid:uuid>/share/", transfer_views.TransferShareView.as_view(), name="transfer_share"),
]
