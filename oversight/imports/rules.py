"""What a register file may hold: its kinds, their columns, the headings offices write for each,
how each cell is read, and the limits of a plausible value. Pure: no database.

A kind is one register (communities, compounds, buildings, households, work items, staff). Its
columns name the field they fill, the heading our template writes and the headings offices
write instead (户数 / 住户数 / 居民户数). A record is found again by its natural key: a community by
its name within the street, a compound by its name within the community, a building by its
number within the compound, a home by its unit and door within the building, a staff account by
its phone.
"""

from dataclasses import dataclass, field

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from compounds.choices import CommunityKind, ManagementMode
from compounds.roles import Role
from progress.choices import Unit as WorkUnit
from progress.choices import WorkCategory

from .cells import normalise_heading

COMMUNITIES = "communities"
COMPOUNDS = "compounds"
BUILDINGS = "buildings"
HOUSEHOLDS = "households"
WORK_ITEMS = "work_items"
STAFF = "staff"

# The order a file's sheets are imported in: each kind may name records of the kinds before it,
# in the database or in the same file.
KIND_ORDER = (COMMUNITIES, COMPOUNDS, BUILDINGS, HOUSEHOLDS, WORK_ITEMS, STAFF)
KIND_LABELS = {
    COMMUNITIES: _("communities"),
    COMPOUNDS: _("compounds"),
    BUILDINGS: _("buildings"),
    HOUSEHOLDS: pgettext_lazy("model", "households"),
    WORK_ITEMS: _("work items"),
    STAFF: _("staff accounts"),
}

# How a cell is read (oversight.imports.cells)
TEXT, COUNT, DECIMAL, YEAR, BOOL, CHOICE, PHONE, COORDINATE = (
    "text", "count", "decimal", "year", "bool", "choice", "phone", "coordinate",
)  # fmt: skip

# Roles an import may give: the city-wide ones are given one by one by an administrator.
IMPORTABLE_ROLES = (Role.STREET_STAFF, Role.COMMUNITY_STAFF, Role.RESIDENT_SUPERVISOR)
# Headings of the row-number column offices keep: read and ignored, never asked about.
IGNORED_HEADINGS = frozenset({"序号", "编号", "no", "no.", "#", "行号", "id"})


@dataclass(frozen=True)
class Column:
    field: str
    heading: str  # the heading of our template (Chinese, as offices write it)
    label: str  # what the field is, in the reader's language (the mapping step)
    kind: str = TEXT
    required: bool = False
    synonyms: tuple = ()
    example: str = ""
    minimum: object = None
    maximum: object = None
    max_length: int | None = None
    choices: tuple = ()  # (value, words that mean it) for CHOICE
    options: type | None = None  # the TextChoices the choices come from
    stored: bool = True  # False: read and checked against the records, not stored

    @property
    def names(self) -> set[str]:
        """The headings that mean this column: ours, the offices', and its label in English and
        Chinese (the headings of the portal's own list exports)."""
        texts = {self.heading, *self.synonyms}
        for language in ("en", "zh-hans"):
            with translation.override(language):
                texts.add(str(self.label))
        return {normalise_heading(text) for text in texts} - {""}


def _choice_words(choices, aliases=None) -> tuple:
    """Each choice's value with the words that mean it: the value, its label in English and in
    Chinese, and the ``aliases`` offices write."""
    aliases = aliases or {}
    words = []
    for value, label in choices.choices:
        found = {value, str(label)}
        with translation.override("en"):
            found.add(str(label))
        with translation.override("zh-hans"):
            found.add(str(label))
        found |= set(aliases.get(value, ()))
        words.append((value, tuple(normalise_heading(word) for word in found)))
    return tuple(words)


