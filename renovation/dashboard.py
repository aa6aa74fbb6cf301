"""The inspectors' dashboard: its filters, its figures (read through each app's selectors, in a
fixed number of queries whatever the size of the register), its charts, its cache and its
workbook. The view in renovation/views.py only wires these together."""

import datetime
import hashlib
import logging
from collections import Counter
from decimal import Decimal
from typing import NamedTuple

from django import forms
from django.db import connection, models
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common import clock
from common.forms import ID_RANGE
from common.workbooks import BOLD, PERCENT_FORMAT, append, new_workbook, sheet_title, xlsx_bytes
from compounds import rules as register_rules
from compounds import selectors as register
from compounds.models import Community, RenovationPlan, Street
from oversight.funds import rules as fund_rules
from oversight.funds import selectors as funds
from oversight.opinions import selectors as voice
from oversight.opinions.choices import TOPIC_CHOICES
from oversight.organisation import selectors as organisation
from progress import selectors as progress
from progress.choices import RaisedBy, RectificationSource

from . import dashboard_cache
from .models import DashboardCell, band_field, problem_fields, topic_field

logger = logging.getLogger(__name__)

ALL_PLANS = "all"
MONTHS_SHOWN = 24  # starts per month up to two years of them, per year beyond
CACHE_SECONDS = 600
FILTER_NAMES = ("plan", "street", "community", "start", "end")


class PlanChoice(NamedTuple):
    pk: int
    name: str
    street_id: int


def _plan(choice):
    if choice is None:
        return None
    return RenovationPlan.objects.select_related("street").get(pk=choice.pk)


