"""Load the shipped default screening indicator lists and rule (idempotent; keeps administrators' edits)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from trygg.audit.models import AuditEvent
from trygg.audit.services import record_event
from trygg.cases.indicator_data import load_default_indicators


class Command(BaseCommand):
    help = (
        "Load the shipped draft indicator lists (ILO/EC child labour indicators) and the default "
        "screening rule. Safe to run again: lists and indicators an administrator edited are kept."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            report = load_default_indicators()
            record_event(AuditEvent.Action.UPDATE, detail={"load_indicators": report.as_dict()})
        self.stdout.write(
            "Indicator lists: {lists_created} created, {lists_updated} updated. Indicators: "
            "{indicators_created} created, {indicators_updated} updated. Kept {kept_admin_edits} "
            "administrator edits.".format(**report.as_dict())
        )
        if report.rule_created:
            self.stdout.write("Default screening rule created.")
        self.stdout.write("The shipped list is a draft, to be reviewed by the organisation.")