UNIT_ALIASES = {
    WorkUnit.PLACE: ("处",),
    WorkUnit.SQUARE_METRE: ("㎡", "m2", "m²", "平方米", "平米", "平方"),
    WorkUnit.METRE: ("米", "m", "延米"),
    WorkUnit.HOUSEHOLD: ("户",),
    WorkUnit.BUILDING: ("栋", "幢"),
    WorkUnit.MACHINE: ("台",),
    WorkUnit.KILOMETRE: ("公里", "千米", "km"),
    WorkUnit.ELEVATOR: ("部",),
    WorkUnit.PIECE: ("个", "套"),
}
CATEGORY_ALIASES = {
    WorkCategory.DEMOLITION: ("拆违", "拆除违建", "违建拆除", "拆除违章建筑"),
    WorkCategory.PIPELINES: ("管网", "管线入地", "强弱电入地", "管网改造", "雨污分流"),
    WorkCategory.STAIRWELL_PAINTING: ("楼道粉刷", "楼道刷新", "楼道整治"),
    WorkCategory.HEATING: ("供暖", "暖气", "集中供暖"),
    WorkCategory.ELEVATOR: ("加装电梯", "电梯"),
    WorkCategory.ROAD_DRAINAGE: ("道路", "路面", "道路改造", "排水"),
    WorkCategory.ACCESS_CCTV: ("门禁", "监控", "安防", "门禁监控"),
    WorkCategory.GUARD_ROOM: ("门卫室", "门岗"),
    WorkCategory.GREENING: ("绿化", "绿化提升"),
    WorkCategory.ACTIVITY_ROOM: ("活动室", "党群活动室"),
    WorkCategory.FIRE_LANE: ("消防通道", "消防"),
    WorkCategory.PARKING: ("停车", "停车位", "车位"),
    WorkCategory.FACADE: ("外立面", "立面", "外墙"),
    WorkCategory.ROOF_WATERPROOFING: ("屋面防水", "防水"),
    WorkCategory.EV_CHARGING: ("充电桩", "充电设施"),
    WorkCategory.ELDERLY_CARE: ("养老", "养老设施", "养老服务"),
    WorkCategory.CHILDCARE: ("托育", "托育设施"),
    WorkCategory.COMMUNITY_SERVICE: ("社区服务", "便民服务"),
    WorkCategory.OTHER: ("其他",),
}
ROLE_ALIASES = {
    Role.STREET_STAFF: ("街道", "街道干部", "街道工作人员"),
    Role.COMMUNITY_STAFF: ("社区", "社区干部", "社区工作人员", "社区网格员"),
    Role.RESIDENT_SUPERVISOR: ("居民监督员", "监督员", "居民代表"),
    Role.DISTRICT_INSPECTOR: ("区督导", "督导员"),
    Role.ADMINISTRATOR: ("管理员",),
}
MANAGEMENT_ALIASES = {
    ManagementMode.PROPERTY_COMPANY: ("物业", "物业管理", "专业物业"),
    ManagementMode.SELF_GOVERNANCE: ("自治", "居民自治", "自管"),
    ManagementMode.NONE: ("无", "暂无"),
}
COMMUNITY_KIND_ALIASES = {
    CommunityKind.COMMUNITY: ("社区", "居委会"),
    CommunityKind.VILLAGE: ("村",),
}


# The columns that name a record of another kind (where the row's record belongs).
STREET = Column(
    "street", "街道", _("street"), synonyms=("所属街道", "街道名称", "街道办事处", "街办"),
    example="文化路街道", max_length=100,
)  # fmt: skip
COMMUNITY = Column(
    "community", "社区", _("community"),
    synonyms=(
        "所属社区", "社区名称", "社区（村）", "社区(村)", "社区/村", "村（社区）", "社区居委会",
    ),
    example="农业路社区", max_length=100,
)  # fmt: skip
COMPOUND = Column(
    "compound", "小区名称", _("compound"), required=True,
    synonyms=(
        "小区", "楼院名称", "楼院", "院落名称", "院落", "小区（楼院）名称", "项目名称", "小区名",
    ),
    example="丰产路47号院", max_length=200,
)  # fmt: skip
BUILDING_NUMBER = ("楼号", "楼栋号", "楼栋", "栋号", "楼栋编号", "幢号", "楼幢号")
HOUSEHOLD_WORDS = ("户数", "住户数", "居民户数", "总户数", "住户户数", "户数合计", "households")
AREA_WORDS = ("建筑面积", "面积", "总建筑面积", "建筑面积合计", "房屋建筑面积", "floor area")

