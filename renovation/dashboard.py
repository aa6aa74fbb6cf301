"""The inspectors' dashboard: its filters, its figures (read through each app's selectors, in a
fixed number of queries whatever the size of the register), its charts, its cache and its
workbook. The view in renovation/views.py only wires these together."""

import datetime
import hashlib
import io
import logging

from django import forms
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from compounds import selectors as register
from oversight import funds, organisation
from oversight import selectors as voice
from progress import selectors as progress

from . import dashboard_cache

logger = logging.getLogger(__name__)

ALL_PLANS = "all"
CACHE_SECONDS = 600
FILTER_NAMES = ("plan", "street", "community", "start", "end")


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
        self.plans = list(register.plan_list(user=user).order_by("-year", "street__name", "pk"))
        self.fields["plan"].choices = [(ALL_PLANS, _("all plans"))] + [
            (str(plan.pk), f"{plan.name}" if len({p.street_id for p in self.plans}) == 1
             else f"{plan.street.name} · {plan.name}")
            for plan in self.plans
        ]  # fmt: skip
        self.fields["street"].queryset = register.street_list(user=user).order_by("name", "pk")
        self.fields["community"].queryset = register.community_list(user=user).order_by(
            "street__name", "name", "pk"
        )
        self.several_streets = len({plan.street_id for plan in self.plans}) > 1
        self.default_plan = (
            ALL_PLANS if self.several_streets or not self.plans else str(self.plans[0].pk)
        )

    def clean_plan(self):
        return self.cleaned_data.get("plan") or self.default_plan

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period comes before its start."))
        plan = self.chosen_plan()
        community, street = cleaned.get("community"), cleaned.get("street")
        if community and street and community.street_id != street.pk:
            self.add_error("community", _("This community is not in the chosen street."))
        if plan and street and plan.street_id != street.pk:
            self.add_error("street", _("The chosen plan belongs to another street."))
        if plan and community and plan.street_id != community.street_id:
            self.add_error("community", _("This community is not in the chosen plan's street."))
        return cleaned

    def chosen_plan(self):
        """Return the chosen plan, None for every plan."""
        value = getattr(self, "cleaned_data", {}).get("plan") or self.default_plan
        return next((p for p in self.plans if str(p.pk) == value), None)


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
    return {"plan": default, "street": None, "community": None, "start": None, "end": None}


def dashboard_figures(*, user, plan=None, street=None, community=None, start=None, end=None,
                      today=None) -> dict:  # fmt: skip
    """Return every figure of the dashboard for the user's scope, narrowed by the filters."""
    today = today or timezone.localdate()
    selection = register.Selection(
        user=user,
        plan_id=plan.pk if plan else None,
        street_id=street.pk if street else None,
        community_id=community.pk if community else None,
    )
    figures = {
        "today": today,
        "plan": plan,
        "street": street,
        "community": community,
        "start": start,
        "end": end,
        "register": register.register_figures(
            selection=selection, today=today, start=start, end=end
        ),
        "progress": progress.progress_figures(
            selection=selection, today=today, start=start, end=end
        ),
        "voice": None,
        "funds": None,
        "participation": None,
    }
    if user.has_perm("oversight.view_opinion"):
        figures["voice"] = voice.opinion_figures(
            selection=selection,
            since=_midnight(start),
            until=_midnight(end + datetime.timedelta(days=1)) if end else None,
        )
    if user.has_perm("oversight.view_fundallocation"):
        figures["funds"] = funds.fund_figures(selection=selection)
    if user.has_perm("oversight.view_participant"):
        figures["participation"] = organisation.participation_totals(selection=selection)
    return figures


def _midnight(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def cache_key(*, user, params) -> str:
    """The cache key of a user's dashboard for these query parameters, in this language and
    today, under the current generation (see dashboard_cache)."""
    values = "&".join(f"{name}={params.get(name, '')}" for name in FILTER_NAMES)
    values = hashlib.sha256(values.encode()).hexdigest()[:32]
    return ":".join(
        (
            "dashboard",
            str(dashboard_cache.generation()),
            str(user.pk),
            translation.get_language() or "",
            timezone.localdate().isoformat(),
            values,
        )
    )


def cached(key, build):
    """Return the cached value of ``key``, else build it and cache it; a cache outage only
    costs the time of building."""
    try:
        value = cache.get(key)
    except Exception as error:  # noqa: BLE001
        logger.warning("dashboard cache: could not read: %s", error)
        value = None
    if value is None:
        value = build()
        try:
            cache.set(key, value, CACHE_SECONDS)
        except Exception as error:  # noqa: BLE001
            logger.warning("dashboard cache: could not store: %s", error)
    return value


# --- Charts: each one a table the chart is drawn from (templates/includes/chart.html) ----------


def charts(figures, urls) -> dict:
    """Return the chart tables of the dashboard, each row linked to the list behind it.
    ``urls`` builds the links (see renovation.views.DashboardLinks)."""
    result = {}
    reg = figures["register"]
    result["starts"] = {
        "id": "starts",
        "type": "bar",
        "caption": _("Compounds started per month"),
        "category_heading": _("month"),
        "series": [_("compounds started")],
        "rows": [
            {
                "label": row["month"].strftime("%Y-%m"),
                "values": [row["count"]],
                "urls": [urls.started_in_month(row["month"])],
            }
            for row in reg["starts_by_month"]
        ],
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
    return result


# --- Workbook ----------------------------------------------------------------------------------


def dashboard_workbook(figures) -> bytes:
    """Write the dashboard's figures into an XLSX workbook, headings in the active language."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold = Font(bold=True)
    workbook = Workbook()

    def sheet(title, headings, rows, first=False):
        ws = workbook.active if first else workbook.create_sheet()
        ws.title = str(title)[:31]
        ws.append([str(h) for h in headings])
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append([str(v) if isinstance(v, Promise) else v for v in row])
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
    sheet(
        _("By community"),
        [_("community"), _("compounds"), _("started"), _("start rate"), _("not started"),
         _("should have started and have not"), _("completed"), _("buildings"),
         _("households"), _("floor area (m²)")],
        [
            [r["community"], r["compounds"], r["started"],
             None if r["start_rate"] is None else r["start_rate"] / 100, r["not_started"],
             r["late"], r["completed"], r["buildings"], r["households"], r["floor_area"]]
            for r in reg["communities"]
        ],
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
    problem_rows = [
        [str(_("source")), r["label"], r["total"], r["overdue"], r["week"], r["month"],
         r["older"]]
        for r in prog["problems"]["by_source"]
    ] + [
        [str(_("raised by")), r["label"], r["total"], r["overdue"], r["week"], r["month"],
         r["older"]]
        for r in prog["problems"]["by_level"]
    ]  # fmt: skip
    sheet(
        _("Open problems"),
        [_("by"), _("group"), _("open"), _("overdue"), _("up to a week"), _("up to a month"),
         _("longer")],
        problem_rows,
    )  # fmt: skip
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
