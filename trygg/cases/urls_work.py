"""Work due: a worker's own list and a supervisor's caseload."""

from django.urls import path

from .views.work import CaseloadView, MyWorkView

urlpatterns = [
    path("work/", MyWorkView.as_view(), name="my_work"),
    path("caseload/", CaseloadView.as_view(), name="caseload"),
]