KINDS: dict[str, tuple[Column, ...]] = {
    COMMUNITIES: (
        STREET,
        Column(
            "name",
            "社区名称",
            _("name"),
            required=True,
            synonyms=("社区", "社区（村）名称", "社区(村)名称", "村名称", "名称", "社区（村）"),
            example="农业路社区",
            max_length=100,
        ),
        Column(
            "kind",
            "类型",
            _("kind"),
            kind=CHOICE,
            synonyms=("社区类型", "社区或村"),
            example="社区",
            choices=_choice_words(CommunityKind, COMMUNITY_KIND_ALIASES),
            options=CommunityKind,
        ),
        Column(
            "address",
            "地址",
            _("address"),
            synonyms=("办公地址", "社区地址"),
            example="金水区农业路19号",
            max_length=200,
        ),
    ),
    COMPOUNDS: (
        STREET,
        COMMUNITY,
        Column(
            "name",
            "小区名称",
            _("name"),
            required=True,
            synonyms=COMPOUND.synonyms,
            example="丰产路47号院",
            max_length=200,
        ),
        Column(
            "address",
            "地址",
            _("address"),
            synonyms=("小区地址", "详细地址", "位置"),
            example="丰产路47号",
            max_length=200,
        ),
        Column(
            "longitude",
            "经度",
            _("longitude"),
            kind=COORDINATE,
            synonyms=("东经", "经度（东经）", "lng", "lon"),
            example="113.6608",
        ),
        Column(
            "latitude",
            "纬度",
            _("latitude"),
            kind=COORDINATE,
            synonyms=("北纬", "纬度（北纬）", "lat"),
            example="34.7812",
        ),
        Column(
            "year",
            "计划年度",
            _("plan year"),
            kind=YEAR,
            synonyms=("年度", "改造年度", "计划年份", "实施年度", "批次"),
            example="2020",
            minimum=2000,
            maximum=2100,
        ),
        Column(
            "year_built",
            "建成年份",
            _("year built"),
            kind=YEAR,
            synonyms=("建成年代", "建设年代", "建成时间", "建设年份", "竣工年份"),
            example="1988",
            minimum=1900,
            maximum=2100,
        ),
        Column(
            "person_in_charge",
            "负责人",
            _("person in charge"),
            synonyms=("项目负责人", "包保责任人", "责任人"),
            example="李明",
            max_length=50,
        ),
        Column(
            "person_in_charge_phone",
            "负责人电话",
            _("phone of the person in charge"),
            kind=PHONE,
            synonyms=("负责人联系电话", "负责人手机", "责任人电话"),
            example="13803710001",
        ),
        Column(
            "contact_person",
            "联系人",
            _("contact person"),
            synonyms=("对接人", "楼院联系人"),
            example="王芳",
            max_length=50,
        ),
        Column(
            "contact_phone",
            "联系电话",
            _("contact phone"),
            kind=PHONE,
            synonyms=("联系人电话", "联系方式", "对接人电话"),
            example="13803710002",
        ),
        Column(
            "property_company",
            "物业公司",
            _("property company"),
            synonyms=("物业服务企业", "物业"),
            example="",
            max_length=200,
        ),
        Column(
            "is_demonstration",
            "示范院",
            _("demonstration compound"),
            kind=BOOL,
            synonyms=("是否示范院", "示范", "是否示范"),
            example="否",
        ),
        Column(
            "plan",
            "改造计划",
            _("renovation plan"),
            synonyms=("计划名称", "所属计划"),
            example="",
            max_length=200,
        ),
        Column(
            "had_no_manager",
            "无主管楼院",
            _("unmanaged before renovation"),
            kind=BOOL,
            synonyms=("是否无主管楼院", "无主管"),
            example="否",
        ),
        Column(
            "management_mode",
            "改造后管理方式",
            _("management after renovation"),
            kind=CHOICE,
            synonyms=("管理方式", "后续管理"),
            example="",
            choices=_choice_words(ManagementMode, MANAGEMENT_ALIASES),
            options=ManagementMode,
        ),
        Column("notes", "备注", _("notes"), synonyms=("说明",), example=""),
        # An office's plan table often carries the compound's totals: read and checked against
        # its buildings (which are the one source of these figures), never stored.
        Column(
            "building_count",
            "楼栋数",
            _("buildings (checked against the buildings)"),
            kind=COUNT,
            synonyms=("栋数", "幢数", "楼栋数量", "楼栋（栋）", "楼栋", "buildings"),
            minimum=0,
            maximum=500,
            stored=False,
        ),
        Column(
            "household_count",
            "户数",
            _("households (checked against the buildings)"),
            kind=COUNT,
            synonyms=HOUSEHOLD_WORDS,
            minimum=0,
            maximum=100_000,
            stored=False,
        ),
        Column(
            "floor_area",
            "建筑面积",
            _("floor area (checked against the buildings)"),
            kind=DECIMAL,
            synonyms=AREA_WORDS,
            minimum=0,
            maximum=10_000_000,
            stored=False,
        ),
        # What the portal's own compound list shows and derives from the daily logs and the
        # schedule: read, never stored, so that its export comes back in unchanged.
        *(
            Column(name, "", label, stored=False)
            for name, label in (
                ("status", _("status")),
                ("started_on", _("start date")),
                ("completed_on", _("completion date")),
                ("accepted_on", _("acceptance date")),
                ("progress", _("progress")),
                ("last_log_on", _("last daily log")),
                ("latest_start", _("latest start")),
            )
        ),
    ),
    BUILDINGS: (
        STREET,
        COMMUNITY,
        COMPOUND,
        Column(
            "number",
            "楼号",
            _("building number"),
            required=True,
            synonyms=BUILDING_NUMBER,
            example="1号楼",
            max_length=20,
        ),
        Column(
            "floors",
            "层数",
            _("floors"),
            kind=COUNT,
            required=True,
            synonyms=("楼层数", "总层数", "地上层数"),
            example="6",
            minimum=1,
            maximum=60,
        ),
        Column(
            "units",
            "单元数",
            _("units (entrances)"),
            kind=COUNT,
            synonyms=("单元", "单元数量"),
            example="3",
            minimum=1,
            maximum=50,
        ),
        Column(
            "households",
            "户数",
            _("households"),
            kind=COUNT,
            required=True,
            synonyms=HOUSEHOLD_WORDS,
            example="36",
            minimum=0,
            maximum=1000,
        ),
        Column(
            "floor_area",
            "建筑面积",
            _("floor area (m²)"),
            kind=DECIMAL,
            required=True,
            synonyms=AREA_WORDS,
            example="2860.5",
            minimum=0,
            maximum=300_000,
        ),
        Column(
            "has_elevator",
            "有无电梯",
            _("has an elevator"),
            kind=BOOL,
            synonyms=("是否有电梯", "电梯", "有电梯"),
            example="无",
        ),
    ),
    HOUSEHOLDS: (
        STREET,
        COMMUNITY,
        COMPOUND,
        Column(
            "building",
            "楼号",
            _("building number"),
            required=True,
            synonyms=BUILDING_NUMBER,
            example="1号楼",
            max_length=20,
        ),
        Column(
            "unit",
            "单元",
            _("unit (单元)"),
            synonyms=("单元号", "单元数"),
            example="1",
            max_length=20,
        ),
        Column(
            "door",
            "门牌号",
            _("door number"),
            required=True,
            synonyms=("户号", "房号", "门牌", "房间号", "室号"),
            example="301",
            max_length=20,
        ),
        Column(
            "floor",
            "楼层",
            _("floor"),
            kind=COUNT,
            synonyms=("所在楼层", "层"),
            example="3",
            minimum=0,
            maximum=60,
        ),
        Column(
            "floor_area",
            "面积",
            _("floor area (m²)"),
            kind=DECIMAL,
            required=True,
            synonyms=("建筑面积", "房屋面积", "住房面积", "套内面积"),
            example="72.5",
            minimum=1,
            maximum=1000,
        ),
        Column(
            "owner_name",
            "户主",
            _("owner"),
            synonyms=("户主姓名", "业主", "业主姓名", "产权人", "房主"),
            example="张建国",
            max_length=50,
        ),
    ),
    WORK_ITEMS: (
        STREET,
        COMMUNITY,
        COMPOUND,
        Column(
            "building",
            "楼号",
            _("building number (empty: the whole compound)"),
            synonyms=BUILDING_NUMBER,
            example="",
            max_length=20,
        ),
        Column(
            "category",
            "改造内容",
            _("category"),
            kind=CHOICE,
            required=True,
            synonyms=("改造项目", "类别", "项目类别", "改造类别", "工程类别"),
            example="管网改造",
            choices=_choice_words(WorkCategory, CATEGORY_ALIASES),
            options=WorkCategory,
        ),
        Column(
            "description",
            "说明",
            _("description"),
            synonyms=("具体内容", "内容说明", "工程内容"),
            example="雨污分流管道",
            max_length=200,
        ),
        Column(
            "planned_quantity",
            "数量",
            _("planned quantity"),
            kind=DECIMAL,
            required=True,
            synonyms=("工程量", "计划数量", "改造数量", "计划工程量"),
            example="1200",
            minimum=0.01,
            maximum=10_000_000,
        ),
        Column(
            "unit",
            "单位",
            _("unit"),
            kind=CHOICE,
            required=True,
            synonyms=("计量单位",),
            example="米",
            choices=_choice_words(WorkUnit, UNIT_ALIASES),
            options=WorkUnit,
        ),
        Column(
            "planned_area",
            "面积",
            _("planned area (m²)"),
            kind=DECIMAL,
            synonyms=("改造面积", "计划面积", "面积（㎡）"),
            example="",
            minimum=0,
            maximum=10_000_000,
        ),
        Column(
            "weight",
            "权重",
            _("weight"),
            kind=DECIMAL,
            synonyms=("比重",),
            example="",
            minimum=0,
            maximum=1000,
        ),
    ),
    STAFF: (
        Column(
            "name",
            "姓名",
            _("name"),
            required=True,
            synonyms=("名字", "人员姓名"),
            example="赵丽",
            max_length=150,
        ),
        Column(
            "phone",
            "手机号",
            _("mobile phone"),
            kind=PHONE,
            required=True,
            synonyms=("手机", "手机号码", "联系电话", "电话", "联系方式"),
            example="13803710003",
        ),
        Column(
            "role",
            "角色",
            _("role"),
            kind=CHOICE,
            required=True,
            synonyms=("岗位", "身份", "人员类别"),
            example="社区工作人员",
            choices=_choice_words(Role, ROLE_ALIASES),
            options=Role,
        ),
        STREET,
        Column(
            "community",
            "社区",
            _("community (for community staff)"),
            synonyms=COMMUNITY.synonyms,
            example="农业路社区",
            max_length=100,
        ),
        Column(
            "compound",
            "小区名称",
            _("compound (for a resident supervisor)"),
            synonyms=COMPOUND.synonyms,
            example="",
            max_length=200,
        ),
    ),
}

