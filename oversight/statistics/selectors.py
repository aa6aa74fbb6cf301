"""Reads of the statistics return: its figures for a plan, a street, a district or the city over
a period, from the records in the user's scope, and a district's or the city's as the sum of
its streets' (each street from its records here, or from the return it sent: 逐级汇总).

Counted as (docs/architecture.md, "The statistics return"):
- planned: the compounds of the selection's plans of the period's year, their buildings and
  households (Building.households);
- started / completed: those compounds started (completed) by the period's end, for a month
  only those started (completed) in it, by the compound's status and day;
- effects: the quantities done in the period (daily log entries), by rules.EFFECT_SOURCES;
- money: what the compounds' budgets hold, and what was paid in the period.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse

from compounds.models import Building, Community, Compound, RenovationPlan, Street
from compounds.rules import COMPLETED_STATUSES, STARTED_STATUSES
from compounds.selectors import compound_list, started_between_q, street_list
from oversight.funds.models import FundAllocation, FundPayment
from progress.models import DailyLogEntry

from . import rules
from .models import ImportedReturn, PeriodKind

PLAN, STREET, DISTRICT, CITY = "plan", "street", "district", "city"


@dataclass(frozen=True)
class Selection:
    """What a return is made for: a plan, a street, a district or the whole city (what the
    user sees of it)."""

    level: str
    plan: RenovationPlan | None = None
    street: Street | None = None
    district: str = ""
    city: str = ""

    @property
    def name(self) -> str:
        if self.plan is not None:
            return self.plan.name
        if self.street is not None:
            return self.street.name
        return self.district or self.city


@dataclass
class Row:
    """One line of the breakdown: a community's or a street's figures, and where they come
    from (the records here, or a return the street sent)."""

    name: str
    figures: dict
    imported: ImportedReturn | None = None
    not_counted: dict = field(default_factory=dict)


def selection_compounds(*, user, selection: Selection, period: rules.Period):
    """Return the compounds the return counts: the selection's, in the user's scope, of the
    plans of the period's year (or of the plan chosen)."""
    compounds = compound_list(user=user)
    if selection.plan is not None:
        return compounds.filter(plan=selection.plan)
    compounds = compounds.filter(plan__year=period.end.year)
    if selection.street is not None:
        return compounds.filter(community__street=selection.street)
    if selection.district:
        return compounds.filter(community__street__district=selection.district)
    if selection.city:
        return compounds.filter(community__street__city=selection.city)
    return compounds


def started_q(period: rules.Period, kind: str) -> Q:
    """The compounds started by the period's end (in the period, for a month)."""
    start = period.start if kind == PeriodKind.MONTH else None
    return Q(status__in=STARTED_STATUSES) & started_between_q(start, period.end)


def completed_q(period: rules.Period, kind: str) -> Q:
    """The compounds completed by the period's end (in the period, for a month)."""
    lookup = Q(status__in=COMPLETED_STATUSES, completed_on__lte=period.end)
    return lookup & Q(completed_on__gte=period.start) if kind == PeriodKind.MONTH else lookup


def _grouped(queryset, field: str | None, **aggregates) -> dict:
    """Return ``aggregates`` of ``queryset`` per value of ``field`` (None: one group, None)."""
    if field is None:
        return {None: queryset.aggregate(**aggregates)}
    rows = queryset.order_by().values(field).annotate(**aggregates)
    return {row[field]: row for row in rows}


def figures_by(compounds, *, group: str | None, period: rules.Period, kind: str) -> dict:
    """Return the return's figures of ``compounds`` per value of ``group`` (a lookup from a
    compound: "community_id", "community__street_id"; None: all together), each with what its
    effects did not count, as ``{key: (figures, not_counted)}``: a fixed number of queries,
    however many groups."""

    def under(prefix):
        return f"{prefix}{group}" if group else None

    ids = compounds.values("pk")
    # Counted on the compounds alone: the list's annotations (its figures) would join rows.
    compounds = Compound.objects.filter(pk__in=ids)
    planned = _grouped(compounds, group, n=Count("pk"))
    started = _grouped(compounds.filter(started_q(period, kind)), group, n=Count("pk"))
    completed = _grouped(compounds.filter(completed_q(period, kind)), group, n=Count("pk"))
    buildings = Building.objects.filter(compound__in=ids)
    homes = _grouped(buildings, under("compound__"), n=Count("pk"), h=Sum("households"))
    homes_started = _grouped(
        buildings.filter(compound__in=compounds.filter(started_q(period, kind)).values("pk")),
        under("compound__"), h=Sum("households"),
    )  # fmt: skip
    homes_completed = _grouped(
        buildings.filter(compound__in=compounds.filter(completed_q(period, kind)).values("pk")),
        under("compound__"), h=Sum("households"),
    )  # fmt: skip
    entries = DailyLogEntry.objects.filter(
        work_item__compound__in=ids, log__date__gte=period.start, log__date__lte=period.end
    )
    fields = ["work_item__category", "work_item__unit"]
    if group:
        fields.insert(0, under("work_item__compound__"))
    done = {}
    for row in entries.order_by().values(*fields).annotate(quantity=Sum("quantity")):
        key = row[fields[0]] if group else None
        unit_key = (row["work_item__category"], row["work_item__unit"])
        done.setdefault(key, {})[unit_key] = row["quantity"] or 0
    budget = _grouped(
        FundAllocation.objects.filter(compound__in=ids), under("compound__"), total=Sum("amount")
    )
    paid = _grouped(
        FundPayment.objects.filter(
            allocation__compound__in=ids, paid_on__gte=period.start, paid_on__lte=period.end
        ),
        under("allocation__compound__"),
        total=Sum("amount"),
    )
    result = {}
    for key in planned:
        effects, not_counted = rules.effects_from(done.get(key, {}))
        figures = {
            "planned_compounds": planned[key]["n"] or 0,
            "planned_buildings": homes.get(key, {}).get("n") or 0,
            "planned_households": homes.get(key, {}).get("h") or 0,
            "started_compounds": started.get(key, {}).get("n") or 0,
            "started_households": homes_started.get(key, {}).get("h") or 0,
            "completed_compounds": completed.get(key, {}).get("n") or 0,
            "completed_households": homes_completed.get(key, {}).get("h") or 0,
            **effects,
            "budget": budget.get(key, {}).get("total") or Decimal("0.00"),
            "paid": paid.get(key, {}).get("total") or Decimal("0.00"),
        }
        result[key] = (figures, not_counted)
    return result


