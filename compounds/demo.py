"""The demo register of 文化路街道 (郑州市金水区), from the source articles (see docs/facts.md).

What the articles state is reproduced exactly: 30 compounds in the 2020 plan, 75 buildings,
3,251 households, over 310,000 m², 26 started; 15 communities; the named compounds and their
facts. Everything marked INVENTED is not in the articles: it is made up, plausible, and only
there so that the figures can be computed from records.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.translation import gettext_noop

from .choices import CommunityKind, CompoundStatus, ManagementMode
from .models import Assignment, Building, Community, Compound, RenovationPlan, Street
from .roles import Role

D = datetime.date
# Development only, published in README; seed_demo refuses to run without DEBUG.
DEMO_PASSWORD = "wenhua-demo-2020"  # noqa: S105

STREET = {"name": "文化路街道", "district": "金水区", "city": "郑州市"}

# 15 communities (社区/村) take part in the hygiene campaign. 经五路社区 and 郑花路社区 (农科路28号)
# are named in the articles; the other names are INVENTED.
COMMUNITIES = [
    ("经五路社区", CommunityKind.COMMUNITY, ""),
    ("郑花路社区", CommunityKind.COMMUNITY, "农科路28号"),
    ("农科路社区", CommunityKind.COMMUNITY, ""),
    ("丰产路社区", CommunityKind.COMMUNITY, ""),
    ("纬五路社区", CommunityKind.COMMUNITY, ""),
    ("红专路社区", CommunityKind.COMMUNITY, ""),
    ("黄河路社区", CommunityKind.COMMUNITY, ""),
    ("东风路社区", CommunityKind.COMMUNITY, ""),
    ("政七街社区", CommunityKind.COMMUNITY, ""),
    ("文博社区", CommunityKind.COMMUNITY, ""),
    ("园田路社区", CommunityKind.COMMUNITY, ""),
    ("宏达社区", CommunityKind.COMMUNITY, ""),
    ("南阳路社区", CommunityKind.COMMUNITY, ""),
    ("关虎屯村", CommunityKind.VILLAGE, ""),
    ("杲村", CommunityKind.VILLAGE, ""),
]

# The 2020 plan's deadline is INVENTED (the articles give none).
PLAN = {"year": 2020, "name": "文化路街道2020年老旧小区改造计划", "target": D(2020, 12, 31)}

STARTED, COMPLETED, ACCEPTED, PLANNED = (
    CompoundStatus.STARTED,
    CompoundStatus.COMPLETED,
    CompoundStatus.ACCEPTED,
    CompoundStatus.PLANNED,
)

# name, community, address, buildings, households, floor area m², status, started, completed,
# accepted, extra fields. The split of buildings, households and area over the compounds, the
# years built and every date are INVENTED; their totals (75, 3,251, 311,486.40 m²) are chosen
# to match the articles' 75 buildings, 3,251 households and "31余万平方米".
COMPOUNDS = [
    # Named in the articles.
    (
        "丰产路47号院",
        "经五路社区",
        "丰产路47号",
        6,
        289,
        "29043.87",
        STARTED,
        D(2020, 4, 20),
        None,
        None,
        {
            "is_demonstration": True,
            "management_mode": ManagementMode.PROPERTY_COMPANY,
            "notes": "改造示范院。已引进物业，进入试运营阶段。",
        },
    ),
    (
        "丰产路45号院",
        "经五路社区",
        "丰产路45号",
        3,
        125,
        "11244.71",
        STARTED,
        D(2020, 5, 6),
        None,
        None,
        {},
    ),
    (
        "丰产路49号院",
        "经五路社区",
        "丰产路49号",
        3,
        145,
        "13705.81",
        STARTED,
        D(2020, 5, 11),
        None,
        None,
        {},
    ),
    (
        "公交二公司家属院",
        "郑花路社区",
        "",
        3,
        120,
        "11151.95",
        ACCEPTED,
        D(2020, 3, 9),
        D(2020, 6, 19),
        D(2020, 7, 10),
        {
            "had_no_manager": True,
            "management_mode": ManagementMode.PROPERTY_COMPANY,
            "yearly_fee_per_household": Decimal("400"),
            "notes": "社区参与改造的第一个老旧小区。改造前无人管理、无大门，外来车辆占用消防通道。"
            "改造后路面翻新解决积水，每栋楼装门禁和监控，新建门卫室和活动室；"
            "引进低价物业，物业费约每户每年400元。",
        },
    ),
    (
        "农科路小学家属院",
        "郑花路社区",
        "",
        2,
        98,
        "8718.37",
        COMPLETED,
        D(2020, 3, 23),
        D(2020, 7, 3),
        None,
        {
            "had_no_manager": True,
            "management_mode": ManagementMode.PROPERTY_COMPANY,
            "notes": "无主管楼院。新建门卫室，大门口设门禁，物业公司进驻，专人打扫路面和楼道。",
        },
    ),
    (
        "花园路117号抽纱公司家属院",
        "郑花路社区",
        "花园路117号",
        2,
        72,
        "7335.53",
        COMPLETED,
        D(2020, 4, 7),
        D(2020, 7, 14),
        None,
        # management mode INVENTED; the gate facts are from the article.
        {
            "management_mode": ManagementMode.SELF_GOVERNANCE,
            "notes": "增加门禁和玻璃传达室，酒店与小区之间加隔断门和栏杆，解决酒店顾客乱停车。",
        },
    ),
    # INVENTED: every compound below, its name, address and figures.
    (
        "经五路26号院",
        "经五路社区",
        "经五路26号",
        2,
        86,
        "8292.63",
        STARTED,
        D(2020, 5, 18),
        None,
        None,
        {},
    ),
    (
        "经五路34号院",
        "经五路社区",
        "经五路34号",
        2,
        99,
        "9522.68",
        STARTED,
        D(2020, 5, 25),
        None,
        None,
        {},
    ),
    (
        "农科路32号院",
        "农科路社区",
        "农科路32号",
        3,
        155,
        "14878.68",
        STARTED,
        D(2020, 4, 13),
        None,
        None,
        {},
    ),
    (
        "农科路38号院",
        "农科路社区",
        "农科路38号",
        3,
        134,
        "12775.63",
        STARTED,
        D(2020, 4, 27),
        None,
        None,
        {},
    ),
    (
        "纬五路21号院",
        "纬五路社区",
        "纬五路21号",
        2,
        94,
        "9163.93",
        STARTED,
        D(2020, 5, 8),
        None,
        None,
        {},
    ),
    (
        "纬五路3号院",
        "纬五路社区",
        "纬五路3号",
        3,
        109,
        "10392.22",
        STARTED,
        D(2020, 6, 1),
        None,
        None,
        {},
    ),
    (
        "丰产路57号院",
        "丰产路社区",
        "丰产路57号",
        2,
        90,
        "8063.38",
        STARTED,
        D(2020, 5, 13),
        None,
        None,
        {},
    ),
    (
        "文化路85号院",
        "文博社区",
        "文化路85号",
        2,
        78,
        "8012.23",
        STARTED,
        D(2020, 4, 16),
        None,
        None,
        {},
    ),
    (
        "文化路97号院",
        "文博社区",
        "文化路97号",
        2,
        77,
        "7026.20",
        STARTED,
        D(2020, 6, 8),
        None,
        None,
        {},
    ),
    (
        "红专路92号院",
        "红专路社区",
        "红专路92号",
        2,
        85,
        "8183.71",
        STARTED,
        D(2020, 5, 20),
        None,
        None,
        {},
    ),
    (
        "省水利厅家属院",
        "红专路社区",
        "红专路96号",
        3,
        135,
        "12777.49",
        STARTED,
        D(2020, 6, 3),
        None,
        None,
        {},
    ),
    (
        "黄河路11号院",
        "黄河路社区",
        "黄河路11号",
        2,
        77,
        "7591.16",
        STARTED,
        D(2020, 4, 29),
        None,
        None,
        {},
    ),
    (
        "黄河路124号院",
        "黄河路社区",
        "黄河路124号",
        2,
        69,
        "6495.02",
        STARTED,
        D(2020, 6, 15),
        None,
        None,
        {},
    ),
    (
        "东风路7号院",
        "东风路社区",
        "东风路7号",
        2,
        97,
        "9696.57",
        STARTED,
        D(2020, 5, 27),
        None,
        None,
        {},
    ),
    ("东风路15号院", "东风路社区", "东风路15号", 2, 89, "8099.57", PLANNED, None, None, None, {}),
    (
        "政七街3号院",
        "政七街社区",
        "政七街3号",
        3,
        114,
        "11526.34",
        STARTED,
        D(2020, 6, 10),
        None,
        None,
        {},
    ),
    (
        "政七街12号院",
        "政七街社区",
        "政七街12号",
        2,
        77,
        "7711.04",
        STARTED,
        D(2020, 6, 17),
        None,
        None,
        {},
    ),
    ("园田路6号院", "园田路社区", "园田路6号", 2, 97, "9517.54", PLANNED, None, None, None, {}),
    (
        "省建一公司家属院",
        "宏达社区",
        "宏达路18号",
        2,
        78,
        "6915.51",
        STARTED,
        D(2020, 5, 4),
        None,
        None,
        {},
    ),
    (
        "市二建家属院",
        "宏达社区",
        "宏达路25号",
        3,
        117,
        "10807.20",
        STARTED,
        D(2020, 6, 22),
        None,
        None,
        {},
    ),
    (
        "南阳路58号院",
        "南阳路社区",
        "南阳路58号",
        2,
        73,
        "6412.44",
        STARTED,
        D(2020, 6, 29),
        None,
        None,
        {},
    ),
    ("南阳路80号院", "南阳路社区", "南阳路80号", 2, 103, "9781.32", PLANNED, None, None, None, {}),
    (
        "关虎屯小区2号院",
        "关虎屯村",
        "关虎屯小区2号院",
        3,
        122,
        "12328.51",
        STARTED,
        D(2020, 7, 6),
        None,
        None,
        {},
    ),
    ("杲村安置楼院", "杲村", "杲村安置区", 3, 147, "14315.16", PLANNED, None, None, None, {}),
]

# INVENTED names for the person in charge (专人负责) and the contact (专人对接) of each project.
PEOPLE = ["王建军", "李秀梅", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周强", "吴敏"]

# One demo account per role; the password is DEMO_PASSWORD.
# The history reason of the records the demo writes in bulk (common.reasons: shown translated).
DEMO_DATA = gettext_noop("demo data")

ACCOUNTS = [
    ("street_staff", Role.STREET_STAFF, "文化路街道", None, None, "街道", "工作人员"),
    ("community_staff", Role.COMMUNITY_STAFF, None, "经五路社区", None, "社区", "工作人员"),
    ("supervisor", Role.RESIDENT_SUPERVISOR, None, None, "丰产路47号院", "居民", "监督员"),
    ("inspector", Role.DISTRICT_INSPECTOR, None, None, None, "区", "督导员"),
    ("admin", Role.ADMINISTRATOR, None, None, None, "系统", "管理员"),
]


def _split(total, parts):
    """Split an integer as evenly as possible, the first parts taking the remainder."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _split_area(area: Decimal, weights: list[int]) -> list[Decimal]:
    """Split an area in proportion to ``weights``, to the cent, the last part taking the rest."""
    total = sum(weights)
    shares = [(area * w / total).quantize(Decimal("0.01")) for w in weights[:-1]]
    return [*shares, area - sum(shares)]