# A sheet is taken for the first kind (in this order) whose telling columns it all has.
TELLING = (
    (STAFF, ("name", "phone", "role")),
    (HOUSEHOLDS, ("building", "door")),
    (WORK_ITEMS, ("category", "planned_quantity")),
    (BUILDINGS, ("number", "floors")),
    (BUILDINGS, ("number", "households")),
    (COMPOUNDS, ("name", "community")),
    (COMPOUNDS, ("name",)),
    (COMMUNITIES, ("name",)),
)


@dataclass
class Lookup:
    """Every kind's headings, normalised, to the field they fill."""

    by_kind: dict = field(default_factory=dict)

    @classmethod
    def build(cls) -> "Lookup":
        lookup = cls()
        for kind, columns in KINDS.items():
            table = {}
            for column in columns:
                for name in column.names:
                    table.setdefault(name, column.field)
            lookup.by_kind[kind] = table
        return lookup


LOOKUP = Lookup.build()
ALL_HEADINGS = frozenset(name for table in LOOKUP.by_kind.values() for name in table)


def column(kind: str, name: str) -> Column:
    return next(c for c in KINDS[kind] if c.field == name)


def is_recognised(heading: str) -> bool:
    """Whether a (normalised) heading is one some kind knows: for finding the header row."""
    return heading in ALL_HEADINGS


