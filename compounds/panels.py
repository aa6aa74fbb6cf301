"""Panels other apps add to a compound's page, so the register need not import them.

An app registers, from its AppConfig.ready(), a template and a function of (compound, user)
returning that template's context (or None to show nothing).
"""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    context: Any  # callable(compound, user) -> dict | None
    order: int = 100


PANELS: list[Panel] = []


def register(panel: Panel) -> None:
    PANELS.append(panel)
    PANELS.sort(key=lambda p: p.order)


def panels_for(compound, user) -> list[dict]:
    """Return each registered panel's template and context for this compound and user."""
    shown = []
    for panel in PANELS:
        context = panel.context(compound, user)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
