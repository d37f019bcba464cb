"""Sections of the case page, contributed by each part of the cases app.

The case page (owned by the case core) renders every registered panel in order. A part registers
its panel at import time (its module is imported from `CasesConfig.ready`):

    register_panel("screening", order=20, template="cases/identification/panel.html",
                   context=screening_panel_context)

`context(case, request)` returns the panel's template context; it must use `for_user` for every
query and return a constant number of queries. A panel that needs a sensitive permission checks
it itself and says the section exists without showing its content.

On a case the user may see as a summary only (after a transfer, see
`services.transfer.visible_in_full`) only the panels registered with `in_summary=True` are
rendered (the transfer record); the others are not even asked for their context.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    order: int
    template: str
    context: Callable
    in_summary: bool = False


_PANELS: dict[str, Panel] = {}


def register_panel(
    name: str, *, order: int, template: str, context: Callable, in_summary: bool = False
) -> None:
    _PANELS[name] = Panel(name, order, template, context, in_summary)


def panels(*, summary_only: bool = False) -> list[Panel]:
    """The panels in page order; on a summary, only those that belong to it."""
    chosen = [panel for panel in _PANELS.values() if panel.in_summary or not summary_only]
    return sorted(chosen, key=lambda panel: panel.order)
