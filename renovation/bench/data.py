# ruff: noqa: S608  (SQL built from the models' own table and column names, quoted)
"""The benchmark's city: a deterministic, city-scale data set written straight into the tables.

At scale 1.0: one city (郑州市) of 50 streets × 10 communities × 20 compounds = 10,000
compounds, 6 yearly plans per street (2019–2024), 3 buildings, 5 work items and 4 milestones
per compound, a location for 49 compounds in 50 (around their street's centre in the city),
~200,000 daily logs with 5 entries each (1,000,000 entries), 100,000 residents' opinions
(with 1–2 topics each), 50,000 rectifications, the special fund's allocations and payments,
and a few participants. ``scale`` multiplies the counts (at least one street).

PostgreSQL gets every table through ``COPY ... FROM STDIN`` from an in-memory TSV stream, one
transaction per street; other databases (SQLite, for the tests) get ``executemany``. The
columns come from the models: a column the generator does not give takes the field's default
(``auto_now`` fields: the load's time), so a new field with a default needs no change here.

The figures stay consistent: a work item's ``done_quantity`` (and ``done_area``) is the sum of
its log entries; a compound's status agrees with its dates. The stored figures
(progress, last log, latest start, milestones' latest dates) are then computed by
``progress.figures.refresh_compound_figures``. History tables stay empty.
"""

import datetime
import io
import math
import random
import sys
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction
from django.utils import timezone

from common import clock
from compounds.choices import CompoundStatus, ManagementMode
from compounds.models import Assignment, Building, Community, Compound, RenovationPlan, Street
from compounds.roles import Role
from oversight.models import FundAllocation, FundPayment, Opinion, OpinionTopic, Participant
from oversight.opinions import rules as voice_rules
from oversight.opinions.choices import TOPIC_CHOICES, Channel, OpinionStatus
from oversight.opinions.models import reply_seconds
from oversight.organisation.choices import ParticipantKind
from progress import rules as progress_rules
from progress.choices import RectificationSource, RectificationStatus, Unit, WorkCategory
from progress.models import DailyLog, DailyLogEntry, Milestone, Rectification, WorkItem
from progress.selectors import working_calendar

BASE_COUNTS = {
    "streets": 50,
    "compounds": 10_000,
    "daily_logs": 200_000,
    "opinions": 100_000,
    "rectifications": 50_000,
}
COMMUNITIES_PER_STREET = 10
BUILDINGS_PER_COMPOUND = 3
ENTRIES_PER_LOG = 5  # one per work item
PLAN_YEARS = tuple(range(2019, 2025))
PLANNED_SHARE = 0.13  # compounds not started
REPLIED_SHARE = 0.70  # opinions with a reply
CLOSED_SHARE = 0.80  # rectifications resolved
SEED = 20240601

INSPECTOR = "bench-inspector"
STREET_STAFF = "bench-street-staff"
PASSWORD = "bench-pass-2024"  # noqa: S105  known on purpose: the load test logs in with it

META_TABLE = "bench_meta"
PING_TABLE = "bench_ping"