def field_for(kind: str, heading: str, remembered: dict | None = None) -> str | None:
    """The field a heading fills in ``kind``: what the user chose for it before (``remembered``,
    normalised heading to field, "" for a column they chose to leave out), else our names."""
    name = normalise_heading(heading)
    if not name or name in IGNORED_HEADINGS:
        return ""
    if remembered and name in remembered:
        return remembered[name]
    return LOOKUP.by_kind[kind].get(name)


def guess_kind(headings) -> str | None:
    """The kind a sheet holds, from its headings (None when none fits): of the kinds whose
    telling columns it has, the one that knows most of its headings (a compounds list with a
    building count is not a buildings sheet); on a tie, the first in TELLING."""
    found = {}
    for kind in KIND_ORDER:
        table = LOOKUP.by_kind[kind]
        found[kind] = [table.get(normalise_heading(heading)) for heading in headings]
    candidates = []
    for order, (kind, telling) in enumerate(TELLING):
        if set(telling) <= set(found[kind]):
            known = sum(1 for name in found[kind] if name)
            candidates.append((-known, order, kind))
    return min(candidates)[2] if candidates else None


def choice_value(column_: Column, text: str) -> str | None:
    """The choice a cell's text means, or None."""
    word = normalise_heading(text)
    for value, words in column_.choices:
        if word in words:
            return value
    return None