class Tally:
    """Count what seeding created and what it found already there."""

    def __init__(self):
        self.created: dict[str, int] = {}
        self.existing: dict[str, int] = {}

    def get_or_create(self, model, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        bucket = self.created if created else self.existing
        name = model._meta.verbose_name_plural
        bucket[name] = bucket.get(name, 0) + 1
        return obj, created


# Where the compounds lie: INVENTED, not surveyed. Each community gets a spot on a grid
# around 文化路 between 黄河路 and 北三环 (郑州, WGS-84), its compounds a little apart from it.
CENTRE = (Decimal("34.7905"), Decimal("113.6620"))


def demo_location(community_index: int, index: int) -> dict:
    """Return an INVENTED latitude and longitude near the street's centre."""
    row, column = divmod(community_index, 4)
    latitude = CENTRE[0] + Decimal("0.0075") * (row - Decimal("1.5"))
    longitude = CENTRE[1] + Decimal("0.0060") * (column - Decimal("1.5"))
    angle = (index * 7) % 12
    offset = Decimal("0.0011") * (1 + index % 2)
    steps = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)]
    north, east = steps[angle % len(steps)]
    return {
        "latitude": (latitude + north * offset).quantize(Decimal("0.000001")),
        "longitude": (longitude + east * offset).quantize(Decimal("0.000001")),
    }