CITY = "郑州市"
DISTRICT_STREETS = {
    "金水区": "文化路 人民路 经八路 花园路 杜岭 大石桥 南阳路 丰产路 东风路 北林路 未来路 "
    "凤凰台 兴达路 国基路 丰庆路 龙子湖 博学路 如意湖 祭城路",
    "中原区": "林山寨 建设路 棉纺路 秦岭路 桐柏路 三官庙 绿东村 汝河路 须水 西流湖",
    "二七区": "淮河路 解放路 铭功路 一马路 蜜蜂张 五里堡 大学路 建中街 福华街 德化街 嵩山路 "
    "京广路 长江路 人和路",
    "管城回族区": "北下街 西大街 南关 城东路 东大街 二里岗 陇海马路 紫荆山南路 航海东路 "
    "商城路 潮河",
    "惠济区": "新城 刘寨 老鸦陈 长兴路 迎宾路 大河路",
}
# Where the compounds lie (WGS-84 degrees, six decimals, as Compound keeps them): each street's
# centre within a few km of its district's (about where the district is in 郑州市), each
# compound within about a km of its street's. One compound in UNLOCATED_EVERY has no location,
# so that the map's 未定位 list and the GeoJSON's null geometries are measured too.
DISTRICT_CENTRES = {
    "金水区": (34.800, 113.690),
    "中原区": (34.750, 113.600),
    "二七区": (34.715, 113.640),
    "管城回族区": (34.740, 113.700),
    "惠济区": (34.870, 113.620),
}
STREET_SPREAD_KM = 4.0
COMPOUND_SPREAD_KM = 1.2
UNLOCATED_EVERY = 50
UNLOCATED_AT = 7  # the index (modulo UNLOCATED_EVERY) of the compounds without a location
KM_PER_DEGREE = 111.2  # of latitude; of longitude, times the cosine of the latitude
COORDINATE = Decimal("0.000001")
ROAD_NAMES = (
    "纬一路 纬二路 纬三路 纬四路 经一路 经二路 经三路 经四路 黄河路 金水路 农业路 东明路 "
    "政七街 政六街 健康路 南阳路 工人路 伏牛路 嵩山路 桐柏路 友爱路 华山路 淮河路 大学路"
)
ROADS = ROAD_NAMES.split()
CHINESE_NUMBERS = "一二三四五六七八九十"
OWNERS = ("王建军", "李红梅", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周强", "吴敏")
MILESTONES = (("设计方案", 15), ("施工准备", 10), ("主体施工", 60), ("竣工验收", 10))
# Per compound: four fixed kinds of work, and one more that varies from compound to compound.
FIXED_WORK = (
    (WorkCategory.DEMOLITION, Unit.PLACE, (3, 15), 5000),
    (WorkCategory.PIPELINES, Unit.METRE, (300, 1500), 300),
    (WorkCategory.STAIRWELL_PAINTING, Unit.SQUARE_METRE, (2000, 6000), 60),
    (WorkCategory.ROAD_DRAINAGE, Unit.SQUARE_METRE, (1000, 5000), 150),
)
VARYING_WORK = (
    (WorkCategory.HEATING, Unit.HOUSEHOLD, (50, 200), 3000),
    (WorkCategory.ACCESS_CCTV, Unit.PLACE, (4, 20), 8000),
    (WorkCategory.GREENING, Unit.SQUARE_METRE, (200, 1500), 120),
    (WorkCategory.FACADE, Unit.SQUARE_METRE, (3000, 9000), 90),
    (WorkCategory.ROOF_WATERPROOFING, Unit.SQUARE_METRE, (800, 3000), 110),
    (WorkCategory.PARKING, Unit.PLACE, (20, 80), 2500),
    (WorkCategory.FIRE_LANE, Unit.METRE, (100, 500), 400),
)
SOURCES = (
    (RectificationSource.WEEKLY_MEETING, 30),
    (RectificationSource.DAILY_LOG, 25),
    (RectificationSource.SUPERVISION, 20),
    (RectificationSource.INSPECTION, 10),
    (RectificationSource.OPINION, 15),
)
CHANNELS = (
    (Channel.ONLINE, 40),
    (Channel.QR_POSTER, 20),
    (Channel.HOME_VISIT, 20),
    (Channel.COLLECTION_POINT, 10),
    (Channel.PHONE, 10),
)
TOPICS = [value for value, _label in TOPIC_CHOICES]
PROBLEMS = (
    "施工现场裸土未覆盖",
    "楼道堆放杂物影响通行",
    "管线开挖后路面未恢复",
    "夜间施工噪音扰民",
    "外墙脚手架防护网破损",
    "雨水井盖缺失存在安全隐患",
)
OPINION_TEXTS = (
    "希望加装楼道扶手，方便老人上下楼。",
    "小区停车位太少，建议规划停车区域。",
    "雨天院内积水严重，请尽快疏通排水。",
    "希望增加健身器材和休息座椅。",
    "楼道灯经常不亮，请检修。",
    "施工期间请注意控制噪音和扬尘。",
)


def counts_for(scale: float) -> dict:
    """Return the number of rows of each kind at ``scale`` (at least one street and one
    compound; a street has at most 10 communities and at least one compound in each)."""
    compounds = max(1, round(BASE_COUNTS["compounds"] * scale))
    streets = min(compounds, max(1, round(BASE_COUNTS["streets"] * scale)))
    return {
        "streets": streets,
        "compounds": compounds,
        "buildings": compounds * BUILDINGS_PER_COMPOUND,
        "work_items": compounds * (len(FIXED_WORK) + 1),
        "milestones": compounds * len(MILESTONES),
        "daily_logs": round(BASE_COUNTS["daily_logs"] * scale),
        "daily_log_entries": round(BASE_COUNTS["daily_logs"] * scale) * ENTRIES_PER_LOG,
        "opinions": round(BASE_COUNTS["opinions"] * scale),
        "rectifications": round(BASE_COUNTS["rectifications"] * scale),
    }


# --- Progress on stderr ------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on stderr, redrawn at most five times a second."""

    def __init__(self, label: str, total: int, stream=None, width: int = 30):
        self.label, self.total, self.width = label, max(total, 1), width
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.perf_counter()
        self._drawn = 0.0
        self.note = ""

    def update(self, step: int = 1, note: str = "") -> None:
        self.done += step
        self.note = note or self.note
        now = time.perf_counter()
        if now - self._drawn >= 0.2 or self.done >= self.total:
            self._drawn = now
            self._draw(now)

    def _draw(self, now) -> None:
        share = min(self.done / self.total, 1.0)
        filled = int(share * self.width)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(
            f"\r{self.label} [{bar}] {share:6.1%} {self.done}/{self.total} "
            f"{now - self.started:6.1f}s {self.note}   "
        )
        self.stream.flush()

    def finish(self) -> float:
        elapsed = time.perf_counter() - self.started
        if self.done < self.total:
            self._draw(time.perf_counter())
        self.stream.write("\n")
        self.stream.flush()
        return elapsed


# --- Tables and writers ------------------------------------------------------------------------

_REQUIRED = object()


class Table:
    """Rows for one model's table, in the order of its concrete columns. ``fields`` names the
    attributes each ``add`` gives (in order); every other column takes its default."""

    def __init__(self, model, fields, *, now):
        concrete = model._meta.concrete_fields
        self.model = model
        self.name = model._meta.db_table
        self.fields = concrete
        self.columns = [f.column for f in concrete]
        index = {f.attname: i for i, f in enumerate(concrete)}
        unknown = [name for name in fields if name not in index]
        if unknown:
            raise ImproperlyConfigured(f"{model.__name__} has no column {unknown}")
        self.positions = [index[name] for name in fields]
        self.defaults = []
        missing = []
        for i, f in enumerate(concrete):
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            elif f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif f.blank and isinstance(f, models.CharField | models.TextField):
                value = ""
            else:
                value = _REQUIRED
                if i not in self.positions:
                    missing.append(f.attname)
            self.defaults.append(value)
        if missing:
            raise ImproperlyConfigured(
                f"The bench data gives no value for {model.__name__}.{missing}"
            )
        self.rows: list[list] = []
        self.written = 0

    def add(self, *values) -> None:
        row = self.defaults.copy()
        for position, value in zip(self.positions, values, strict=True):
            row[position] = value
        self.rows.append(row)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    kind = type(value)
    if kind is str:
        return value.translate(_COPY_ESCAPES)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    return str(value)  # int, Decimal, date, aware datetime: PostgreSQL reads str() as is


class CopyWriter:
    """Write a table's rows with PostgreSQL's COPY from an in-memory TSV stream."""

    def write(self, table: Table) -> None:
        if not table.rows:
            return
        buffer = io.StringIO()
        text = _copy_text
        for row in table.rows:
            buffer.write("\t".join([text(value) for value in row]))
            buffer.write("\n")
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(c) for c in table.columns)
        with connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {connection.ops.quote_name(table.name)} ({columns}) FROM STDIN", buffer
            )
        table.written += len(table.rows)
        table.rows.clear()


