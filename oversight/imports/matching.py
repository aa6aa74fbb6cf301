"""Match a register file's rows with the records: what each row creates, changes or leaves as it
is, and every error with its sheet, row, column and a sentence. The same pass previews (nothing
written) and, confirmed, writes: kind after kind, in batches, so that a later kind finds the
records an earlier sheet of the same file created. running.import_commit runs the writing pass
in one transaction and rolls it back on any error, so a file goes in whole or not at all.

Rows are read as they stream from the file (reading.read_file); what is kept in memory is the
index of the register's keys (communities, compounds, buildings, work items: tens of thousands
at a city's size) and, for homes, one batch at a time.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import phonenumbers
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from compounds import rules as register_rules
from compounds.models import Assignment, Building, Community, Compound, RenovationPlan, Street
from compounds.roles import Role
from compounds.selectors import Level, scope_for
from oversight.consultations.models import Household
from oversight.consultations.services import household_code_new
from progress.models import WorkItem

from . import rules, spool
from .cells import CellError, clean_text, parse_bool, parse_count, parse_decimal, parse_year
from .reading import NO_CACHED_VALUE, FileRefused, read_file

COLUMNS = {kind: {c.field: c for c in columns} for kind, columns in rules.KINDS.items()}
BATCH = 2000
MAX_COLUMNS = 200  # a register has a few dozen; the mapping step offers one choice per column
MAX_ERRORS = 500  # kept and shown; all are counted
MAX_CHANGES = 300
PROGRESS_EVERY = 1000

# The permission each kind needs beside the page's (and, for staff, import_staff).
KIND_PERMISSIONS = {
    rules.COMMUNITIES: ("compounds.add_community", "compounds.change_community"),
    rules.COMPOUNDS: ("compounds.add_compound", "compounds.change_compound"),
    rules.BUILDINGS: ("compounds.add_building", "compounds.change_building"),
    rules.HOUSEHOLDS: ("oversight.add_household", "oversight.change_household"),
    rules.WORK_ITEMS: ("progress.add_workitem", "progress.change_workitem"),
    rules.STAFF: ("oversight.import_staff",),
}
STORED_FIELDS = {
    rules.COMMUNITIES: ("kind", "address"),
    rules.COMPOUNDS: (
        "address", "year_built", "person_in_charge", "person_in_charge_phone", "contact_person",
        "contact_phone", "property_company", "is_demonstration", "had_no_manager",
        "management_mode", "notes", "latitude", "longitude",
    ),
    rules.BUILDINGS: ("floors", "units", "households", "floor_area", "has_elevator"),
    rules.HOUSEHOLDS: ("floor", "floor_area", "owner_name"),
    rules.WORK_ITEMS: ("description", "planned_quantity", "unit", "planned_area", "weight"),
}  # fmt: skip


def kinds_allowed(user) -> list[str]:
    """The kinds this user may import (None: the system, every kind)."""
    if user is None:
        return list(rules.KIND_ORDER)
    return [k for k in rules.KIND_ORDER if all(user.has_perm(p) for p in KIND_PERMISSIONS[k])]


@dataclass
class Rec:
    """A record of the index: its primary key (negative: made by this file, not yet written)
    and its values."""

    pk: int
    values: dict
    parent: int | None = None  # the street's, community's or compound's pk it lies in
    obj: object = None  # the record to create (write mode)
    name: str = ""  # its name or number, for the preview's lines
    compound: "Rec | None" = None  # a building's compound


@dataclass
class Outcome:
    counts: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    error_count: int = 0
    notes: list = field(default_factory=list)
    rows: int = 0
    compound_ids: set = field(default_factory=set)

    def as_preview(self) -> dict:
        return {
            "counts": self.counts,
            "changes": self.changes,
            "change_count": sum(c["changed"] + c["created"] for c in self.counts.values()),
            "errors": self.errors,
            "error_count": self.error_count,
            "notes": self.notes,
            "rows": self.rows,
        }


def describe_sheets(source, *, name: str, kind: str = "", remembered=None) -> list[dict]:
    """Each sheet of the file: its kind (guessed unless ``kind``), header row, headings and the
    field each column fills (None: not recognised, "": left out). Reads the headers only."""
    remembered = remembered or {}
    found = []
    with read_file(source, name=name, recognised=rules.is_recognised) as sheets:
        for sheet in sheets:
            if not sheet.headings:
                continue
            if len(sheet.headings) > MAX_COLUMNS:
                raise FileRefused(
                    _("Sheet “%(sheet)s” has %(n)s columns, far more than a register has; keep "
                      "the register's columns only, and upload it again.")
                    % {"sheet": sheet.name, "n": len(sheet.headings)}
                )  # fmt: skip
            sheet_kind = kind or rules.guess_kind(sheet.headings) or ""
            fields = [
                rules.field_for(sheet_kind, heading, remembered.get(sheet_kind))
                if sheet_kind
                else None
                for heading in sheet.headings
            ]
            found.append(
                {
                    "name": sheet.name,
                    "kind": sheet_kind,
                    "header_row": sheet.header_row,
                    "headings": sheet.headings,
                    "fields": [
                        "" if not heading and f is None else f
                        for heading, f in zip(sheet.headings, fields, strict=True)
                    ],
                }
            )
    return found


def needs_mapping(sheets: list[dict]) -> bool:
    return any(not s["kind"] or None in s["fields"] for s in sheets) or any(
        rules.mapping_errors(s["kind"], dict(enumerate(s["fields"]))) for s in sheets if s["kind"]
    )


def _cell_name(index: int, row: int) -> str:
    letters, n = "", index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _same(old, new) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        try:
            return Decimal(str(old)) == Decimal(str(new))
        except (ArithmeticError, ValueError):  # None or text on one side: not the same
            return False
    return old == new


def _shown(column, value) -> str:
    if value is None or value == "":
        return "—"
    if column.kind == rules.BOOL:
        return _("yes") if value else _("no")
    if column.kind == rules.CHOICE:
        return str(column.options(value).label) if value in column.options.values else str(value)
    return str(value)


class Run:
    """One pass over a file. ``write`` False: preview; True: write (inside the caller's
    transaction). ``user`` None is the system (the command without a user)."""

    def __init__(
        self, *, user, street, sheets, write=False, reason="", on_progress=None,
        spool_out=None, spool_in=None,
    ):  # fmt: skip
        self.user, self.default_street, self.sheets = user, street, sheets
        # spool_out: a spool.Writer the rows read are copied to (the preview's); spool_in: a
        # copy to read the rows from instead of the file (the import's)
        self.spool_out, self.spool_in = spool_out, spool_in
        self.write, self.reason, self.on_progress = write, reason, on_progress
        self.scope = scope_for(user)
        self.allowed = set(kinds_allowed(user))
        self.out = Outcome(counts={k: {"created": 0, "changed": 0, "unchanged": 0}
                                   for k in rules.KIND_ORDER})  # fmt: skip
        self._next_placeholder = -1
        self._queue_list = []
        self._columns = {}
        self._load_indices()

    # ---- indices -------------------------------------------------------------------------

    def _visible_streets(self):
        streets = Street.objects.all()
        if self.scope.level != Level.EVERYTHING:
            streets = streets.filter(pk=self.scope.street_id)
        return streets

    def _load_indices(self):
        self.street_by_name = {s.name: s.pk for s in Street.objects.all()}
        self.street_name = {pk: name for name, pk in self.street_by_name.items()}
        street_ids = set(self._visible_streets().values_list("pk", flat=True))
        self.communities = {}
        self.community_street_by_name = defaultdict(set)
        for c in Community.objects.values("pk", "street_id", "name", "kind", "address"):
            self.community_street_by_name[c["name"]].add(c["street_id"])
            if c["street_id"] in street_ids:
                self.communities[(c["street_id"], c["name"])] = Rec(
                    c["pk"], {"kind": c["kind"], "address": c["address"]}, parent=c["street_id"]
                )
        self.community_of = {rec.pk: key for key, rec in self.communities.items()}
        self.plans = {}
        self.latest_plan = {}
        self.plans_by_name = {}
        for p in RenovationPlan.objects.filter(street_id__in=street_ids).order_by("year"):
            self.plans[(p.street_id, p.year)] = p.pk
            self.plans_by_name[(p.street_id, p.name)] = p.pk
            self.latest_plan[p.street_id] = p.pk
        self.plan_year = {pk: year for (_s, year), pk in self.plans.items()}
        fields = STORED_FIELDS[rules.COMPOUNDS]
        self.compounds = {}
        self.compounds_in_street = defaultdict(list)
        self.names_in_plan = {}  # (plan, name) -> community: a plan names each compound once
        for c in Compound.objects.filter(community__street_id__in=street_ids).values(
            "pk", "community_id", "community__street_id", "name", "plan_id", *fields
        ):
            values = {f: c[f] for f in fields}
            for phone in ("person_in_charge_phone", "contact_phone"):
                values[phone] = values[phone].as_e164 if values[phone] else ""
            values["plan"] = c["plan_id"]
            key = (c["community_id"], c["name"])
            self.compounds[key] = Rec(
                c["pk"], values, parent=c["community__street_id"], name=c["name"]
            )
            self.compounds_in_street[(c["community__street_id"], c["name"])].append(key)
            self.names_in_plan[(c["plan_id"], c["name"])] = c["community_id"]
        compound_by_pk = {rec.pk: rec for rec in self.compounds.values()}
        self.buildings = {}
        fields = STORED_FIELDS[rules.BUILDINGS]
        for b in Building.objects.filter(compound__community__street_id__in=street_ids).values(
            "pk", "compound_id", "number", *fields
        ):
            self.buildings[(b["compound_id"], b["number"])] = Rec(
                b["pk"], {f: b[f] for f in fields}, parent=b["compound_id"], name=b["number"],
                compound=compound_by_pk.get(b["compound_id"]),
            )  # fmt: skip
        self.compound_checks = {}  # compound pk -> (where, {field: value}) from the compounds sheet
        self.homes_listed = {}  # building pk -> where the file first listed a home of it
        self.homes_new = Counter()
        self.seen = {}
        self._sheet_index = {}
        self.made = set()  # the buildings this pass created

    def _placeholder(self) -> int:
        self._next_placeholder -= 1
        return self._next_placeholder

    # ---- errors and changes --------------------------------------------------------------

    def error(self, sheet, row, column, message):
        self.out.error_count += 1
        if len(self.out.errors) < MAX_ERRORS:
            self.out.errors.append(
                {"sheet": sheet["name"], "row": row, "column": column, "message": str(message)}
            )

    def _record(self, kind, sheet, row, key_text, rec, values):
        """Count a row as created, changed or unchanged; return the changed fields."""
        columns = COLUMNS[kind]
        if rec is None:
            self.out.counts[kind]["created"] += 1
            if len(self.out.changes) < MAX_CHANGES:
                self.out.changes.append(
                    {"kind": kind, "record": key_text, "action": "created", "row": row,
                     "sheet": sheet["name"], "fields": [
                         [str(columns[f].label), "", _shown(columns[f], v)]
                         for f, v in values.items() if f in columns and v not in (None, "")
                     ]}
                )  # fmt: skip
            return None
        diffs = {f: v for f, v in values.items() if not _same(rec.values.get(f), v)}
        if not diffs:
            self.out.counts[kind]["unchanged"] += 1
            return {}
        self.out.counts[kind]["changed"] += 1
        if len(self.out.changes) < MAX_CHANGES:
            self.out.changes.append(
                {"kind": kind, "record": key_text, "action": "changed", "row": row,
                 "sheet": sheet["name"], "fields": [
                     [str(columns[f].label) if f in columns else _("renovation plan"),
                      self._old_shown(columns, f, rec.values.get(f)),
                      self._old_shown(columns, f, v)]
                     for f, v in diffs.items()
                 ]}
            )  # fmt: skip
        return diffs

    def _old_shown(self, columns, name, value):
        if name == "plan":
            return str(self.plan_year.get(value, "—"))
        return _shown(columns[name], value) if name in columns else str(value)

    # ---- reading a row -------------------------------------------------------------------

    def _parse(self, kind, sheet, row):
        """The row's values by field (empty cells left out), or None after its errors."""
        values, ok, failed = {}, True, set()
        if sheet["name"] not in self._columns:
            self._columns[sheet["name"]] = [
                (index, COLUMNS[kind][name], sheet["headings"][index])
                for index, name in enumerate(sheet["fields"])
                if name
            ]
        for index, column, heading in self._columns[sheet["name"]]:
            name = column.field
            raw = row.values[index] if index < len(row.values) else None
            if raw is NO_CACHED_VALUE:
                self.error(sheet, row.number, heading, _(
                    "Cell %(cell)s holds a formula without its computed value: open the file "
                    "in Excel, save it, and upload it again."
                ) % {"cell": _cell_name(index, row.number)})  # fmt: skip
                ok = False
                failed.add(name)
                continue
            try:
                value = self._cell(column, raw)
            except CellError as problem:
                self.error(sheet, row.number, heading, str(problem))
                ok = False
                failed.add(name)
                continue
            if value is None or value == "":
                continue
            values[name] = value
        for column in rules.KINDS[kind]:
            if (
                column.required
                and column.field not in values
                and column.field not in failed
                and column.field in sheet["fields"]
            ):
                heading = sheet["headings"][sheet["fields"].index(column.field)]
                self.error(sheet, row.number, heading, _("This cell must be filled in."))
                ok = False
        return values if ok else None

    def _cell(self, column, raw):
        if column.kind == rules.COUNT:
            value = parse_count(raw)
        elif column.kind == rules.DECIMAL:
            value = parse_decimal(raw)
        elif column.kind == rules.COORDINATE:  # degrees, at the register's six decimals
            value = parse_decimal(raw, places=6)
        elif column.kind == rules.YEAR:
            value = parse_year(raw)
        elif column.kind == rules.BOOL:
            value = parse_bool(raw)
        elif column.kind == rules.CHOICE:
            text = clean_text(raw)
            if not text:
                return None
            value = rules.choice_value(column, text)
            if value is None:
                raise CellError(_("“%(text)s” is not one of the choices of this column.")
                                % {"text": text})  # fmt: skip
            return value
        elif column.kind == rules.PHONE:
            return self._phone(raw)
        else:
            value = clean_text(raw)
            if column.max_length and len(value) > column.max_length:
                raise CellError(_("This text is longer than %(n)s characters.")
                                % {"n": column.max_length})  # fmt: skip
            return value
        if value is not None:
            if column.minimum is not None and value < Decimal(str(column.minimum)):
                raise CellError(_("%(value)s is less than %(limit)s, the least this column takes.")
                                % {"value": value, "limit": column.minimum})  # fmt: skip
            if column.maximum is not None and value > Decimal(str(column.maximum)):
                raise CellError(_(
                    "%(value)s is more than %(limit)s, the most this column can plausibly hold."
                ) % {"value": value, "limit": column.maximum})  # fmt: skip
        return value

    @staticmethod
    def _phone(raw) -> str:
        text = clean_text(raw).replace("-", "").replace(" ", "")
        if not text:
            return ""
        try:
            number = phonenumbers.parse(text, "CN")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise CellError(_("“%(text)s” is not a phone number.") % {"text": text})
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    # ---- where a row belongs -------------------------------------------------------------

    def _street(self, sheet, row, values):
        name = values.pop("street", "")
        if name:
            pk = self.street_by_name.get(name)
            if pk is None:
                self.error(sheet, row, _("street"), _("There is no street “%(name)s” in the "
                                                      "portal.") % {"name": name})  # fmt: skip
                return None
        elif self.default_street is not None:
            pk = self.default_street.pk
        else:
            self.error(
                sheet,
                row,
                _("street"),
                _("The row names no street, and none was chosen for the file."),
            )
            return None
        if not self.scope.covers(street_id=pk):
            self.error(
                sheet,
                row,
                _("street"),
                _("Street “%(name)s” is not yours to import into.")
                % {"name": self.street_name[pk]},
            )
            return None
        return pk

    def _community(self, sheet, row, values, street_pk):
        name = values.pop("community", "")
        if not name:
            if self.scope.level <= Level.COMMUNITY and self.scope.community_id:
                return self.scope.community_id
            return 0  # not named: the compound's name must say which it is
        rec = self.communities.get((street_pk, name))
        if rec is None:
            others = self.community_street_by_name.get(name, set()) - {street_pk}
            if others:
                self.error(sheet, row, _("community"), _(
                    "Community “%(name)s” belongs to %(other)s, not to %(street)s: a compound "
                    "must lie in a community of its own street."
                ) % {"name": name, "other": "、".join(sorted(self.street_name[s] for s in others)),
                     "street": self.street_name[street_pk]})  # fmt: skip
            else:
                self.error(sheet, row, _("community"), _(
                    "There is no community “%(name)s” in %(street)s: add it on a communities "
                    "sheet or in the portal first."
                ) % {"name": name, "street": self.street_name[street_pk]})  # fmt: skip
            return None
        if not self.scope.covers(street_id=street_pk, community_id=rec.pk):
            self.error(
                sheet,
                row,
                _("community"),
                _("Community “%(name)s” is not yours to import into.") % {"name": name},
            )
            return None
        return rec.pk

    def _compound(self, sheet, row, values, street_pk, community_pk, heading):
        name = values.pop("compound", "")
        if not name:
            return None
        if community_pk:
            key = (community_pk, name)
        else:
            keys = self.compounds_in_street.get((street_pk, name), [])
            if len(keys) != 1:
                message = (
                    _(
                        "There is no compound “%(name)s” in %(street)s; add it on a compounds "
                        "sheet or in the portal first."
                    )
                    if not keys
                    else _(
                        "There are several compounds named “%(name)s” in %(street)s: add a "
                        "community column to say which."
                    )
                )
                params = {"name": name, "street": self.street_name[street_pk]}
                self.error(sheet, row, heading, message % params)
                return None
            key = keys[0]
        rec = self.compounds.get(key)
        if rec is None:
            self.error(
                sheet,
                row,
                heading,
                _(
                    "There is no compound “%(name)s” in community “%(community)s”; add it on a "
                    "compounds sheet or in the portal first."
                )
                % {"name": name, "community": self.community_of.get(key[0], ("", "?"))[1]},
            )
            return None
        if not self.scope.covers(street_id=street_pk, community_id=key[0], compound_id=rec.pk):
            self.error(sheet, row, heading, _("Compound “%(name)s” is not yours to import into.")
                       % {"name": name})  # fmt: skip
            return None
        return rec

    def _where(self, kind, sheet, row, values, *, compound_heading=""):
        """Street, community and (for the kinds below it) compound of a row, or None."""
        street_pk = self._street(sheet, row, values)
        if street_pk is None:
            return None
        community_pk = self._community(sheet, row, values, street_pk)
        if community_pk is None:
            return None
        if kind in (rules.COMMUNITIES, rules.COMPOUNDS):
            return street_pk, community_pk, None
        compound = self._compound(sheet, row, values, street_pk, community_pk, compound_heading)
        if compound is None:
            return None
        return street_pk, compound.parent, compound

    def _duplicate(self, kind, sheet, row, key, what) -> bool:
        """Whether a row names a record an earlier row named (``what()`` says which record).

        The keys seen are kept as their hashes, with the row as one number (the sheet's place
        in the file times 2^32, plus the row): a city's 300,000 homes take a few tens of MB
        rather than several times that. Two keys of one hash (a chance of about one in 10^10
        for a city's file) would refuse a row as a duplicate, never let one through."""
        sheet_index = self._sheet_index.setdefault(sheet["name"], len(self._sheet_index))
        here = (sheet_index << 32) | row
        first = self.seen.setdefault(hash((kind, key)), here)
        if first != here:
            names = list(self._sheet_index)
            self.error(sheet, row, "", _("%(what)s is already on row %(row)s of sheet "
                                         "“%(sheet)s”: each record once.")
                       % {"what": what(), "row": first & 0xFFFFFFFF,
                          "sheet": names[first >> 32]})  # fmt: skip
            return True
        return False

    # ---- the pass ------------------------------------------------------------------------

    def go(self, source, *, name) -> Outcome:
        """Read the file's sheets in the order of rules.KIND_ORDER: in one reading of the file
        when its sheets come in that order (as offices keep them), a sheet that comes too early
        in a second reading."""
        wanted = {s["name"]: s for s in self.sheets if s["kind"]}
        for kind in rules.KIND_ORDER:
            if kind not in self.allowed:
                for sheet in wanted.values():
                    if sheet["kind"] == kind:
                        self.error(sheet, sheet["header_row"], "", _(
                            "You may not import %(kind)s: this sheet is left unread."
                        ) % {"kind": rules.KIND_LABELS[kind]})  # fmt: skip
        wanted = {n: s for n, s in wanted.items() if s["kind"] in self.allowed}
        done, later = -1, []
        with self._sheets(source, name) as sheets:
            for sheet in sheets:
                described = wanted.get(sheet.name)
                if described is None:
                    continue
                order = rules.KIND_ORDER.index(described["kind"])
                if order < done:
                    later.append(sheet.name)
                    continue
                if order > done and done >= 0:
                    self._flush(rules.KIND_ORDER[done])
                done = order
                self._sheet(described["kind"], described, sheet)
        if done >= 0:
            self._flush(rules.KIND_ORDER[done])
        for kind in rules.KIND_ORDER:
            names = [n for n in later if wanted[n]["kind"] == kind]
            if not names:
                continue
            with self._sheets(source, name) as sheets:
                for sheet in sheets:
                    if sheet.name in names:
                        self._sheet(kind, wanted[sheet.name], sheet)
            self._flush(kind)
        self._check_totals()
        if self.out.counts[rules.STAFF]["created"]:
            self.out.notes.append(
                _("New staff accounts have no password until an administrator gives each its "
                  "first one (admin, Users); their user name is the mobile number.")
            )  # fmt: skip
        return self.out

    def _sheets(self, source, name):
        if self.spool_in is not None:
            self.spool_in.seek(0)
            return spool.read(self.spool_in)
        return read_file(source, name=name, recognised=rules.is_recognised)

    def _sheet(self, kind, described, sheet):
        if self.spool_out is not None:
            sheet = self.spool_out.sheet(sheet)
        handle = getattr(self, f"_row_{kind}")
        for row in sheet.rows:
            self.out.rows += 1
            if self.on_progress and self.out.rows % PROGRESS_EVERY == 0:
                self.on_progress(self.out.rows)
            values = self._parse(kind, described, row)
            if values is not None:
                handle(described, row.number, values)
            if len(self._queue_list) >= BATCH:
                self._flush(kind)
        if sheet.skipped:
            self.out.notes.append(
                _("Sheet “%(sheet)s”: %(n)s total or subtotal rows skipped (rows %(rows)s).")
                % {"sheet": described["name"], "n": len(sheet.skipped),
                   "rows": ", ".join(str(n) for n in sheet.skipped[:20])
                   + ("…" if len(sheet.skipped) > 20 else "")}
            )  # fmt: skip

    def _queue(self, item):
        """Keep a row of the kind being read until its batch is matched or written."""
        self._queue_list.append(item)

    # ---- each kind -----------------------------------------------------------------------

    def _row_communities(self, sheet, row, values):
        street_pk = self._street(sheet, row, values)
        if street_pk is None:
            return
        name = values.pop("name")
        if self.scope.level < Level.STREET:
            self.error(sheet, row, "", _("Only street staff add or change communities."))
            return
        if self._duplicate(rules.COMMUNITIES, sheet, row, (street_pk, name),
                           lambda: _("Community “%(name)s”") % {"name": name}):  # fmt: skip
            return
        rec = self.communities.get((street_pk, name))
        diffs = self._record(rules.COMMUNITIES, sheet, row, name, rec, values)
        if rec is None:
            rec = Rec(self._placeholder(), dict(values), parent=street_pk)
            self.communities[(street_pk, name)] = rec
            self.community_of[rec.pk] = (street_pk, name)
            rec.obj = Community(street_id=street_pk, name=name, **values)
            self._queue(("create", rec))
        elif diffs:
            rec.values.update(diffs)
            self._queue(("update", rec, Community, diffs))

    def _row_compounds(self, sheet, row, values):
        where = self._where(rules.COMPOUNDS, sheet, row, values)
        if where is None:
            return
        street_pk, community_pk, _none = where
        name = values.pop("name")
        heading = self._heading(sheet, "name")
        if not community_pk:
            keys = self.compounds_in_street.get((street_pk, name), [])
            if len(keys) != 1:
                self.error(sheet, row, _("community"), _(
                    "Say in a community column which community compound “%(name)s” lies in."
                ) % {"name": name})  # fmt: skip
                return
            community_pk = keys[0][0]
            if not self.scope.covers(street_id=street_pk, community_id=community_pk):
                self.error(sheet, row, heading, _(
                    "Compound “%(name)s” is not yours to import into."
                ) % {"name": name})  # fmt: skip
                return
        checks = {f: values.pop(f) for f in ("building_count", "household_count", "floor_area")
                  if f in values}  # fmt: skip
        year, plan_name = values.pop("year", None), values.pop("plan", "")
        values = {k: v for k, v in values.items() if k in STORED_FIELDS[rules.COMPOUNDS]}
        if plan_name and year is None:
            plan = self.plans_by_name.get((street_pk, plan_name))
            if plan is None:
                self.error(sheet, row, self._heading(sheet, "plan"), _(
                    "%(street)s has no renovation plan named “%(name)s”."
                ) % {"street": self.street_name[street_pk], "name": plan_name})  # fmt: skip
                return
        elif year is not None:
            plan = self.plans.get((street_pk, year))
            if plan is None:
                self.error(sheet, row, self._heading(sheet, "year"), _(
                    "%(street)s has no renovation plan for %(year)s: add the plan in the portal "
                    "first (it sets the deadline)."
                ) % {"street": self.street_name[street_pk], "year": year})  # fmt: skip
                return
        else:
            plan = None
        key = (community_pk, name)
        if self._duplicate(rules.COMPOUNDS, sheet, row, key,
                           lambda: _("Compound “%(name)s”") % {"name": name}):  # fmt: skip
            return
        rec = self.compounds.get(key)
        if not self._location_ok(sheet, row, values, rec):
            return
        if rec is None and plan is None:
            plan = self.latest_plan.get(street_pk)
            if plan is None:
                self.error(sheet, row, heading, _(
                    "%(street)s has no renovation plan yet: add the plan in the portal first."
                ) % {"street": self.street_name[street_pk]})  # fmt: skip
                return
        if plan is not None:
            values["plan"] = plan
            elsewhere = self.names_in_plan.get((plan, name))
            if elsewhere is not None and elsewhere != community_pk:
                self.error(
                    sheet,
                    row,
                    heading,
                    _(
                        "The plan already has a compound “%(name)s”, in community “%(community)s”: "
                        "a plan names each compound once (to move it, change its community in the "
                        "portal)."
                    )
                    % {"name": name, "community": self.community_of.get(elsewhere, ("", "?"))[1]},
                )
                return
            self.names_in_plan[(plan, name)] = community_pk
        diffs = self._record(rules.COMPOUNDS, sheet, row, name, rec, values)
        if rec is None:
            rec = Rec(self._placeholder(), dict(values), parent=street_pk, name=name)
            self.compounds[key] = rec
            self.compounds_in_street[(street_pk, name)].append(key)
            fields = {f: v for f, v in values.items() if f != "plan"}
            rec.obj = Compound(plan_id=plan, community_id=community_pk, name=name, **fields)
            self._queue(("create", rec))
        elif diffs:
            rec.values.update(diffs)
            self._queue(("update", rec, Compound, diffs))
        if checks:
            self.compound_checks[id(rec)] = (rec, (sheet, row), checks)

    def _location_ok(self, sheet, row, values, rec):
        """Check the row's point (with the compound's stored coordinate where the row gives only
        one): both or neither, in China, not swapped (compounds.rules.location_errors)."""
        if "latitude" not in values and "longitude" not in values:
            return True
        known = rec.values if rec is not None else {}
        errors = register_rules.location_errors(
            latitude=values.get("latitude", known.get("latitude")),
            longitude=values.get("longitude", known.get("longitude")),
        )
        for name, messages in errors.items():
            heading = self._heading(sheet, name) or self._heading(sheet, "latitude")
            for message in messages:
                self.error(sheet, row, heading or self._heading(sheet, "longitude"), message)
        return not errors

    def _heading(self, sheet, name):
        return sheet["headings"][sheet["fields"].index(name)] if name in sheet["fields"] else ""

    def _row_buildings(self, sheet, row, values):
        where = self._where(rules.BUILDINGS, sheet, row, values,
                            compound_heading=self._heading(sheet, "compound"))  # fmt: skip
        if where is None:
            return
        compound = where[2]
        number = values.pop("number")
        merged = {**(self.buildings.get((compound.pk, number)) or Rec(0, {})).values, **values}
        problems = rules.building_errors(
            floors=merged.get("floors"), units=merged.get("units"),
            households=merged.get("households"),
        )  # fmt: skip
        for problem in problems:
            self.error(sheet, row, self._heading(sheet, "households"), problem)
        if problems:
            return
        self._keep_building(sheet, row, compound, number, values)

    def _keep_building(self, sheet, row, compound, number, values):
        key = (compound.pk, number)
        if self._duplicate(rules.BUILDINGS, sheet, row, (id(compound), number),
                           lambda: _("Building %(number)s") % {"number": number}):  # fmt: skip
            return
        rec = self.buildings.get(key)
        diffs = self._record(rules.BUILDINGS, sheet, row, f"{compound.name} {number}", rec,
                             values)  # fmt: skip
        if rec is None:
            values.setdefault("units", 1)
            values.setdefault("has_elevator", False)
            rec = Rec(
                self._placeholder(), dict(values), parent=compound.pk, name=number,
                compound=compound,
            )  # fmt: skip
            self.buildings[key] = rec
            rec.obj = Building(compound_id=compound.pk, number=number, **values)
            self._queue(("create", rec))
        elif diffs:
            rec.values.update(diffs)
            self._queue(("update", rec, Building, diffs))

    def _building(self, sheet, row, compound, number):
        rec = self.buildings.get((compound.pk, number))
        if rec is None:
            self.error(sheet, row, self._heading(sheet, "building"), _(
                "There is no building %(number)s in this compound; add it on a buildings sheet "
                "or in the portal first."
            ) % {"number": number})  # fmt: skip
        return rec

    def _row_households(self, sheet, row, values):
        where = self._where(rules.HOUSEHOLDS, sheet, row, values,
                            compound_heading=self._heading(sheet, "compound"))  # fmt: skip
        if where is None:
            return
        building = self._building(sheet, row, where[2], values.pop("building"))
        if building is None:
            return
        unit, door = values.pop("unit", ""), values.pop("door")
        if self._duplicate(
            rules.HOUSEHOLDS,
            sheet,
            row,
            (id(building), unit, door),
            lambda: _("Home %(unit)s-%(door)s") % {"unit": unit or "—", "door": door},
        ):
            return
        self.homes_listed.setdefault(id(building), (building, sheet, row))
        self._queue(("home", building, unit, door, values, sheet, row))

    def _row_work_items(self, sheet, row, values):
        where = self._where(rules.WORK_ITEMS, sheet, row, values,
                            compound_heading=self._heading(sheet, "compound"))  # fmt: skip
        if where is None:
            return
        compound = where[2]
        building = None
        if values.get("building"):
            building = self._building(sheet, row, compound, values.pop("building"))
            if building is None:
                return
        category = values.pop("category")
        key = (id(compound), id(building) if building else None, category)
        label = _shown(COLUMNS[rules.WORK_ITEMS]["category"], category)
        if self._duplicate(rules.WORK_ITEMS, sheet, row, key, lambda: _("Work “%(what)s” here")
                           % {"what": label}):  # fmt: skip
            return
        self._queue(("item", compound, building, category, values, sheet, row))

    def _row_staff(self, sheet, row, values):
        self._queue(("staff", values, sheet, row))

    # ---- writing (and, for homes, work items and staff, matching) in batches -------------

    def _flush(self, kind):
        pending, self._queue_list = self._queue_list, []
        if not pending:
            return
        if kind == rules.HOUSEHOLDS:
            self._homes(pending)
        elif kind == rules.WORK_ITEMS:
            self._items(pending)
        elif kind == rules.STAFF:
            self._staff(pending)
        elif self.write:
            self._write(kind, pending)

    def _write(self, kind, pending):
        model = {rules.COMMUNITIES: Community, rules.COMPOUNDS: Compound,
                 rules.BUILDINGS: Building}[kind]  # fmt: skip
        new = [item[1] for item in pending if item[0] == "create"]
        if new:
            objs = self._create(model, [rec.obj for rec in new])
            self._fill_pks(model, new, objs)
        updates = [(item[1].pk, item[3]) for item in pending if item[0] == "update"]
        if updates:
            self._update(model, updates)
        if kind in (rules.COMPOUNDS, rules.BUILDINGS):
            self.out.compound_ids |= {
                (rec.pk if kind == rules.COMPOUNDS else rec.parent) for _o, rec, *_r in pending
            }

    # Records are written in batches, each with its history rows: one INSERT ... SELECT copies
    # the rows just written into the history table, with who, when and this import as the
    # reason (simple_history's own bulk helpers build a second model instance per row, which
    # doubled the time of a city's file).
    HISTORY_BATCH = 500

    def _create(self, model, objs: list) -> list:
        objs = model.objects.bulk_create(objs, batch_size=1000)
        self._history(model, [obj.pk for obj in objs], "+")
        return objs

    def _update_rows(self, model, objs: list, fields: list):
        model.objects.bulk_update(objs, fields, batch_size=500)
        self._history(model, [obj.pk for obj in objs], "~")

    def _history(self, model, pks: list, history_type: str):
        history = model.history.model
        quote = connection.ops.quote_name
        columns = [(history._meta.get_field(f.name).column, model._meta.get_field(f.name).column)
                   for f in history.tracked_fields]  # fmt: skip
        user_id = self.user.pk if self.user is not None and self.user.is_authenticated else None
        target = ", ".join(quote(c) for c, _s in columns)
        source = ", ".join(quote(s) for _c, s in columns)
        for start in range(0, len(pks), self.HISTORY_BATCH):
            batch = pks[start : start + self.HISTORY_BATCH]
            marks = ", ".join(["%s"] * len(batch))
            # the models' own table and column names, quoted
            sql = (
                f"INSERT INTO {quote(history._meta.db_table)} ({target}, "  # noqa: S608
                f"{quote('history_date')}, {quote('history_change_reason')}, "
                f"{quote('history_type')}, {quote('history_user_id')}) "
                f"SELECT {source}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({marks})"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [timezone.now(), self.reason, history_type, user_id, *batch])

    def _fill_pks(self, model, new, objs):
        """Give the index's new records their primary keys. A kind is written before the next
        kind is read, so no record of this file points at a placeholder by then."""
        for rec, obj in zip(new, objs, strict=True):
            if not obj.pk:  # pragma: no cover - both databases return the keys
                raise RuntimeError("the database returned no primary keys")
            if model is Community:
                self.community_of[obj.pk] = self.community_of.pop(rec.pk)
            rec.pk, rec.obj = obj.pk, None
            if model is Building:
                self.made.add(obj.pk)

    def _update(self, model, updates: list):
        """Write the changed fields of records (pk, {field: new value}), batched by the fields
        they change; a compound's "plan" is its plan's pk."""
        by_fields = defaultdict(list)
        for pk, diffs in updates:
            by_fields[tuple(sorted(diffs))].append((pk, diffs))
        for fields, rows in by_fields.items():
            found = model.objects.in_bulk([pk for pk, _d in rows])
            for pk, diffs in rows:
                for name, value in diffs.items():
                    setattr(found[pk], "plan_id" if name == "plan" else name, value)
            self._update_rows(model, list(found.values()), list(fields))

    def _homes(self, pending):
        # a building this file created has no homes yet: only the others are looked up
        building_pks = {
            item[1].pk for item in pending if item[1].pk > 0 and item[1].pk not in self.made
        }
        existing = {}
        for h in Household.objects.filter(building_id__in=building_pks).values(
            "pk", "building_id", "unit", "door", "floor", "floor_area", "owner_name"
        ):
            existing[(h["building_id"], h["unit"], h["door"])] = h
        new, changed = [], []
        for _op, building, unit, door, values, sheet, row in pending:
            found = existing.get((building.pk, unit, door))
            rec = None
            if found:
                rec = Rec(found["pk"], {f: found[f] for f in STORED_FIELDS[rules.HOUSEHOLDS]})
            text = f"{building.compound.name if building.compound else ''} {building.name}"
            diffs = self._record(
                rules.HOUSEHOLDS,
                sheet,
                row,
                f"{text} {unit + '-' if unit else ''}{door}",
                rec,
                values,
            )
            if rec is None:
                self.homes_new[id(building)] += 1
                if self.write:
                    new.append((building, Household(unit=unit, door=door, **values)))
            elif diffs:
                changed.append((rec.pk, diffs))
        if not self.write:
            return
        if new:
            codes = set()
            while len(codes) < len(new):
                codes.add(household_code_new())
            clash = set(Household.objects.filter(code__in=codes).values_list("code", flat=True))
            codes -= clash
            while len(codes) < len(new):
                code = household_code_new()
                if code not in clash:
                    codes.add(code)
            for (building, home), code in zip(new, sorted(codes), strict=True):
                home.building_id, home.code = building.pk, code
            self._create(Household, [home for _b, home in new])
        if changed:
            self._update(Household, changed)
        self.out.compound_ids |= {building.parent for building, _h in new}

    def _items(self, pending):
        compound_pks = {item[1].pk for item in pending if item[1].pk > 0}
        existing = {}
        fields = STORED_FIELDS[rules.WORK_ITEMS]
        for w in WorkItem.objects.filter(compound_id__in=compound_pks).values(
            "pk", "compound_id", "building_id", "category", *fields
        ):
            existing.setdefault((w["compound_id"], w["building_id"], w["category"]), w)
        new, changed = [], []
        for _op, compound, building, category, values, sheet, row in pending:
            found = existing.get((compound.pk, building.pk if building else None, category))
            rec = Rec(found["pk"], {f: found[f] for f in fields}) if found else None
            text = (
                f"{compound.name} "
                + (f"{building.name} " if building else "")
                + _shown(COLUMNS[rules.WORK_ITEMS]["category"], category)
            )
            diffs = self._record(rules.WORK_ITEMS, sheet, row, text, rec, values)
            if rec is None:
                if self.write:
                    new.append((compound, building, WorkItem(category=category, **values)))
            elif diffs:
                changed.append((rec.pk, diffs))
        if not self.write:
            return
        for compound, building, item in new:
            item.compound_id = compound.pk
            item.building_id = building.pk if building else None
        if new:
            self._create(WorkItem, [item for _c, _b, item in new])
        for pk, diffs in changed:
            item = WorkItem.objects.get(pk=pk)
            for f, v in diffs.items():
                setattr(item, f, v)
            item._history_user = self.user
            item._change_reason = self.reason
            item.save()
        self.out.compound_ids |= {compound.pk for compound, _b, _i in new}
        self.out.compound_ids |= set(
            WorkItem.objects.filter(pk__in=[pk for pk, _d in changed]).values_list(
                "compound_id", flat=True
            )
        )

    def _staff(self, pending):
        User = get_user_model()
        for _op, values, sheet, row in pending:
            self._one_staff(User, values, sheet, row)

    def _one_staff(self, User, values, sheet, row):
        phone, name, role = values["phone"], values["name"], values["role"]
        username = phonenumbers.format_number(
            phonenumbers.parse(phone), phonenumbers.PhoneNumberFormat.NATIONAL
        ).replace(" ", "")
        if self._duplicate(rules.STAFF, sheet, row, username,
                           lambda: _("Phone %(phone)s") % {"phone": username}):  # fmt: skip
            return
        if role not in rules.IMPORTABLE_ROLES:
            self.error(sheet, row, self._heading(sheet, "role"), _(
                "Accounts of district inspectors and administrators are made one by one by an "
                "administrator, not imported."
            ))  # fmt: skip
            return
        scope = {}
        street_pk = self._street(sheet, row, values)
        if street_pk is None:
            return
        if role == Role.STREET_STAFF:
            scope = {"street_id": street_pk}
            if self.scope.level < Level.STREET:
                self.error(
                    sheet,
                    row,
                    self._heading(sheet, "role"),
                    _("Only street staff may add street staff."),
                )
                return
        else:
            if not values.get("community"):
                self.error(
                    sheet,
                    row,
                    self._heading(sheet, "community") or _("community"),
                    _("Say which community this person works in."),
                )
                return
            community_pk = self._community(sheet, row, values, street_pk)
            if community_pk is None:
                return
            scope = {"community_id": community_pk}
            if role == Role.RESIDENT_SUPERVISOR:
                compound = self._compound(sheet, row, values, street_pk, community_pk,
                                          self._heading(sheet, "compound"))  # fmt: skip
                if compound is None:
                    if not self._heading(sheet, "compound"):
                        self.error(
                            sheet,
                            row,
                            _("compound"),
                            _("Say which compound this resident supervises."),
                        )
                    return
                scope = {"compound_id": compound.pk}
        user = User.objects.filter(username=username).select_related("assignment").first()
        wanted = {"name": name, "role": str(role), **scope}
        if user is None:
            self._record(rules.STAFF, sheet, row, f"{name} {username}", None,
                         {"name": name, "role": role})  # fmt: skip
            if self.write:
                self._make_user(User, username, name, role, scope)
            return
        if user.is_superuser or not hasattr(user, "assignment") or not scope_for(
            user
        ).level <= Level.STREET or not self._covers(user.assignment):  # fmt: skip
            self.error(sheet, row, self._heading(sheet, "phone"), _(
                "Phone %(phone)s is already the account of someone outside your scope; an "
                "administrator changes it."
            ) % {"phone": username})  # fmt: skip
            return
        current = {
            "name": user.last_name + user.first_name,
            "role": user.groups.values_list("name", flat=True).first() or "",
            "street_id": user.assignment.street_id,
            "community_id": user.assignment.community_id,
            "compound_id": user.assignment.compound_id,
        }
        current = {k: v for k, v in current.items() if k in wanted}
        if (
            current == wanted
            and len(scope) == 1
            and all(getattr(user.assignment, k) for k in scope)
        ):
            self.out.counts[rules.STAFF]["unchanged"] += 1
            return
        self._record(rules.STAFF, sheet, row, f"{name} {username}",
                     Rec(user.pk, {"name": current.get("name"), "role": current.get("role")}),
                     {"name": name, "role": role})  # fmt: skip
        if self.write:
            user.last_name, user.first_name = name, ""
            user.save(update_fields=["last_name", "first_name"])
            user.groups.set([Group.objects.get(name=role)])
            assignment = user.assignment
            assignment.street_id = assignment.community_id = assignment.compound_id = None
            for k, v in scope.items():
                setattr(assignment, k, v)
            assignment._history_user, assignment._change_reason = self.user, self.reason
            assignment.save()

    def _covers(self, assignment) -> bool:
        if assignment.street_id:
            return self.scope.covers(street_id=assignment.street_id)
        if assignment.community_id:
            key = self.community_of.get(assignment.community_id)
            return key is not None and self.scope.covers(
                street_id=key[0], community_id=assignment.community_id
            )
        compound = Compound.objects.select_related("community").get(pk=assignment.compound_id)
        return self.scope.covers(
            street_id=compound.community.street_id, community_id=compound.community_id,
            compound_id=compound.pk,
        )  # fmt: skip

    def _make_user(self, User, username, name, role, scope):
        user = User(username=username, last_name=name)
        user.set_unusable_password()
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        assignment = Assignment(user=user, **scope)
        assignment._history_user, assignment._change_reason = self.user, self.reason
        assignment.save()

    # ---- what the file's figures must agree with -----------------------------------------

    def _check_totals(self):
        building_of = {id(rec): rec for rec in self.buildings.values()}
        if self.homes_listed:
            real = [building_of[b].pk for b in self.homes_listed if building_of[b].pk > 0]
            counted = {}
            for start in range(0, len(real), 5000):  # SQLite takes so many parameters at most
                counted.update(
                    Household.objects.filter(building_id__in=real[start : start + 5000])
                    .values("building_id")
                    .annotate(n=Count("pk"))
                    .values_list("building_id", "n")
                )
            for b, (building, sheet, row) in self.homes_listed.items():
                if not self.homes_new[b]:
                    continue  # corrections of homes already there: the list is not a count
                # written: the database holds the new homes; previewed: add them
                homes = counted.get(building.pk, 0) + (0 if self.write else self.homes_new[b])
                expected = building.values.get("households")
                if expected is not None and homes != expected:
                    self.error(sheet, row, self._heading(sheet, "building"), _(
                        "Building %(number)s is registered with %(expected)s households, but "
                        "%(homes)s homes are listed for it: the two must agree."
                    ) % {"number": building.name, "expected": expected,
                         "homes": homes})  # fmt: skip
        if self.compound_checks:
            totals = defaultdict(lambda: {"building_count": 0, "household_count": 0,
                                          "floor_area": Decimal(0)})  # fmt: skip
            for (compound_pk, _n), rec in self.buildings.items():
                total = totals[compound_pk]
                total["building_count"] += 1
                total["household_count"] += rec.values.get("households") or 0
                total["floor_area"] += Decimal(str(rec.values.get("floor_area") or 0))
            labels = {c.field: c.label for c in rules.KINDS[rules.COMPOUNDS]}
            for compound, (sheet, row), checks in self.compound_checks.values():
                if compound.pk not in totals:
                    continue
                for name, value in checks.items():
                    found = totals[compound.pk][name]
                    if (name == "floor_area" and abs(Decimal(str(value)) - found) > 1) or (
                        name != "floor_area" and value != found
                    ):
                        self.error(sheet, row, self._heading(sheet, name), _(
                            "The sheet says %(value)s, but the compound's buildings add up to "
                            "%(found)s (%(what)s)."
                        ) % {"value": value, "found": found, "what": labels[name]})  # fmt: skip
