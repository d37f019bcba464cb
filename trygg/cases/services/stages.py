"""What each stage of a case needs before the case may enter it.

Each part of the cases app registers the checks it owns (e.g. management registers "an assessment
is completed" for case planning). `advance_stage` in services/case.py runs them all and refuses
with every unmet requirement named.

    register_requirement(Stage.CASE_PLANNING, assessment_completed)

A check is `check(case) -> str | None`: None when met, else a translated sentence saying what is
missing ("Complete the assessment before planning.").
"""

from collections.abc import Callable

_REQUIREMENTS: dict[str, list[Callable]] = {}


def register_requirement(stage: str, check: Callable) -> None:
    checks = _REQUIREMENTS.setdefault(stage, [])
    if check not in checks:
        checks.append(check)


def unmet_requirements(case, stage: str) -> list[str]:
    return [message for check in _REQUIREMENTS.get(stage, []) if (message := check(case))]