class InsertWriter:
    """Write a table's rows with executemany (any database; for small scales)."""

    def write(self, table: Table) -> None:
        if not table.rows:
            return
        ops = connection.ops
        adapters = []
        for f in table.fields:
            if isinstance(f, models.DateTimeField):
                adapters.append(ops.adapt_datetimefield_value)
            elif isinstance(f, models.DateField):
                adapters.append(ops.adapt_datefield_value)
            elif isinstance(f, models.DecimalField):
                adapters.append(
                    lambda v, f=f: ops.adapt_decimalfield_value(v, f.max_digits, f.decimal_places)
                )
            else:
                adapters.append(None)
        rows = [
            [
                value if adapt is None or value is None else adapt(value)
                for adapt, value in zip(adapters, row, strict=True)
            ]
            for row in table.rows
        ]
        columns = ", ".join(ops.quote_name(c) for c in table.columns)
        marks = ", ".join(["%s"] * len(table.columns))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {ops.quote_name(table.name)} ({columns}) VALUES ({marks})", rows
            )
        table.written += len(table.rows)
        table.rows.clear()


# --- The city ----------------------------------------------------------------------------------


def _cents(value: int) -> Decimal:
    return Decimal(value).scaleb(-2)


def _split(total: int, parts: int) -> list[int]:
    """``total`` in ``parts`` whole shares that differ by at most one and sum to ``total``."""
    base, extra = divmod(total, parts)
    return [base + (i < extra) for i in range(parts)]


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def _around(rng, centre: tuple[float, float], km: float) -> tuple[float, float]:
    """A point drawn evenly from the disc of ``km`` around ``centre`` (latitude, longitude)."""
    latitude, longitude = centre
    distance, bearing = km * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    return (
        latitude + distance * math.cos(bearing) / KM_PER_DEGREE,
        longitude
        + distance * math.sin(bearing) / (KM_PER_DEGREE * math.cos(math.radians(latitude))),
    )


def _allocate(rng, total: int, weights: list[float]) -> list[int]:
    """Share ``total`` among the indexes in proportion to ``weights`` (exactly ``total``)."""
    sum_weights = sum(weights)
    if total <= 0 or sum_weights <= 0:
        return [0] * len(weights)
    shares = [int(total * w / sum_weights) for w in weights]
    candidates = [i for i, w in enumerate(weights) if w > 0]
    for _ in range(total - sum(shares)):
        shares[rng.choice(candidates)] += 1
    return shares


@dataclass
class Site:
    """One compound as the generator plans it before writing it."""

    index: int
    street: int
    community: int
    year: int
    status: str = CompoundStatus.PLANNED
    started_on: datetime.date | None = None
    completed_on: datetime.date | None = None
    accepted_on: datetime.date | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    log_days: list = field(default_factory=list)
    logs: int = 0
    opinions: int = 0
    rectifications: int = 0


