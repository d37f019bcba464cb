"""Case core pages: list, case page, opening, steps on a case, consent, settings."""

from django.urls import path

from .views import case, case_actions, case_config, export

urlpatterns = [
    path("", case.CaseListView.as_view(), name="case_list"),
    path("new/", case.CaseOpenView.as_view(), name="case_open"),
    path("export.csv", export.CaseExportView.as_view(), name="case_export"),
    path("<uuid:uuid>/", case.CaseDetailView.as_view(), name="case_detail"),
    path("<uuid:uuid>/stage/", case_actions.StageView.as_view(), name="case_stage"),
    path("<uuid:uuid>/risk/", case_actions.RiskView.as_view(), name="case_risk"),
    path("<uuid:uuid>/first-action/", case_actions.FirstActionView.as_view(), name="case_first_action"),
    path("<uuid:uuid>/assign/", case_actions.AssignView.as_view(), name="case_assign"),
    path("<uuid:uuid>/closure/", case_actions.ClosureRequestView.as_view(), name="case_closure_request"),
    path(
        "<uuid:uuid>/closure/decide/", case_actions.ClosureDecisionView.as_view(), name="case_closure_decide"
    ),
    path("<uuid:uuid>/reopen/", case_actions.ReopenView.as_view(), name="case_reopen"),
    path("<uuid:uuid>/consents/new/", case_actions.ConsentAddView.as_view(), name="consent_add"),
    path("<uuid:uuid>/legal-bases/new/", case_actions.LegalBasisAddView.as_view(), name="legal_basis_add"),
    path(
        "consents/<uuid:uuid>/withdraw/", case_actions.ConsentWithdrawView.as_view(), name="consent_withdraw"
    ),
    path(
        "legal-bases/<uuid:uuid>/decide/",
        case_actions.LegalBasisDecisionView.as_view(),
        name="legal_basis_decide",
    ),
    path("settings/deadlines/", case_config.DeadlinesIndexView.as_view(), name="deadlines_index"),
    path("settings/deadlines/<str:code>/", case_config.DeadlinesView.as_view(), name="deadlines"),
]
