"""Demo data of oversight: organisation (called by oversight/demo.py).

From the articles: the street works through a leading group and a task force of community
governance, city management, air-pollution control, security patrol and community grid staff
(专班负责); 47号院片区临时党支部 was founded in May 2020 with 4 party members and covers
丰产路45号、47号、49号 (3 compounds), taking in the design firm's, the builder's and the
community's party members; 郑花路社区's 党员帮帮团 was founded in April 2018; the hygiene campaign
(楼院卫生环境治理) involves 15 communities and villages, 58 property companies, 400+ building
heads, 39 volunteer teams, about 300 active residents and 2,500+ people in all.

Everything else is INVENTED and plausible: every member, name (of people, firms and teams),
duty, which compounds each team serves, every split of the ledger's figures over the
communities and lines, and the activities. The split is chosen so that the ledger counts to
the article's totals: 15 communities, 58 property companies (万象美物业 and five others red),
412 building heads, 39 volunteer teams, 296 active residents and 2,511 people.

Objects are found by street and name; one found is left as it is, so seeding twice creates
nothing.
"""

import datetime

from compounds.choices import CompoundStatus
from compounds.models import Community, Compound, Street

from .choices import ParticipantKind, PartyGroupKind, PartyUnit, TeamKind
from .models import (
    CampaignActivity,
    Participant,
    PartyGroup,
    PartyMember,
    TaskForce,
    TaskForceMember,
)

D = datetime.date
STREET = "文化路街道"

# --- The leading group and the task force (INVENTED members and duties) ---------------------

ALL, STARTED = "all", "started"
# kind, name, duties, compounds served ("all" of the plan or the "started" ones), members
# (name, unit, position, duty).
TEAMS = [
    (
        TeamKind.LEADING_GROUP,
        "文化路街道老旧小区改造工作领导小组",
        "统筹全街道老旧小区改造：审定改造计划和倒排工期，主持周例会和月度现场总结观摩会，"
        "协调解决重大问题。",
        ALL,
        [
            ("杜宏伟", "文化路街道党工委", "组长", "全面负责"),
            ("孟庆华", "文化路街道办事处", "副组长", "分管改造工程和资金"),
            ("贺晓东", "文化路街道办事处", "副组长", "分管社区治理和群众工作"),
            ("冯丽君", "文化路街道党政办", "成员", "日调度汇总和信息公开"),
        ],
    ),
    (
        TeamKind.COMMUNITY_GOVERNANCE,
        "社区治理专班",
        "入户走访、设立群众意见征集点收集居民意见；组织居民议事和加装电梯协商；"
        "改造后引进物业或组织居民自治。",
        ALL,
        [
            ("郑晓燕", "文化路街道社区治理办", "组长", "意见收集与答复"),
            ("曹文涛", "经五路社区", "成员", "丰产路片区入户走访"),
            ("邓秀云", "郑花路社区", "成员", "无主管楼院物业引进"),
        ],
    ),
    (
        TeamKind.CITY_MANAGEMENT,
        "城市管理专班",
        "拆除楼院内违章建筑，清理占道堆物，保障消防通道畅通。",
        STARTED,
        [
            ("韩志勇", "文化路街道城市管理办", "组长", "拆违统筹"),
            ("袁建平", "文化路街道城管执法中队", "成员", "拆违现场执法"),
            ("蒋立新", "文化路街道城市管理办", "成员", "渣土清运"),
        ],
    ),
    (
        TeamKind.AIR_POLLUTION,
        "大气污染防治专班",
        "督促施工现场落实扬尘管控措施：围挡、覆盖、洒水、车辆冲洗。",
        STARTED,
        [
            ("沈海燕", "文化路街道环保所", "组长", "扬尘巡查"),
            ("彭国栋", "文化路街道环保所", "成员", "工地台账"),
        ],
    ),
    (
        TeamKind.SECURITY_PATROL,
        "治安巡防专班",
        "施工期间楼院治安巡逻，维护施工现场安全和秩序。",
        STARTED,
        [
            ("卢建军", "文化路派出所", "组长", "治安巡防"),
            ("范志强", "文化路街道平安办", "成员", "夜间巡逻"),
        ],
    ),
    (
        TeamKind.COMMUNITY_GRID,
        "社区网格专班",
        "网格员包楼到户，每日上报楼院问题，跟踪整改落实。",
        ALL,
        [
            ("谢春梅", "文化路街道网格中心", "组长", "网格调度"),
            ("邱明亮", "经五路社区", "网格员", "丰产路45、47、49号院"),
            ("石玉芳", "郑花路社区", "网格员", "农科路片区"),
        ],
    ),
]