def latest_imports(streets, *, period: rules.Period, kind: str) -> dict:
    """Return each street's latest imported return of exactly this period, by street id."""
    kept = ImportedReturn.objects.filter(
        street__in=streets, period_kind=kind, period_start=period.start, period_end=period.end
    ).select_related("street", "imported_by")
    latest = {}
    for imported in kept.order_by("street_id", "-created", "-pk"):
        latest.setdefault(imported.street_id, imported)
    return latest


def statistics_return(*, user, selection: Selection, period: rules.Period, kind: str) -> dict:
    """Return the return of ``selection`` for the period: its figures and rates, what the
    effects did not count, the breakdown rows and the parameters of the lists behind it.

    The rows are a plan's or a street's communities, counted from the records, or a
    district's or the city's streets (逐级汇总): a street's row is its latest imported return
    of the period when it sent one, else its records here. The figures are the rows' sum
    (rules.add_up)."""
    compounds = selection_compounds(user=user, selection=selection, period=period)
    if selection.level in (PLAN, STREET):
        by_community = figures_by(compounds, group="community_id", period=period, kind=kind)
        communities = Community.objects.filter(pk__in=by_community.keys()).order_by("name")
        rows = [Row(community.name, *by_community[community.pk]) for community in communities]
    else:
        streets = street_list(user=user)
        if selection.district:
            streets = streets.filter(district=selection.district)
        if selection.city:
            streets = streets.filter(city=selection.city)
        imports = latest_imports(streets, period=period, kind=kind)
        by_street = figures_by(compounds, group="community__street_id", period=period, kind=kind)
        rows = []
        for street in streets.order_by("name"):
            if street.pk in imports:
                imported = imports[street.pk]
                row_figures = {key: Decimal(imported.figures[key]) for key in rules.KEYS}
                rows.append(Row(street.name, row_figures, imported=imported))
            elif street.pk in by_street:
                rows.append(Row(street.name, *by_street[street.pk]))
    # The selection's figures are its rows' sum, whichever way the rows were counted.
    figures = rules.add_up(row.figures for row in rows)
    not_counted = {}
    for row in rows:
        for key, units in row.not_counted.items():
            for unit, quantity in units.items():
                into = not_counted.setdefault(key, {})
                into[unit] = into.get(unit, 0) + quantity
    return {
        "figures": figures,
        "rates": rules.start_rates(figures),
        "not_counted": not_counted,
        "rows": [
            {
                "name": row.name,
                "figures": row.figures,
                "imported": row.imported,
                "rates": rules.start_rates(row.figures),
            }
            for row in rows
        ],  # fmt: skip
        "links": figure_links(_base_params(selection, period), period=period, kind=kind),
        "imported": any(row.imported for row in rows),
    }


def _base_params(selection: Selection, period: rules.Period) -> dict:
    if selection.plan is not None:
        return {"plan": selection.plan.pk}
    params = {"year": period.end.year}
    if selection.street is not None:
        params["street"] = selection.street.pk
    elif selection.district:
        params["district"] = selection.district
    elif selection.city:
        params["city"] = selection.city
    return params


def figure_links(base: dict, *, period: rules.Period, kind: str) -> dict:
    """Return the URL of the list behind each figure: the compound list, filtered as the
    figure counts (its count is the figure's, for the records this portal holds)."""
    compounds = reverse("compounds:compound_list")
    month = kind == PeriodKind.MONTH

    def url(path, params):
        return f"{path}?{urlencode(params, doseq=True)}"

    started = {**base, "started": "true", "started_on__lte": period.end.isoformat()}
    completed = {
        **base,
        "status": sorted(COMPLETED_STATUSES),
        "completed_on__lte": period.end.isoformat(),
    }
    if month:
        started["started_on__gte"] = completed["completed_on__gte"] = period.start.isoformat()
    links = {
        "planned_compounds": url(compounds, base),
        "planned_buildings": url(compounds, base),
        "planned_households": url(compounds, base),
        "started_compounds": url(compounds, started),
        "started_households": url(compounds, started),
        "completed_compounds": url(compounds, completed),
        "completed_households": url(compounds, completed),
        "budget": url(reverse("oversight:fund_list"), _fund_params(base)),
        "paid": url(reverse("oversight:fund_list"), _fund_params(base)),
    }
    for key, (category, _units) in rules.EFFECT_SOURCES.items():
        links[key] = url(compounds, {**base, "work": category})
    return links


def _fund_params(base: dict) -> dict:
    return {key: value for key, value in base.items() if key in ("plan", "street")}


def districts(*, user) -> list[str]:
    """Return the districts of the streets the user sees."""
    names = street_list(user=user).exclude(district="").values_list("district", flat=True)
    return sorted(set(names))
