"""Pure rules of the district inspections: the street's figures frozen on a visit (which they
are, what each is called and which way is better), and how the figures of two visits and of
today compare (figures flattened to numbers, their changes and trends). No database."""

import datetime
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from progress.choices import RaisedBy, RectificationSource

FIGURES_VERSION = 1
# A plan's figures frozen on a visit: plan_summary()'s totals.
PLAN_FIGURES = ("compounds", "started", "start_rate", "completed", "buildings", "households",
                "floor_area")  # fmt: skip
# The residents' voice of a plan: oversight.opinions.selectors.opinion_figures().
OPINION_FIGURES = ("received", "answered", "overdue", "median_reply_days")

# What each figure is called on the page, and which way is better (1 up, -1 down, 0 neither).
FIGURE_LABELS = {
    "compounds": (gettext_lazy("compounds in the plan"), 0),
    "started": (gettext_lazy("compounds started"), 1),
    "start_rate": (gettext_lazy("start rate (%)"), 1),
    "completed": (gettext_lazy("compounds completed"), 1),
    "buildings": (gettext_lazy("buildings"), 0),
    "households": (gettext_lazy("households"), 0),
    "floor_area": (gettext_lazy("floor area (m²)"), 0),
    "received": (gettext_lazy("residents' opinions received"), 0),
    "answered": (gettext_lazy("opinions answered"), 1),
    "overdue": (gettext_lazy("opinions waiting too long for a reply"), -1),
    "median_reply_days": (gettext_lazy("median days to reply"), -1),
}


# --- Figures ---------------------------------------------------------------------------------


def _plain(value):
    """Return a figure as JSON keeps it: Decimals as strings, numbers and None as they are."""
    if isinstance(value, Decimal):
        return str(value)
    return value


def _number(value):
    """Return a kept figure as a number to compare: int, Decimal or None."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def _flatten(figures: dict | None) -> dict:
    """Return the figures kept on a visit as {key: (section, label, value, better)}; the keys
    are stable between visits (a plan by its id, a problem source or level by its value)."""
    flat = {}
    if not figures:
        return flat
    for plan in figures.get("plans", []):
        section = plan.get("name") or str(plan.get("year", ""))
        for key in PLAN_FIGURES:
            label, better = FIGURE_LABELS[key]
            value = _number(plan.get(key))
            if key == "floor_area" and value is not None:
                value = Decimal(value).quantize(Decimal(1))  # whole m² are enough to compare
            flat[f"plan:{plan.get('id')}:{key}"] = (section, label, value, better)
        for key in OPINION_FIGURES:
            label, better = FIGURE_LABELS[key]
            value = _number((plan.get("opinions") or {}).get(key))
            flat[f"plan:{plan.get('id')}:opinions:{key}"] = (section, label, value, better)
    problems = figures.get("problems") or {}
    section = _("Problems to fix (整改)")
    flat["problems:open"] = (section, _("problems open"), _number(problems.get("open")), -1)
    flat["problems:overdue"] = (
        section, _("problems past their deadline"), _number(problems.get("overdue")), -1,
    )  # fmt: skip
    groups = {
        "by_source": (RectificationSource, _("Open problems by source")),
        "by_level": (RaisedBy, _("Open problems by the level that raised them")),
    }
    for group, (choices, group_section) in groups.items():
        for value, counts in (problems.get(group) or {}).items():
            try:
                name = choices(value).label
            except ValueError:
                name = value
            flat[f"problems:{group}:{value}:open"] = (
                group_section, name, _number(counts.get("open")), -1,
            )  # fmt: skip
            flat[f"problems:{group}:{value}:overdue"] = (
                group_section,
                _("%(name)s: past their deadline") % {"name": name},
                _number(counts.get("overdue")),
                -1,
            )
    return flat


def _change(new, old):
    if new is None or old is None:
        return None
    return new - old


def _trend(change, better: int) -> str | None:
    """Return "better" or "worse" for a change of a figure with a better direction,
    "changed" for one without, "same" for no change, None when there is nothing to compare."""
    if change is None:
        return None
    if change == 0:
        return "same"
    if not better:
        return "changed"
    return "better" if (change > 0) == (better > 0) else "worse"


def _day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