class DashboardFilterForm(forms.Form):
    """What the figures cover: a plan (or every plan in the user's scope), a street, a
    community, and a period for the figures that happen on a day (starts, problems raised,
    opinions received)."""

    plan = forms.ChoiceField(label=gettext_lazy("renovation plan"), required=False)
    street = forms.ModelChoiceField(
        label=gettext_lazy("street"), queryset=None, required=False, empty_label=gettext_lazy("all")
    )
    community = forms.ModelChoiceField(
        label=gettext_lazy("community"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("all"),
    )
    start = forms.DateField(
        label=gettext_lazy("from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=gettext_lazy("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *, user):
        super().__init__(data)
        # (pk, name, street id): a city has hundreds of plans; only the chosen one is loaded.
        self.plans = [
            PlanChoice(*row)
            for row in register.plan_list(user=user)
            .select_related(None)
            .order_by("-year", "street__name", "pk")
            .values_list("pk", "name", "street_id")
        ]
        streets = {plan.street_id for plan in self.plans}
        self.several_streets = len(streets) > 1
        self.default_plan = (
            ALL_PLANS if self.several_streets or not self.plans else str(self.plans[0].pk)
        )
        # A city has hundreds of plans and communities: the lists offer those of the street
        # the page is about (chosen, or the plan's, or the community's, or the only one).
        street_id = self._street_of(data, streets)
        shown = [plan for plan in self.plans if street_id is None or plan.street_id == street_id]
        if street_id is None and self.several_streets:
            shown = []
            self.fields["plan"].help_text = _("Choose a street to pick one of its plans.")
            self.fields["community"].help_text = _("Choose a street to pick a community.")
        self.fields["plan"].choices = [(ALL_PLANS, _("all plans"))] + [
            (str(plan.pk), plan.name) for plan in shown
        ]
        self.fields["street"].queryset = register.street_list(user=user).order_by("name", "pk")
        communities = register.community_list(user=user).order_by("name", "pk")
        self.fields["community"].queryset = (
            communities.filter(street_id=street_id) if street_id else communities.none()
        )
        if not self.several_streets:
            del self.fields["street"]
        # The lists' options, written out by the template (Django's widget templates take
        # longer to render fifty options than the dashboard takes to count them).
        picked = {name: str(data.get(name) or "") for name in ("plan", "street", "community")}
        picked["plan"] = picked["plan"] or self.default_plan
        self.options = {
            "plan": self.fields["plan"].choices,
            "street": [("", _("all"))]
            + list(self.fields["street"].queryset.values_list("pk", "name"))
            if "street" in self.fields
            else [],
            "community": [("", _("all"))]
            + list(self.fields["community"].queryset.values_list("pk", "name")),
        }
        self.options = {
            name: [
                {"value": str(value), "label": label, "selected": str(value) == picked[name]}
                for value, label in options
            ]
            for name, options in self.options.items()
        }

    def rows(self):
        """Each field with its options written out (None for the date fields)."""
        return [{"field": field, "options": self.options.get(field.name)} for field in self]

    def _street_of(self, data, streets):
        if len(streets) == 1:
            return next(iter(streets))
        for name, read in (
            ("street", lambda pk: pk),
            ("plan", lambda pk: next((p.street_id for p in self.plans if p.pk == pk), None)),
            ("community", lambda pk: Community.objects.filter(pk=pk).values_list(
                "street_id", flat=True).first()),
        ):  # fmt: skip
            value = str(data.get(name) or "")
            # An id past 64 bits names nothing (SQLite cannot even be asked: OverflowError).
            if value.isascii() and value.isdigit() and int(value) <= ID_RANGE[1]:
                found = read(int(value))
                if found is not None:
                    return found
        return None

    def clean_plan(self):
        return self.cleaned_data.get("plan") or self.default_plan

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        # A plan or community of another street than the page's is not among the choices
        # (see __init__), so the fields themselves refuse it.
        return cleaned

    def chosen_plan(self):
        """Return the chosen plan, None for every plan."""
        value = getattr(self, "cleaned_data", {}).get("plan") or self.default_plan
        if getattr(self, "_chosen", (None,))[0] != value:
            self._chosen = (value, _plan(next((p for p in self.plans if str(p.pk) == value), None)))
        return self._chosen[1]


def filters_of(form: DashboardFilterForm) -> dict:
    """Return what the figures cover: the form's values when it is valid, else the defaults
    (every figure unfiltered but for the default plan)."""
    if form.is_valid():
        data = form.cleaned_data
        return {
            "plan": form.chosen_plan(),
            "street": data.get("street"),
            "community": data.get("community"),
            "start": data.get("start"),
            "end": data.get("end"),
        }
    default = next((p for p in form.plans if str(p.pk) == form.default_plan), None)
    return {"plan": _plan(default), "street": None, "community": None, "start": None, "end": None}


def dashboard_figures(*, user, plan=None, street=None, community=None, start=None, end=None,
                      today=None) -> dict:  # fmt: skip
    """Return every figure of the dashboard for the user's scope, narrowed by the filters.

    The figures come from the summary rows (renovation.cells), added up in one query: what
    changes with the records, and what changes with the day as well, as of the day the rows
    were computed (the writes and a nightly task keep them of today). What the rows cannot
    hold is read from the records on their indexes: the ten compounds latest to start, the
    median time to reply, the starts per month, the participation ledger; and, for a period,
    what happened in it. A user who sees a single compound reads everything from the records:
    a summary row holds several compounds.
    """
    today = today or clock.today()
    selection = register.Selection(
        user=user,
        plan_id=plan.pk if plan else None,
        street_id=street.pk if street else None,
        community_id=community.pk if community else None,
    )
    period = bool(start or end)
    summary = None
    if register.scope_for(user).level >= register.Level.COMMUNITY:
        cells = summary_cells(selection)
        by_street = not (plan or street or community) and (
            cells.values("street_id").distinct().count() > 1
        )
        summary = summarise(cells, by_street=by_street, today=today)
    totals = summary["totals"] if summary else None
    of_today = bool(summary and summary["of_today"])
    counted = {}
    if summary:
        counted["demolition"] = {
            "items": totals["demolition_items"],
            "planned": totals["demolition_planned"],
            "done": totals["demolition_done"],
            "area": totals["demolition_area"],
        }
    if of_today:
        counted["overdue_milestones"] = totals["milestones_overdue"]
        counted["compounds_with_overdue_milestones"] = totals["milestone_compounds"]
        if not period:
            counted["problems"] = problems_of(totals)
    figures = {
        "today": today,
        "plan": plan,
        "street": street,
        "community": community,
        "start": start,
        "end": end,
        "by_street": bool(summary and summary["by_street"]),
        "register": (
            register_from_summary(summary, selection, today=today, start=start, end=end)
            if summary
            else register.register_figures(selection=selection, today=today, start=start, end=end)
        ),
        "progress": progress.progress_figures(
            selection=selection, today=today, start=start, end=end, counted=counted
        ),
        "voice": None,
        "funds": None,
        "participation": None,
    }
    if user.has_perm("oversight.view_opinion"):
        known = None
        if summary and not period:
            known = {
                "received": totals["opinions_received"],
                "answered": totals["opinions_answered"],
                "topics": summary["topics"],
            }
            if of_today:
                known["overdue"] = totals["opinions_overdue"]
        figures["voice"] = voice.opinion_figures(
            selection=selection,
            since=_midnight(start),
            until=_midnight(end + datetime.timedelta(days=1)) if end else None,
            known=known,
        )
    if user.has_perm("oversight.view_fundallocation"):
        if summary:
            figures["funds"] = {
                **fund_rules.budget_figures(totals["fund_planned"], totals["fund_paid"]),
                "with_budget": totals["fund_compounds"],
                "payments": totals["fund_payments"],
            }
        else:
            figures["funds"] = funds.fund_figures(selection=selection)
    if user.has_perm("oversight.view_participant"):
        figures["participation"] = organisation.participation_totals(selection=selection)
    return figures


def problems_of(totals) -> dict:
    """The open problems by source and by level (progress.selectors.rectification_summary's
    shape) from the summary rows' sums; their ages in all."""
    result = {"total": 0}
    for kind, choices in (("source", RectificationSource), ("level", RaisedBy)):
        rows = []
        for value, label in choices.choices:
            total, overdue = (totals[name] for name in problem_fields(kind, value))
            if total:
                rows.append({kind: value, "value": value, "label": label, "total": total,
                             "overdue": overdue})  # fmt: skip
        result[f"by_{kind}"] = rows
    result["total"] = sum(row["total"] for row in result["by_source"])
    result["overdue"] = sum(row["overdue"] for row in result["by_source"])
    result["ages"] = {age: totals[f"problems_{age}"] for age in ("week", "month", "older")}
    return result


ZERO = Decimal(0)
# Every count and amount of a summary row is added up.
SUMMED = tuple(
    field.name
    for field in DashboardCell._meta.concrete_fields
    if isinstance(field, models.PositiveIntegerField | models.DecimalField)
)


def summary_cells(selection):
    """The summary rows (renovation.models.DashboardCell) the selection covers, inside the
    user's scope."""
    cells = DashboardCell.objects.all()
    scope = register.scope_for(selection.user)
    if scope.level == register.Level.STREET:
        cells = cells.filter(street_id=scope.street_id)
    elif scope.level == register.Level.COMMUNITY:
        cells = cells.filter(community_id=scope.community_id)
    elif scope.level < register.Level.COMMUNITY:
        cells = cells.none()
    if selection.plan_id:
        cells = cells.filter(plan_id=selection.plan_id)
    if selection.street_id:
        cells = cells.filter(street_id=selection.street_id)
    if selection.community_id:
        cells = cells.filter(community_id=selection.community_id)
    return cells.order_by()


def summarise(cells, *, by_street: bool, today) -> dict:
    """Add the summary rows up in the database, per street or community (the table), in one
    query (written out: compiling some forty sums through the ORM took longer than running
    them), then their names; and in all."""
    group = "street" if by_street else "community"
    inner, params = cells.values("pk").query.sql_with_params()
    sums = ", ".join(f"SUM({name})" for name in SUMMED)
    sql = (
        f"SELECT {group}_id, MIN(as_of), {sums} "  # noqa: S608  our names
        f"FROM {DashboardCell._meta.db_table} "
        f"WHERE id IN ({inner}) GROUP BY {group}_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    model = Street if by_street else Community
    names = dict(model.objects.filter(pk__in=[row[0] for row in rows]).values_list("pk", "name"))
    groups = []
    oldest = None
    for key, as_of, *values in rows:
        if isinstance(as_of, str):  # SQLite
            as_of = datetime.date.fromisoformat(as_of)
        oldest = as_of if oldest is None or (as_of and as_of < oldest) else oldest
        group_row = {f"{group}_id": key, f"{group}__name": names.get(key, ""), "as_of": as_of}
        for name, value in zip(SUMMED, values, strict=True):
            group_row[f"sum_{name}"] = READ_AS[name](value) if value is not None else 0
        groups.append(group_row)
    totals = {name: sum((g[f"sum_{name}"] for g in groups), 0) for name in SUMMED}
    return {
        "of_today": bool(rows) and oldest == today,
        "by_street": by_street,
        "group": group,
        "groups": groups,
        "totals": totals,
        "progress_bands": {
            key: totals[band_field(key)] for key, *_rest in register_rules.PROGRESS_BANDS
        },
        "topics": {topic: totals[topic_field(topic)] for topic, _label in TOPIC_CHOICES},
    }


# How each summed column reads back: money and areas as Decimals, counts as ints.
READ_AS = {
    name: (Decimal if isinstance(DashboardCell._meta.get_field(name), models.DecimalField) else int)
    for name in SUMMED
}


def register_from_summary(summary, selection, *, today, start=None, end=None) -> dict:
    """The register's figures (the shape of compounds.selectors.register_figures) from the
    added-up summary rows, per community (per street when they span several), with the
    compounds late to start and, for a period, the starts in it read from the records."""
    group = summary["group"]
    table = {}
    for row in summary["groups"]:
        key = row[f"{group}_id"]
        table[key] = {
            "param": group,
            "id": key,
            "name": row[f"{group}__name"],
            "community_id": key if group == "community" else None,
            "community": row[f"{group}__name"] if group == "community" else None,
            "late": row["sum_late"] if summary["of_today"] else 0,
            "started_in_period": 0,
            **{name: row[f"sum_{name}"] or 0 for name in
               ("compounds", "started", "completed", "buildings", "households")},
            "floor_area": (row["sum_floor_area"] or ZERO).quantize(register.CENT),
        }  # fmt: skip
    compounds = selection.compounds().order_by()
    lookup = "community__street" if group == "street" else "community"
    if not summary["of_today"]:  # rows of another day: today's lateness from the records
        late = compounds.filter(register.late_to_start_q(today)).values(lookup)
        for row in late.annotate(n=Count("pk")):
            if row[lookup] in table:
                table[row[lookup]]["late"] = row["n"]
    started = compounds.filter(register.started_between_q(start, end))
    if start or end:
        for row in started.values(lookup).annotate(n=Count("pk")):
            if row[lookup] in table:
                table[row[lookup]]["started_in_period"] = row["n"]
    rows = sorted(table.values(), key=lambda row: (row["name"], row["id"]))
    for row in rows:
        row["not_started"] = row["compounds"] - row["started"]
        row["start_rate"] = register_rules.start_rate(row["started"], row["compounds"])
    return {
        "total": register.table_total(rows),
        "communities": rows,
        "progress_bands": register.band_rows(summary["progress_bands"]),
        "starts_by_month": register.starts_by_month(started),
    }


def _midnight(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def cache_key(*, user, params, session="") -> str:
    """The cache key of a user's dashboard for these query parameters, in this language and
    today; the entry under it holds the generation it was built under (see dashboard_cache)."""
    values = "&".join(f"{name}={params.get(name, '')}" for name in FILTER_NAMES)
    values += f"&session={session}"
    values = hashlib.sha256(values.encode()).hexdigest()[:32]
    return ":".join(
        (
            "dashboard",
            str(user.pk),
            translation.get_language() or "",
            clock.today().isoformat(),
            values,
        )
    )


def cached(key, build):
    """Return the value cached under ``key`` if it was built under the current generation,
    else build it and cache it: one round trip to the cache for both. A cache outage only
    costs the time of building."""
    number = None
    try:
        number, value = dashboard_cache.GENERATION.read(key)
    except Exception as error:  # noqa: BLE001
        logger.warning("dashboard cache: could not read: %s", error)
        value = None
    if value is None:
        value = build()
        if number is not None:
            try:
                dashboard_cache.GENERATION.store(key, number, value, CACHE_SECONDS)
            except Exception as error:  # noqa: BLE001
                logger.warning("dashboard cache: could not store: %s", error)
    return value


# --- Charts: each one a table the chart is drawn from (templates/includes/chart.html) ----------


def with_cells(chart: dict) -> dict:
    """Give each row of a chart its ``cells`` (value and link, one per series) from its
    ``values`` and ``urls``: what templates/includes/chart.html reads."""
    for row in chart["rows"]:
        urls = row.get("urls") or []
        row["cells"] = [
            {"value": value, "url": urls[i] if i < len(urls) else None}
            for i, value in enumerate(row["values"])
        ]
    return chart


def charts(figures, urls) -> dict:
    """Return the chart tables of the dashboard, each row linked to the list behind it.
    ``urls`` builds the links (see renovation.views.DashboardLinks)."""
    result = {}
    reg = figures["register"]
    months = reg["starts_by_month"]
    if len(months) > MONTHS_SHOWN:  # years of starts: a bar a year reads better than fifty
        years = Counter()
        for row in months:
            years[row["month"].year] += row["count"]
        starts = {
            "caption": _("Compounds started per year"),
            "category_heading": _("year"),
            "rows": [
                {"label": str(year), "values": [count], "urls": [urls.started_in_year(year)]}
                for year, count in sorted(years.items())
            ],
        }
    else:
        starts = {
            "caption": _("Compounds started per month"),
            "category_heading": _("month"),
            "rows": [
                {
                    "label": row["month"].strftime("%Y-%m"),
                    "values": [row["count"]],
                    "urls": [urls.started_in_month(row["month"])],
                }
                for row in months
            ],
        }
    result["starts"] = {
        "id": "starts",
        "type": "bar",
        "series": [_("compounds started")],
        **starts,
    }
    result["progress"] = {
        "id": "progress",
        "type": "bar",
        "caption": _("Spread of progress"),
        "category_heading": _("progress"),
        "series": [_("compounds")],
        "rows": [
            {"label": band["label"], "values": [band["count"]],
             "urls": [urls.compounds(progress_band=band["key"])]}
            for band in reg["progress_bands"]
        ],
    }  # fmt: skip
    problems = figures["progress"]["problems"]
    for kind, key, heading in (
        ("by_source", "source", _("source")),
        ("by_level", "level", _("raised by")),
    ):
        result[f"problems_{key}"] = {
            "id": f"problems-{key}",
            "type": "bar",
            "stacked": True,
            "caption": (
                _("Open problems by source") if key == "source" else _("Open problems by level")
            ),
            "category_heading": heading,
            "series": [_("overdue"), _("within their deadline")],
            "rows": [
                {
                    "label": row["label"],
                    "url": urls.problems(**{key: row["value"]}),
                    "values": [row["overdue"], row["total"] - row["overdue"]],
                    "urls": [
                        urls.problems(**{key: row["value"], "overdue": "true"}),
                        urls.problems(**{key: row["value"], "overdue": "false"}),
                    ],
                }
                for row in problems[kind]
            ],
        }
    if figures["voice"] and figures["voice"]["top_topics"]:
        result["topics"] = {
            "id": "topics",
            "type": "hbar",
            "caption": _("Asked most"),
            "category_heading": _("topic"),
            "series": [_("opinions")],
            "rows": [
                {"label": row["label"], "values": [row["count"]],
                 "urls": [urls.opinions(topic=row["topic"])]}
                for row in figures["voice"]["top_topics"]
            ],
        }  # fmt: skip
    if figures["funds"] and figures["funds"]["planned"]:
        money = figures["funds"]
        result["funds"] = {
            "id": "funds",
            "type": "doughnut",
            "caption": _("Special fund"),
            "category_heading": _("share"),
            "series": [_("yuan")],
            "unit": _("yuan"),
            "rows": [
                {"label": _("paid"), "values": [money["paid"]], "urls": [urls.funds()]},
                {"label": _("remaining"), "values": [money["remaining"]], "urls": [urls.funds()]},
            ],
        }
    return {name: with_cells(chart) for name, chart in result.items()}


# --- Workbook ----------------------------------------------------------------------------------


def dashboard_workbook(figures) -> bytes:
    """Write the dashboard's figures into an XLSX workbook, headings in the active language."""
    workbook = new_workbook()

    def sheet(title, headings, rows, first=False, number_formats=None):
        ws = workbook.active if first else workbook.create_sheet()
        ws.title = sheet_title(title)
        append(ws, headings, font=BOLD)
        for row in rows:
            append(ws, row, number_formats=number_formats)
        for column in ws.columns:
            width = max(len(str(cell.value or "")) for cell in column)
            ws.column_dimensions[column[0].column_letter].width = min(max(10, width * 2), 50)
        ws.freeze_panes = "A2"
        return ws

    reg, prog = figures["register"], figures["progress"]
    total = reg["total"]
    summary = [
        (_("renovation plan"), figures["plan"].name if figures["plan"] else _("all plans")),
        (_("street"), str(figures["street"] or _("all"))),
        (_("community"), str(figures["community"] or _("all"))),
        (_("from"), figures["start"]),
        (_("to"), figures["end"]),
        (_("as of"), figures["today"]),
        (_("compounds"), total["compounds"]),
        (_("started"), total["started"]),
        (_("start rate"), None if total["start_rate"] is None else total["start_rate"] / 100),
        (_("not started"), total["not_started"]),
        (_("should have started and have not"), total["late"]),
        (_("completed"), total["completed"]),
        (_("completion rate"),
         None if total["completion_rate"] is None else total["completion_rate"] / 100),
        (_("buildings"), total["buildings"]),
        (_("households"), total["households"]),
        (_("floor area (m²)"), total["floor_area"]),
        (_("overdue milestones"), prog["overdue_milestones"]),
        (_("open problems"), prog["problems"]["total"]),
        (_("demolished (places)"), prog["demolition"]["done"]),
        (_("demolished (m²)"), prog["demolition"]["area"]),
    ]  # fmt: skip
    if figures["voice"]:
        v = figures["voice"]
        summary += [
            (_("opinions received"), v["received"]),
            (_("answered"), v["answered"]),
            (_("waiting past the reply target"), v["overdue"]),
            (_("median time to reply (days)"), v["median_reply_days"]),
        ]
    if figures["funds"]:
        f = figures["funds"]
        summary += [(_("budgeted (yuan)"), f["planned"]), (_("paid (yuan)"), f["paid"]),
                    (_("remaining (yuan)"), f["remaining"])]  # fmt: skip
    if figures["participation"]:
        p = figures["participation"]
        summary += [(_("people taking part"), p["people"]),
                    (_("volunteer teams"), p["volunteer_teams"])]  # fmt: skip
    ws = sheet(_("Summary"), [_("figure"), _("value")], summary, first=True)
    for row in ws.iter_rows(min_row=2):
        if row[0].value in (str(_("start rate")), str(_("completion rate"))):
            row[1].number_format = "0%"
    # A selection spanning several streets is counted per street, else per community: the
    # rows' own name, under the heading of what they are.
    per_street = any(r["param"] == "street" for r in reg["communities"])
    sheet(
        _("By street") if per_street else _("By community"),
        [_("street") if per_street else _("community"), _("compounds"), _("started"),
         _("start rate"), _("not started"),
         _("should have started and have not"), _("completed"), _("buildings"),
         _("households"), _("floor area (m²)")],
        [
            [r["name"], r["compounds"], r["started"],
             None if r["start_rate"] is None else r["start_rate"] / 100, r["not_started"],
             r["late"], r["completed"], r["buildings"], r["households"], r["floor_area"]]
            for r in reg["communities"]
        ],
        number_formats=[None, None, None, PERCENT_FORMAT],
    )  # fmt: skip
    sheet(
        _("Starts per month"),
        [_("month"), _("compounds started")],
        [[r["month"].strftime("%Y-%m"), r["count"]] for r in reg["starts_by_month"]],
    )
    sheet(
        _("Spread of progress"),
        [_("progress"), _("compounds")],
        [[b["label"], b["count"]] for b in reg["progress_bands"]],
    )
    problems = prog["problems"]
    problem_rows = [
        [str(_("source")), r["label"], r["total"], r["overdue"]] for r in problems["by_source"]
    ] + [[str(_("raised by")), r["label"], r["total"], r["overdue"]] for r in problems["by_level"]]
    problem_rows += [
        [str(_("open for")), str(label), problems["ages"][age], None]
        for age, label in (("week", _("up to a week")), ("month", _("a week to a month")),
                           ("older", _("over a month")))
    ]  # fmt: skip
    sheet(
        _("Open problems"),
        [_("by"), _("group"), _("open"), _("overdue")],
        problem_rows,
    )
    return xlsx_bytes(workbook)