class City:
    """Plans the city once (which compound is where, in what state, with how many logs,
    opinions and problems), then writes it street by street."""

    def __init__(self, scale: float, *, seed: int = SEED, today=None, now=None):
        self.scale = scale
        self.rng = random.Random(seed)  # noqa: S311  (test data)
        self.today = today or clock.today()
        self.now = now or clock.now()
        self.tz = timezone.get_current_timezone()
        self.counts = counts_for(scale)
        self.calendar = working_calendar()
        self.streets = self._street_names(self.counts["streets"])
        self.sites = self._plan_sites()
        self._place_sites(seed)

    # -- planning

    @staticmethod
    def _street_names(count: int) -> list[tuple[str, str]]:
        pool = [
            (district, f"{name}街道")
            for district, names in DISTRICT_STREETS.items()
            for name in names.split()
        ]
        return [
            (district, name if i < len(pool) else f"{name[:-2]}{i // len(pool) + 1}街道")
            for i, (district, name) in ((i, pool[i % len(pool)]) for i in range(count))
        ]

    def communities_in(self, compounds_in_street: int) -> int:
        return max(1, min(COMMUNITIES_PER_STREET, compounds_in_street))

    def street_range(self, street: int) -> range:
        n, streets = self.counts["compounds"], self.counts["streets"]
        return range(street * n // streets, (street + 1) * n // streets)

    def _plan_sites(self) -> list[Site]:
        rng, n = self.rng, self.counts["compounds"]
        sites = []
        for street in range(self.counts["streets"]):
            span = self.street_range(street)
            communities = self.communities_in(len(span))
            for local, index in enumerate(span):
                year = PLAN_YEARS[local * len(PLAN_YEARS) // len(span)]
                community = local * communities // len(span)
                sites.append(Site(index=index, street=street, community=community, year=year))
        planned = set(rng.sample(range(n), round(n * PLANNED_SHARE)))
        if len(planned) == n:  # tiny scales: at least one compound at work
            planned.discard(0)
        for site in sites:
            if site.index in planned:
                continue
            if site.year <= 2021:
                odds = (
                    (CompoundStatus.ACCEPTED, 75),
                    (CompoundStatus.COMPLETED, 15),
                    (CompoundStatus.STARTED, 10),
                )
            elif site.year <= 2023:
                odds = (
                    (CompoundStatus.ACCEPTED, 40),
                    (CompoundStatus.COMPLETED, 25),
                    (CompoundStatus.STARTED, 35),
                )
            else:
                odds = (
                    (CompoundStatus.ACCEPTED, 10),
                    (CompoundStatus.COMPLETED, 20),
                    (CompoundStatus.STARTED, 70),
                )
            site.status = _weighted(rng, odds)
        started = [s for s in sites if s.status != CompoundStatus.PLANNED]
        weights = [0.0] * n
        for s in started:
            weights[s.index] = rng.uniform(0.5, 1.5)
        for site, logs in zip(
            sites, _allocate(rng, self.counts["daily_logs"], weights), strict=True
        ):
            site.logs = logs
        for site in started:
            self._date_site(site)
        opinion_weights = [1.0] * n
        for site, count in zip(
            sites, _allocate(rng, self.counts["opinions"], opinion_weights), strict=True
        ):
            site.opinions = count
        problem_weights = [1.0 if s.status != CompoundStatus.PLANNED else 0.2 for s in sites]
        for site, count in zip(
            sites, _allocate(rng, self.counts["rectifications"], problem_weights), strict=True
        ):
            site.rectifications = count
        return sites

    def _place_sites(self, seed) -> None:
        """Give the compounds their locations, from a generator of their own: the rest of the
        data set is the same as it was before compounds had locations."""
        rng = random.Random(f"{seed}:locations")  # noqa: S311  (test data)
        centres = [
            _around(rng, DISTRICT_CENTRES[district], STREET_SPREAD_KM)
            for district, _name in self.streets
        ]
        for site in self.sites:
            latitude, longitude = _around(rng, centres[site.street], COMPOUND_SPREAD_KM)
            if site.index % UNLOCATED_EVERY != UNLOCATED_AT:
                site.latitude = Decimal(f"{latitude:.6f}").quantize(COORDINATE)
                site.longitude = Decimal(f"{longitude:.6f}").quantize(COORDINATE)

    def _working_days(self, first: datetime.date, count: int, step: int) -> list:
        days, day = [], first
        one = datetime.timedelta(days=step)
        while len(days) < count:
            if self.calendar.is_working_day(day):
                days.append(day)
            day += one
        return days

    def _date_site(self, site: Site) -> None:
        rng, yesterday = self.rng, self.today - datetime.timedelta(days=1)
        if site.status == CompoundStatus.STARTED:
            # At work now: the logs are the last working days up to a few days ago.
            last = yesterday - datetime.timedelta(days=rng.randrange(0, 8))
            site.log_days = sorted(self._working_days(last, site.logs, -1))
            earliest = site.log_days[0] if site.log_days else last
            site.started_on = min(
                earliest, self.today - datetime.timedelta(days=rng.randrange(60, 400))
            )
            return
        start = datetime.date(site.year, 3, 1) + datetime.timedelta(days=rng.randrange(0, 180))
        site.started_on = self.calendar.on_or_after(start)
        site.log_days = self._working_days(site.started_on, site.logs, 1)
        last = site.log_days[-1] if site.log_days else site.started_on
        site.completed_on = min(yesterday, last + datetime.timedelta(days=rng.randrange(1, 20)))
        if site.status == CompoundStatus.ACCEPTED:
            site.accepted_on = min(
                yesterday, site.completed_on + datetime.timedelta(days=rng.randrange(10, 60))
            )

    # -- writing

    def at(self, day: datetime.date, hour: int = 18, minute: int = 0) -> datetime.datetime:
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=self.tz)

    def tables(self) -> dict[str, Table]:
        now = self.now
        return {
            "street": Table(Street, ["id", "name", "district", "city"], now=now),
            "community": Table(Community, ["id", "street_id", "name", "address"], now=now),
            "plan": Table(
                RenovationPlan,
                ["id", "street_id", "year", "name", "target_completion_date"],
                now=now,
            ),
            "compound": Table(
                Compound,
                [
                    "id",
                    "plan_id",
                    "community_id",
                    "name",
                    "address",
                    "year_built",
                    "status",
                    "started_on",
                    "completed_on",
                    "accepted_on",
                    "is_demonstration",
                    "person_in_charge",
                    "contact_person",
                    "had_no_manager",
                    "management_mode",
                    "property_company",
                    "yearly_fee_per_household",
                    "latitude",
                    "longitude",
                ],
                now=now,
            ),
            "building": Table(
                Building,
                ["id", "compound_id", "number", "floors", "units", "households", "floor_area"],
                now=now,
            ),
            "work_item": Table(
                WorkItem,
                [
                    "id",
                    "compound_id",
                    "category",
                    "description",
                    "planned_quantity",
                    "unit",
                    "weight",
                    "done_quantity",
                    "planned_area",
                    "done_area",
                ],
                now=now,
            ),
            "milestone": Table(
                Milestone,
                [
                    "id",
                    "compound_id",
                    "order",
                    "name",
                    "owner",
                    "duration",
                    "actual_start",
                    "actual_finish",
                ],
                now=now,
            ),
            "daily_log": Table(
                DailyLog,
                [
                    "id",
                    "compound_id",
                    "date",
                    "workers",
                    "covered",
                    "wet_work",
                    "vehicle_washing",
                    "hoarding",
                    "safety_patrol",
                    "created",
                    "updated",
                ],
                now=now,
            ),
            "entry": Table(
                DailyLogEntry, ["id", "log_id", "work_item_id", "quantity", "area"], now=now
            ),
            "rectification": Table(
                Rectification,
                [
                    "id",
                    "source",
                    "compound_id",
                    "level",
                    "description",
                    "responsible_unit",
                    "owner",
                    "deadline",
                    "status",
                    "resolution",
                    "closed_on",
                    "verification_note",
                    "created",
                    "updated",
                ],
                now=now,
            ),
            "opinion": Table(
                Opinion,
                [
                    "id",
                    "code",
                    "compound_id",
                    "building_id",
                    "text",
                    "channel",
                    "consent_at",
                    "received_at",
                    "status",
                    "reason",
                    "reply",
                    "reply_published",
                    "replied_at",
                    "reply_seconds",
                    "closed_at",
                    "work_item_id",
                    "hidden",
                    "hidden_reason",
                    "notified_at",
                    "created",
                    "updated",
                ],
                now=now,
            ),
            "topic": Table(OpinionTopic, ["id", "opinion_id", "topic"], now=now),
            "allocation": Table(
                FundAllocation, ["id", "compound_id", "work_item_id", "amount", "note"], now=now
            ),
            "payment": Table(
                FundPayment,
                ["id", "allocation_id", "paid_on", "payee", "amount", "document", "note"],
                now=now,
            ),
            "participant": Table(
                Participant,
                ["id", "street_id", "community_id", "kind", "name", "people", "red_property"],
                now=now,
            ),
        }

    def write(self, writer, *, progress: Progress | None = None, first_ids=None) -> dict:
        """Write the whole city through ``writer``, one transaction per street; return the
        rows written per table."""
        tables = self.tables()
        ids = {name: (first_ids or {}).get(name, 0) for name in tables}
        codes: set[str] = set()
        for street in range(self.counts["streets"]):
            with transaction.atomic():
                self._write_street(street, tables, ids, codes)
                for table in tables.values():  # in foreign-key order
                    writer.write(table)
            if progress is not None:
                progress.update(
                    len(self.street_range(street)),
                    note=f"{tables['entry'].written} entries",
                )
        return {table.name: table.written for table in tables.values()}

    def _next(self, ids, name) -> int:
        ids[name] += 1
        return ids[name]

    def _write_street(self, street: int, t: dict, ids: dict, codes: set) -> None:
        rng = self.rng
        district, street_name = self.streets[street]
        street_id = self._next(ids, "street")
        t["street"].add(street_id, street_name, district, CITY)
        span = self.street_range(street)
        community_ids = []
        for c in range(self.communities_in(len(span))):
            community_id = self._next(ids, "community")
            number = CHINESE_NUMBERS[c] if c < len(CHINESE_NUMBERS) else str(c + 1)
            name = f"{street_name[:-2]}第{number}社区"
            t["community"].add(community_id, street_id, name, f"{CITY}{district}{name}")
            community_ids.append(community_id)
            t["participant"].add(
                self._next(ids, "participant"),
                street_id,
                community_id,
                ParticipantKind.COMMITTEE,
                f"{name}两委",
                rng.randrange(5, 12),
                False,
            )
        for kind, name, red in (
            (ParticipantKind.VOLUNTEER_TEAM, f"{street_name}志愿服务队", False),
            (ParticipantKind.PROPERTY_COMPANY, f"{street_name[:-2]}物业服务有限公司", True),
        ):
            t["participant"].add(
                self._next(ids, "participant"),
                street_id,
                None,
                kind,
                name,
                rng.randrange(10, 60),
                red,
            )
        plan_ids = {}
        for year in PLAN_YEARS:
            plan_id = self._next(ids, "plan")
            t["plan"].add(
                plan_id,
                street_id,
                year,
                f"{street_name}{year}年老旧小区改造计划",
                datetime.date(year + 1, 12, 31),
            )
            plan_ids[year] = plan_id
        for index in span:
            self._write_compound(
                self.sites[index],
                plan_ids[self.sites[index].year],
                community_ids[self.sites[index].community],
                t,
                ids,
                codes,
            )

    def _write_compound(self, site: Site, plan_id, community_id, t, ids, codes) -> None:
        rng, today = self.rng, self.today
        compound_id = self._next(ids, "compound")
        road = ROADS[site.index % len(ROADS)]
        name = f"{road}{site.index + 1}号院"
        accepted = site.status == CompoundStatus.ACCEPTED
        mode = (
            _weighted(
                rng,
                (
                    (ManagementMode.PROPERTY_COMPANY, 5),
                    (ManagementMode.SELF_GOVERNANCE, 3),
                    (ManagementMode.NONE, 2),
                ),
            )
            if accepted
            else ManagementMode.NONE
        )
        t["compound"].add(
            compound_id,
            plan_id,
            community_id,
            name,
            f"{road}{site.index + 1}号",
            rng.randrange(1978, 2001),
            site.status,
            site.started_on,
            site.completed_on,
            site.accepted_on,
            rng.random() < 0.02,
            OWNERS[site.index % len(OWNERS)],
            OWNERS[(site.index + 3) % len(OWNERS)],
            rng.random() < 0.4,
            mode,
            "郑州市某物业服务有限公司" if mode == ManagementMode.PROPERTY_COMPANY else "",
            _cents(rng.randrange(12000, 36000)) if mode != ManagementMode.NONE else None,
            site.latitude,
            site.longitude,
        )
        building_ids = []
        for number in range(1, BUILDINGS_PER_COMPOUND + 1):
            building_id = self._next(ids, "building")
            floors, units = rng.randrange(5, 8), rng.randrange(2, 4)
            households = floors * units * 2
            t["building"].add(
                building_id,
                compound_id,
                f"{number}号楼",
                floors,
                units,
                households,
                _cents(households * rng.randrange(5500, 8500)),
            )
            building_ids.append(building_id)

        # Work items with their share done, and the logs that did it.
        if site.status in (CompoundStatus.COMPLETED, CompoundStatus.ACCEPTED):
            share = 1.0
        elif site.status == CompoundStatus.STARTED:
            share = rng.uniform(0.15, 0.9)
        else:
            share = 0.0
        k = len(site.log_days)
        kinds = (*FIXED_WORK, VARYING_WORK[site.index % len(VARYING_WORK)])
        items = []  # (id, quantity shares, area shares)
        for category, unit, (low, high), price in kinds:
            item_id = self._next(ids, "work_item")
            planned = rng.randrange(low, high + 1) * 100  # cents of the unit
            done = round(planned * share) if k else 0
            quantities = _split(done, k) if k else []
            area_planned = area_done = None
            areas = [None] * k
            if category == WorkCategory.DEMOLITION:
                area_planned = rng.randrange(50, 400) * 100
                area_done = round(area_planned * share) if k else 0
                areas = [_cents(a) for a in _split(area_done, k)] if k else []
            t["work_item"].add(
                item_id,
                compound_id,
                category,
                "",
                _cents(planned),
                unit,
                Decimal(1),
                _cents(sum(quantities)),
                None if area_planned is None else _cents(area_planned),
                _cents(area_done or 0),
            )
            items.append((item_id, quantities, areas, planned, price))
        for position, day in enumerate(site.log_days):
            log_id = self._next(ids, "daily_log")
            filed = self.at(day, 18, rng.randrange(0, 60))
            t["daily_log"].add(
                log_id,
                compound_id,
                day,
                rng.randrange(8, 40),
                True,
                True,
                rng.random() < 0.9,
                True,
                rng.random() < 0.95,
                filed,
                filed,
            )
            for item_id, quantities, areas, _planned, _price in items:
                t["entry"].add(
                    self._next(ids, "entry"),
                    log_id,
                    item_id,
                    _cents(quantities[position]),
                    areas[position],
                )

        # Milestones: the steps done so far, in order, between the start and the completion.
        finish = site.completed_on or today
        steps_done = {CompoundStatus.PLANNED: 0, CompoundStatus.STARTED: 2}.get(site.status, 4)
        bounds = []
        if site.started_on:
            days = max((finish - site.started_on).days, 4)
            bounds = [site.started_on + datetime.timedelta(days=days * i // 4) for i in range(5)]
        for order, (step, duration) in enumerate(MILESTONES, start=1):
            actual_start = actual_finish = None
            if order <= steps_done:
                actual_start, actual_finish = bounds[order - 1], bounds[order]
            elif order == steps_done + 1 and site.status == CompoundStatus.STARTED:
                actual_start = bounds[order - 1]
            t["milestone"].add(
                self._next(ids, "milestone"),
                compound_id,
                order,
                step,
                OWNERS[(site.index + order) % len(OWNERS)],
                duration,
                actual_start,
                actual_finish,
            )

        # The special fund: a budget per work item and a general one; payments once started.
        allocations = []
        for item_id, _q, _a, planned, price in items:
            allocation_id = self._next(ids, "allocation")
            amount = planned * price
            t["allocation"].add(allocation_id, compound_id, item_id, _cents(amount), "")
            allocations.append((allocation_id, amount))
        allocation_id = self._next(ids, "allocation")
        amount = rng.randrange(50_000, 200_000) * 100
        t["allocation"].add(allocation_id, compound_id, None, _cents(amount), "设计、监理等费用")
        allocations.append((allocation_id, amount))
        if site.started_on:
            for _ in range(rng.randrange(1, 4)):
                allocation_id, amount = rng.choice(allocations)
                paid_on = site.started_on + datetime.timedelta(
                    days=rng.randrange(0, max(1, (finish - site.started_on).days))
                )
                payment_id = self._next(ids, "payment")
                t["payment"].add(
                    payment_id,
                    allocation_id,
                    min(paid_on, today),
                    "郑州市某建设工程有限公司",
                    _cents(max(1, amount * rng.randrange(10, 50) // 100)),
                    f"fund-documents/bench/{payment_id}.pdf",
                    "进度款",
                )

        self._write_problems(site, compound_id, t, ids)
        self._write_opinions(site, compound_id, building_ids, items, t, ids, codes)

    def _write_problems(self, site: Site, compound_id, t, ids) -> None:
        rng, today = self.rng, self.today
        first = site.started_on or today - datetime.timedelta(days=365)
        last = site.completed_on or today
        for _ in range(site.rectifications):
            day = first + datetime.timedelta(days=rng.randrange(0, max(1, (last - first).days)))
            source = _weighted(rng, SOURCES)
            created = self.at(day, rng.randrange(8, 18), rng.randrange(0, 60))
            deadline = day + datetime.timedelta(days=rng.randrange(7, 31))
            if rng.random() < CLOSED_SHARE:
                status = RectificationStatus.CLOSED
            else:
                status = _weighted(
                    rng,
                    (
                        (RectificationStatus.OPEN, 40),
                        (RectificationStatus.RECTIFYING, 30),
                        (RectificationStatus.SUBMITTED, 20),
                        (RectificationStatus.SENT_BACK, 10),
                    ),
                )
            closed_on = None
            if status == RectificationStatus.CLOSED:
                closed_on = min(today, day + datetime.timedelta(days=rng.randrange(1, 40)))
            resolved = status in (RectificationStatus.CLOSED, RectificationStatus.SUBMITTED)
            t["rectification"].add(
                self._next(ids, "rectification"),
                source,
                compound_id,
                progress_rules.SOURCE_LEVEL[source],
                rng.choice(PROBLEMS),
                "施工单位",
                rng.choice(OWNERS),
                deadline,
                status,
                "已按要求整改完毕。" if resolved else "",
                closed_on,
                "整改不到位，请重新整改。" if status == RectificationStatus.SENT_BACK else "",
                created,
                created,
            )

    def _write_opinions(self, site, compound_id, building_ids, items, t, ids, codes) -> None:
        rng, now = self.rng, self.now
        start = datetime.datetime(2019, 1, 1, 8, tzinfo=self.tz)
        seconds = int((now - start).total_seconds())
        for _ in range(site.opinions):
            replied = rng.random() < REPLIED_SHARE
            if replied or rng.random() < 0.2:
                received = start + datetime.timedelta(seconds=rng.randrange(seconds))
            else:  # most unanswered ones are recent
                received = now - datetime.timedelta(seconds=rng.randrange(45 * 86400))
            channel = _weighted(rng, CHANNELS)
            status, replied_at, closed_at, reason, reply, work_item = (
                _weighted(rng, ((OpinionStatus.RECEIVED, 6), (OpinionStatus.IN_REVIEW, 4))),
                None,
                None,
                "",
                "",
                None,
            )
            if replied:
                status = _weighted(
                    rng,
                    (
                        (OpinionStatus.ANSWERED, 50),
                        (OpinionStatus.ACCEPTED, 20),
                        (OpinionStatus.CLOSED, 20),
                        (OpinionStatus.NOT_FEASIBLE, 10),
                    ),
                )
                replied_at = min(
                    now, received + datetime.timedelta(seconds=rng.randrange(3600, 20 * 86400))
                )
                reply = "感谢您的意见，已转交相关部门研究办理。"
                if status == OpinionStatus.NOT_FEASIBLE:
                    reason = "该位置地下管线密集，不具备实施条件。"
                if status == OpinionStatus.CLOSED:
                    closed_at = min(now, replied_at + datetime.timedelta(days=rng.randrange(1, 10)))
                if status == OpinionStatus.ACCEPTED:
                    work_item = rng.choice(items)[0]
            year = timezone.localtime(received, self.tz).year
            code = voice_rules.new_code("BN", year, token=rng.choice)
            while code in codes:
                code = voice_rules.new_code("BN", year, token=rng.choice)
            codes.add(code)
            hidden = rng.random() < 0.01
            opinion_id = self._next(ids, "opinion")
            t["opinion"].add(
                opinion_id,
                code,
                compound_id,
                rng.choice(building_ids) if rng.random() < 0.5 else None,
                rng.choice(OPINION_TEXTS),
                channel,
                received if channel in (Channel.ONLINE, Channel.QR_POSTER) else None,
                received,
                status,
                reason,
                reply,
                replied and rng.random() < 0.5,
                replied_at,
                reply_seconds(received, replied_at),
                closed_at,
                work_item,
                hidden,
                "广告信息" if hidden else "",
                received + datetime.timedelta(minutes=5),
                received,
                replied_at or received,
            )
            for topic in rng.sample(TOPICS, 1 if rng.random() < 0.6 else 2):
                t["topic"].add(self._next(ids, "topic"), opinion_id, topic)


# --- Around the load ---------------------------------------------------------------------------

TABLE_MODELS = {
    "street": Street,
    "community": Community,
    "plan": RenovationPlan,
    "compound": Compound,
    "building": Building,
    "work_item": WorkItem,
    "milestone": Milestone,
    "daily_log": DailyLog,
    "entry": DailyLogEntry,
    "rectification": Rectification,
    "opinion": Opinion,
    "topic": OpinionTopic,
    "allocation": FundAllocation,
    "payment": FundPayment,
    "participant": Participant,
}


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def ensure_bench_tables() -> None:
    """Create the benchmark's own two tables (no migration: they are not the portal's)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key varchar(50) PRIMARY KEY, "
            "value text NOT NULL)"
        )
        if is_postgresql():
            cursor.execute(
                f"CREATE TABLE IF NOT EXISTS {PING_TABLE} (id bigserial PRIMARY KEY, "
                "created timestamptz NOT NULL DEFAULT now())"
            )


def read_meta() -> dict:
    if META_TABLE not in connection.introspection.table_names():
        return {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, value FROM {META_TABLE}")
        return dict(cursor.fetchall())


def write_meta(values: dict) -> None:
    ensure_bench_tables()
    with transaction.atomic(), connection.cursor() as cursor:
        for key, value in values.items():
            cursor.execute(f"DELETE FROM {META_TABLE} WHERE key = %s", [key])
            cursor.execute(
                f"INSERT INTO {META_TABLE} (key, value) VALUES (%s, %s)", [key, str(value)]
            )


def portal_has_data() -> bool:
    return any(m.objects.exists() for m in (Compound, Street, Community, RenovationPlan))


def flush() -> list[str]:
    """Empty the portal's tables (every table of compounds, progress and oversight but the
    holiday calendar, which a migration fills) and the benchmark's own; PostgreSQL only."""
    from django.apps import apps

    if not is_postgresql():
        raise ImproperlyConfigured("--flush needs PostgreSQL; use a fresh database instead.")
    keep = {"progress_calendarday", "progress_historicalcalendarday"}
    names = []
    for label in ("compounds", "progress", "oversight"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            table = model._meta.db_table
            if table not in keep and not model._meta.proxy and table not in names:
                names.append(table)
    existing = set(connection.introspection.table_names())
    names += [t for t in (META_TABLE, PING_TABLE) if t in existing]
    quoted = ", ".join(connection.ops.quote_name(n) for n in names)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    return names


def _first_ids() -> dict:
    """The highest id of each table, so new rows follow any already there."""
    result = {}
    with connection.cursor() as cursor:
        for name, model in TABLE_MODELS.items():
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
            result[name] = cursor.fetchone()[0]
    return result


def _reset_sequences() -> None:
    if not is_postgresql():
        return
    with connection.cursor() as cursor:
        for model in TABLE_MODELS.values():
            table = model._meta.db_table
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                f"GREATEST((SELECT MAX(id) FROM {connection.ops.quote_name(table)}), 1))",
                [table],
            )


def ensure_users(street=None) -> dict:
    """Create (or reset) the benchmark's users: a district inspector, and a street staff member
    assigned to ``street`` (the first street by default); both with PASSWORD."""
    from compounds.roles import sync_roles

    if not Group.objects.filter(name=Role.DISTRICT_INSPECTOR).exists():
        sync_roles()
    user_model = get_user_model()
    street = street or Street.objects.order_by("pk").first()
    users = {}
    for username, role in ((INSPECTOR, Role.DISTRICT_INSPECTOR), (STREET_STAFF, Role.STREET_STAFF)):
        user, _created = user_model.objects.get_or_create(username=username)
        user.set_password(PASSWORD)
        user.is_active = True
        user.save()
        user.groups.set([Group.objects.get(name=role)])
        users[role] = user
    staff = users[Role.STREET_STAFF]
    Assignment.objects.filter(user=staff).exclude(street=street).delete()
    if street is not None:
        Assignment.objects.get_or_create(user=staff, defaults={"street": street})
    return {"inspector": users[Role.DISTRICT_INSPECTOR], "street_staff": staff, "street": street}


def analyze() -> None:
    """VACUUM ANALYZE after the bulk load, as autovacuum would soon do on a live database: the
    statistics for the planner, and the visibility map that lets the dashboard's counts read
    their indexes only."""
    with connection.cursor() as cursor:
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def load(*, scale: float, stderr=None, seed: int = SEED) -> dict:
    """Fill the database with the city at ``scale``, bring the stored figures up to date and
    ANALYZE; return the timings (seconds) and the rows written."""
    from progress.figures import refresh_compound_figures

    stderr = stderr or sys.stderr
    timings = {}
    began = time.perf_counter()
    city = City(scale, seed=seed)
    timings["plan_s"] = round(time.perf_counter() - began, 2)
    writer = CopyWriter() if is_postgresql() else InsertWriter()
    progress = Progress("loading compounds", city.counts["compounds"], stream=stderr)
    rows = city.write(writer, progress=progress, first_ids=_first_ids())
    timings["write_s"] = round(progress.finish(), 2)
    _reset_sequences()

    step = time.perf_counter()
    stderr.write("refreshing the stored figures (refresh_compound_figures) ...\n")
    refreshed = refresh_compound_figures()
    timings["refresh_compound_figures_s"] = round(time.perf_counter() - step, 2)
    step = time.perf_counter()
    analyze()
    timings["analyze_s"] = round(time.perf_counter() - step, 2)
    ensure_users()
    timings["total_s"] = round(time.perf_counter() - began, 2)
    write_meta(
        {
            "scale": scale,
            "seed": seed,
            "loaded_at": clock.now().isoformat(),
            "load_seconds": timings["total_s"],
            "writer": type(writer).__name__,
        }
    )
    return {"timings": timings, "rows": rows, "refreshed": refreshed, "counts": city.counts}


def row_counts() -> dict:
    """Rows of the main tables now."""
    return {
        model._meta.db_table: model.objects.count()
        for model in (*TABLE_MODELS.values(), Opinion)
        if model is not Participant
    } | {Participant._meta.db_table: Participant.objects.count()}


def consistency() -> dict:
    """What the loader promises, checked on the data: work items whose done quantity is not
    the sum of their entries (should be 0), compounds with a stored progress, compounds with a
    location."""
    cent = Decimal("0.01")
    rows = WorkItem.objects.annotate(total=models.Sum("entries__quantity")).values_list(
        "done_quantity", "total"
    )
    mismatched = sum(
        1 for done, total in rows.iterator() if done != Decimal(total or 0).quantize(cent)
    )
    return {
        "work_items_not_matching_entries": mismatched,
        "compounds_with_progress": Compound.objects.filter(progress__gt=0).count(),
        "compounds_with_last_log": Compound.objects.filter(last_log_on__isnull=False).count(),
        "compounds_located": Compound.objects.filter(
            latitude__isnull=False, longitude__isnull=False
        ).count(),
        "milestones_scheduled": Milestone.objects.filter(latest_start__isnull=False).count(),
    }