def mapping_errors(kind: str, mapping: dict) -> list[str]:
    """What a sheet's mapping (column index to field) lacks or has twice."""
    errors = []
    used = [name for name in mapping.values() if name]
    for name in sorted({name for name in used if used.count(name) > 1}):
        errors.append(
            _("Two columns are both read as “%(field)s”; choose one.")
            % {"field": column(kind, name).label}
        )
    for column_ in KINDS[kind]:
        if column_.required and column_.field not in used:
            errors.append(
                _("No column holds “%(field)s”, which this kind of sheet needs.")
                % {"field": column_.label}
            )
    return errors


# What an office's register cannot plausibly hold, beyond each column's own limits.
MAX_HOUSEHOLDS_PER_FLOOR_AND_UNIT = 12  # an old compound's stairwell serves 2 to 4 homes a floor


def building_errors(*, floors, units, households) -> list[str]:
    """A building's figures that cannot all be right."""
    if (
        floors
        and households
        and households > floors * (units or 1) * MAX_HOUSEHOLDS_PER_FLOOR_AND_UNIT
    ):
        return [
            _(
                "%(households)s households in %(floors)s floors and %(units)s units is more "
                "than such a building can hold; check the row."
            )
            % {"households": households, "floors": floors, "units": units or 1}
        ]
    return []