def seed(tally: Tally | None = None) -> Tally:
    """Create whatever of the demo register is missing; change nothing that exists."""
    tally = tally or Tally()
    street, _ = tally.get_or_create(
        Street,
        name=STREET["name"],
        defaults={"district": STREET["district"], "city": STREET["city"]},
    )
    communities = {}
    for name, kind, address in COMMUNITIES:
        communities[name], _ = tally.get_or_create(
            Community, street=street, name=name, defaults={"kind": kind, "address": address}
        )
    plan, _ = tally.get_or_create(
        RenovationPlan,
        street=street,
        year=PLAN["year"],
        defaults={"name": PLAN["name"], "target_completion_date": PLAN["target"]},
    )
    compounds = {}
    for index, row in enumerate(COMPOUNDS):
        (name, community, address, buildings, households, area, status,
         started_on, completed_on, accepted_on, extra) = row  # fmt: skip
        defaults = {
            "community": communities[community],
            "address": address,
            "status": status,
            "started_on": started_on,
            "completed_on": completed_on,
            "accepted_on": accepted_on,
            "year_built": 1982 + (index * 7) % 15,  # INVENTED
            "person_in_charge": PEOPLE[index % len(PEOPLE)],  # INVENTED
            "person_in_charge_phone": f"+86 138 0000 {1000 + index:04d}",  # INVENTED
            "contact_person": PEOPLE[(index + 3) % len(PEOPLE)],  # INVENTED
            "contact_phone": f"+86 139 0000 {2000 + index:04d}",  # INVENTED
            **demo_location(list(communities).index(community), index),  # INVENTED
            **extra,
        }
        compound, created = tally.get_or_create(Compound, plan=plan, name=name, defaults=defaults)
        compounds[name] = compound
        if created:
            compound.full_clean()
        households_each = _split(households, buildings)
        areas = _split_area(Decimal(area), households_each)
        for number in range(buildings):
            tally.get_or_create(
                Building,
                compound=compound,
                number=f"{number + 1}号楼",
                defaults={
                    "floors": 6 + (index + number) % 2,  # INVENTED: walk-ups of 6 or 7 floors
                    "units": 2 + (households_each[number] > 45),  # INVENTED
                    "households": households_each[number],
                    "floor_area": areas[number],
                },
            )
    _seed_accounts(tally, street=street, communities=communities, compounds=compounds)
    return tally


def _seed_accounts(tally, *, street, communities, compounds):
    User = get_user_model()
    for username, role, street_name, community, compound, last, first in ACCOUNTS:
        user, created = tally.get_or_create(
            User,
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "is_staff": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=role.value))
        scope = {}
        if street_name:
            scope["street"] = street
        elif community:
            scope["community"] = communities[community]
        elif compound:
            scope["compound"] = compounds[compound]
        if scope:
            tally.get_or_create(Assignment, user=user, defaults=scope)
