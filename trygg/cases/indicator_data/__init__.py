"""The shipped default indicator lists and screening rule, and their loader (see README.md here).

`load_default_indicators()` is idempotent: lists and indicators are matched by code, created when
missing, brought up to date when unchanged since shipping, and left alone once an administrator
has edited them. A data migration passes its historical `apps`.
"""

import csv
import json
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent

# The dimension names used in the draft TSV -> ScreeningDimension codes.
DIMENSIONS = {
    "deceptive recruitment": "deceptive_recruitment",
    "coercive recruitment": "coercive_recruitment",
    "recruitment by abuse of vulnerability": "recruitment_abuse_of_vulnerability",
    "exploitative conditions of work": "exploitative_conditions",
    "exploitative conditions": "exploitative_conditions",
    "coercion at destination": "coercion_at_destination",
    "abuse of vulnerability at destination": "abuse_of_vulnerability_at_destination",
}
STRENGTHS = {"strong", "medium", "weak"}
DEFAULT_RULE_NOTE = (
    "Default from secondary summaries of the ILO/EC operational indicators (2009), not yet checked "
    "against the publication: at least 2 strong, or 1 strong + 1 medium or weak, or 3 medium, or "
    "2 medium + 1 weak."
)


@dataclass
class LoadReport:
    lists_created: int = 0
    lists_updated: int = 0
    indicators_created: int = 0
    indicators_updated: int = 0
    kept_admin_edits: int = 0
    rule_created: bool = False

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def shipped_lists() -> list[dict]:
    return json.loads((DATA_DIR / "lists.json").read_text(encoding="utf-8"))


def shipped_indicators(file_name: str, list_code: str) -> list[dict]:
    """Rows of a shipped TSV for one list, in file order, checked for the codes they use."""
    rows = []
    with (DATA_DIR / file_name).open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle, delimiter="\t"), start=1):
            if row["list"] != list_code:
                continue
            dimension = DIMENSIONS.get(row["dimension"].strip().lower())
            strength = row["draft_strength"].strip().lower()
            if dimension is None or strength not in STRENGTHS or not row["code"].strip():
                raise ValueError(f"{file_name} row {number}: unknown dimension, strength or missing code")
            translations = {"nb": row["indicator_nb"].strip()} if row.get("indicator_nb", "").strip() else {}
            rows.append(
                {
                    "code": row["code"].strip(),
                    "dimension": dimension,
                    "strength": strength,
                    "text": row["indicator"].strip(),
                    "translations": translations,
                    "order": number,
                }
            )
    return rows


def _models(apps):
    if apps is None:
        from trygg.cases.models import Indicator, IndicatorList, ScreeningRule

        return IndicatorList, Indicator, ScreeningRule
    return (
        apps.get_model("cases", "IndicatorList"),
        apps.get_model("cases", "Indicator"),
        apps.get_model("cases", "ScreeningRule"),
    )


def _apply(obj, values: dict) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.version += 1
        obj.save()
    return changed


def load_default_indicators(apps=None) -> LoadReport:
    """Create or refresh the shipped lists, indicators and default rule; keep administrators' edits."""
    from django.db import transaction

    from trygg.cases.services.screening_rule import DEFAULT_COMBINATIONS

    IndicatorList, Indicator, ScreeningRule = _models(apps)
    report = LoadReport()
    with transaction.atomic():
        for spec in shipped_lists():
            list_values = {
                "name": spec["name"],
                "name_translations": spec.get("name_translations", {}),
                "description": spec.get("description", ""),
                "description_translations": spec.get("description_translations", {}),
                "source": spec.get("source", ""),
                "is_draft": spec.get("is_draft", True),
            }
            indicator_list = IndicatorList.objects.filter(code=spec["code"]).first()
            if indicator_list is None:
                indicator_list = IndicatorList.objects.create(code=spec["code"], **list_values)
                report.lists_created += 1
            elif indicator_list.edited_by_admin:
                report.kept_admin_edits += 1
            elif _apply(indicator_list, list_values):
                report.lists_updated += 1
            existing = {i.code: i for i in Indicator.objects.filter(indicator_list=indicator_list)}
            for row in shipped_indicators(spec["file"], spec["code"]):
                code = row.pop("code")
                indicator = existing.get(code)
                if indicator is None:
                    Indicator.objects.create(indicator_list=indicator_list, code=code, **row)
                    report.indicators_created += 1
                elif indicator.edited_by_admin:
                    report.kept_admin_edits += 1
                elif _apply(indicator, row):
                    report.indicators_updated += 1
        if not ScreeningRule.objects.filter(country__isnull=True).exists():
            ScreeningRule.objects.create(
                country=None, combinations=list(DEFAULT_COMBINATIONS), note=DEFAULT_RULE_NOTE
            )
            report.rule_created = True
    return report