# --- Party organisations --------------------------------------------------------------------

BRANCH = {
    "name": "47号院片区临时党支部",
    "community": "经五路社区",
    "founded_on": D(2020, 5, 1),  # the article: May 2020
    "description": "做“减法”：拆除违建、管网入地；做“加法”：铺设暖气管道、增加绿地。"
    "吸纳小区、设计和施工单位及社区党员，全程监督改造。",
    "compounds": ["丰产路45号院", "丰产路47号院", "丰产路49号院"],
    # INVENTED: the 4 members (the article gives their number and where they come from).
    "members": [
        ("梁文静", PartyUnit.COMMUNITY, "经五路社区党委", "书记"),
        ("许志远", PartyUnit.DESIGN_FIRM, "郑州华城建筑设计院", "委员"),
        ("潘建国", PartyUnit.BUILDER, "河南中原宏建工程有限公司", "委员"),
        ("刘振华", PartyUnit.RESIDENT, "丰产路47号院", "委员"),
    ],
}
HELP_GROUP = {
    "name": "郑花路社区党员帮帮团",
    "community": "郑花路社区",
    "founded_on": D(2018, 4, 1),  # the article: April 2018
    # INVENTED: what it does here, its compounds and members.
    "description": "社区党员结对帮扶无主管楼院居民，协助入户走访、引进物业和楼院保洁。",
    "compounds": ["公交二公司家属院", "农科路小学家属院", "花园路117号抽纱公司家属院"],
    "members": [
        ("王淑芬", PartyUnit.COMMUNITY, "郑花路社区", "团长"),
        ("田志刚", PartyUnit.RESIDENT, "公交二公司家属院", "成员"),
        ("孙立华", PartyUnit.RESIDENT, "农科路小学家属院", "成员"),
        ("赵玉兰", PartyUnit.RESIDENT, "花园路117号抽纱公司家属院", "成员"),
        ("陈德胜", PartyUnit.PROPERTY_COMPANY, "万象美物业", "成员"),
    ],
}

# --- The participation ledger (INVENTED splits of the article's totals) ---------------------

# Per community (in compounds.demo's order): committee members (两委), building heads, active
# residents. Totals: 165, 412 and 296.
COMMUNITY_PEOPLE = [
    (13, 46, 32), (12, 38, 28), (11, 33, 24), (11, 30, 22), (11, 29, 21),
    (11, 28, 20), (11, 27, 19), (11, 27, 19), (11, 26, 18), (11, 25, 18),
    (11, 24, 17), (11, 22, 16), (10, 21, 15), (10, 18, 14), (10, 18, 13),
]  # fmt: skip
# 58 property companies: 万象美物业 (a red property, 红色物业) and 57 INVENTED names.
COMPANY_STEMS = [
    "安居", "和顺", "嘉园", "锦程", "康宁", "乐居", "美邻", "宁馨", "仁和", "盛华",
    "顺达", "泰和", "天成", "祥瑞", "兴业", "怡家", "悦华", "正和", "中联", "众安",
]  # fmt: skip
COMPANY_FORMS = ["物业", "物业服务有限公司", "物业管理有限公司"]
RED_COMPANIES = 6  # 万象美物业 and every tenth of the others
COMPANY_STAFF = (4, 6, 5, 7, 5, 6)  # people each company brings, in turn: 319 in all
# 39 volunteer teams: two per community, and a third in the first nine.
TEAM_FORMS = ["党员志愿服务队", "巾帼志愿服务队", "青年志愿服务队"]
TEAM_MEMBERS_TOTAL = 1319
# In all: 165 (committees) + 319 (companies) + 412 + 1,319 (volunteers) + 296 = 2,511 people.

ACTIVITIES = [
    # date, community (None: the whole street), what was done, people taking part
    (D(2020, 5, 16), None, "全街道楼院卫生环境集中整治日", 1260),
    (D(2020, 5, 23), "经五路社区", "丰产路片区楼道堆物清理", 186),
    (D(2020, 6, 6), "郑花路社区", "无主管楼院卫生死角清运", 142),
    (D(2020, 6, 20), "关虎屯村", "村内背街小巷环境整治", 118),
    (D(2020, 7, 4), None, "“红色物业”进楼院志愿服务日", 430),
]


