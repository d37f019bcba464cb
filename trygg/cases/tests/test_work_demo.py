"""The demo shows cases: some opened through the services, a small generated caseload around them."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from trygg.accounts.models import User
from trygg.audit.models import AuditEvent
from trygg.cases.models import Case, CaseEvent
from trygg.cases.services.work import WorkKind, caseload, work_for
from trygg.cases.synthetic.demo import GENERATED_PER_COUNTRY, OPENED


def test_demo_cases_are_opened_by_the_demo_caseworkers_and_show_work_due(db, login):
    call_command("load_demo", stdout=StringIO())
    caseworker = User.objects.get(email="caseworker.ke@demo.example.org")
    # The care demo opens cases of its own for the children it places (trygg.care.demo).
    opened = Case.objects.filter(created_by=caseworker, placement_requests=None)
    assert opened.count() == len(OPENED)
    for case in opened:
        assert AuditEvent.objects.filter(object_uuid=case.uuid, action=AuditEvent.Action.CREATE).exists()
        assert CaseEvent.objects.filter(case=case, kind="opened").exists()
    generated = Case.objects.filter(country__code="KE", created_by=None)
    assert generated.count() == GENERATED_PER_COUNTRY
    assert set(generated.exclude(assigned_worker=None).values_list("assigned_worker", flat=True)) == {
        caseworker.pk
    }

    work = work_for(caseworker)
    assert (WorkKind.FIRST_ACTION, True) in {(item.kind, item.overdue) for item in work.items}
    supervisor = User.objects.get(email="supervisor.ke@demo.example.org")
    assert {row.worker for row in caseload(supervisor).rows} >= {caseworker}
    page = login(caseworker).get(reverse("cases:my_work"))
    assert page.status_code == 200 and "Overdue" in page.content.decode()