def spread(total: int, count: int) -> list[int]:
    """Split ``total`` into ``count`` whole numbers, as even as possible, larger first."""
    base, extra = divmod(total, count)
    return [base + (1 if index < extra else 0) for index in range(count)]


def company_names() -> list[str]:
    names = ["万象美物业"]
    for form in COMPANY_FORMS:
        for stem in COMPANY_STEMS:
            names.append(f"{stem}{form}")
    return names[:58]


def volunteer_team_names(communities: list[str]) -> list[tuple[str, str]]:
    """(community, team name): two teams per community, three in the first nine."""
    teams = []
    for index, community in enumerate(communities):
        short = community.removesuffix("社区")
        for form in TEAM_FORMS[: 3 if index < 9 else 2]:
            teams.append((community, f"{short}{form}"))
    return teams


def seed(tally):
    """Create what is missing; change nothing that exists."""
    street = Street.objects.filter(name=STREET).first()
    if street is None:
        return
    communities = {c.name: c for c in Community.objects.filter(street=street).order_by("pk")}
    compounds = {
        c.name: c
        for c in Compound.objects.filter(community__street=street).select_related("community")
    }
    _seed_teams(tally, street, compounds)
    _seed_party(tally, street, communities, compounds)
    _seed_ledger(tally, street, communities)
    _seed_activities(tally, street, communities)


def _served(compounds, which):
    if which == ALL:
        return list(compounds.values())
    return [c for c in compounds.values() if c.status != CompoundStatus.PLANNED]


def _seed_teams(tally, street, compounds):
    for kind, name, duties, which, members in TEAMS:
        team, created = tally.get_or_create(
            TaskForce, street=street, name=name, defaults={"kind": kind, "duties": duties}
        )
        if created:
            team.full_clean()
            team.compounds.set(_served(compounds, which))
        for member_name, unit, position, duty in members:
            tally.get_or_create(
                TaskForceMember,
                task_force=team,
                name=member_name,
                defaults={"unit": unit, "position": position, "duty": duty},
            )


def _seed_party(tally, street, communities, compounds):
    for kind, data in ((PartyGroupKind.TEMPORARY_BRANCH, BRANCH),
                       (PartyGroupKind.HELP_GROUP, HELP_GROUP)):  # fmt: skip
        community = communities.get(data["community"])
        group, created = tally.get_or_create(
            PartyGroup,
            street=street,
            name=data["name"],
            defaults={
                "kind": kind,
                "community": community,
                "founded_on": data["founded_on"],
                "founded_precision": "month",
                "description": data["description"],
            },
        )
        if created:
            group.full_clean()
            group.compounds.set([compounds[n] for n in data["compounds"] if n in compounds])
        for member_name, unit_kind, unit, position in data["members"]:
            tally.get_or_create(
                PartyMember,
                group=group,
                name=member_name,
                defaults={"unit_kind": unit_kind, "unit": unit, "position": position},
            )


def _line(tally, street, kind, name, community, people, red=False):
    tally.get_or_create(
        Participant,
        street=street,
        kind=kind,
        name=name,
        defaults={"community": community, "people": people, "red_property": red},
    )


def _seed_ledger(tally, street, communities):
    names = list(communities)
    for name, (committee, heads, residents) in zip(names, COMMUNITY_PEOPLE, strict=False):
        community = communities[name]
        _line(tally, street, ParticipantKind.COMMITTEE, f"{name}两委", community, committee)
        _line(tally, street, ParticipantKind.BUILDING_HEAD, f"{name}楼栋长", community, heads)
        _line(
            tally, street, ParticipantKind.ACTIVE_RESIDENT, f"{name}热心群众", community, residents
        )
    for index, company in enumerate(company_names()):
        _line(
            tally,
            street,
            ParticipantKind.PROPERTY_COMPANY,
            company,
            communities[names[index % len(names)]] if names else None,
            COMPANY_STAFF[index % len(COMPANY_STAFF)],
            red=index % 10 == 0 and index // 10 < RED_COMPANIES,
        )
    teams = volunteer_team_names(names)
    for (community, team), members in zip(
        teams, spread(TEAM_MEMBERS_TOTAL, len(teams)), strict=True
    ):
        _line(tally, street, ParticipantKind.VOLUNTEER_TEAM, team, communities[community], members)


def _seed_activities(tally, street, communities):
    for day, community, title, people in ACTIVITIES:
        tally.get_or_create(
            CampaignActivity,
            street=street,
            date=day,
            title=title,
            defaults={"community": communities.get(community), "participants": people},
        )
