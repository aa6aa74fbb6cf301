"""Demo data of oversight: supervision (called by oversight/demo.py).

From the article: three levels of supervision (street, community, the residents' supervision
group of active residents and veteran party members), a hired supervision firm (监理) for
standards and quality, and third-party supervision and acceptance (第三方监管验收). Everything
else here (the members, dates, items, findings, who fixed what) is INVENTED and plausible, in
the weeks before the article (the demo's logs stop on 2020-07-17).

Records are filed through the services, as the street's staff would, so a failed item raises
its problem at the record's level; some problems are then fixed and verified by that level,
the others stay open and, by now, overdue. A record found on its compound, level and date is
left alone, so seeding twice creates nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from compounds.models import Compound
from progress import services as progress_services
from progress.models import Rectification

from . import services
from .models import SupervisionGroupMember, SupervisionRecord

D = datetime.date

# INVENTED: the residents' supervision groups (居民监督小组); the demo account "supervisor"
# sits in 丰产路47号院's.
GROUPS = {
    "丰产路47号院": [
        ("刘振华", "veteran_party_member", "supervisor"),
        ("孙桂芝", "active_resident", None),
        ("周国庆", "veteran_party_member", None),
        ("马淑琴", "active_resident", None),
        ("高建设", "active_resident", None),
    ],
    "丰产路45号院": [("郭长顺", "veteran_party_member", None), ("吴秀兰", "active_resident", None)],
    "丰产路49号院": [("何文斌", "veteran_party_member", None), ("罗玉梅", "active_resident", None)],
    "公交二公司家属院": [
        ("田志刚", "veteran_party_member", None),
        ("韩素珍", "active_resident", None),
    ],
}

# INVENTED: the checks. (compound, level, kind, date, inspectors, filed by, findings,
# [(item, passed, note)], what happened to the failed items: "fixed" (submitted and verified
# by the level) or "open").
OK = None
ROUNDS = [
    ("丰产路47号院", "firm", "routine", D(2020, 5, 8), "张立新（建业工程监理）", "street_staff",
     "拆违后场地清理基本到位。",
     [("施工围挡与安全防护", True, ""), ("扬尘管控（覆盖、洒水、车辆冲洗）", False,
       "拆除现场渣土未覆盖"), ("文明施工与渣土清运", True, "")], "fixed"),
    ("丰产路47号院", "street", "routine", D(2020, 5, 20), "王强（街道城市管理办）", "street_staff",
     "挂图作战进度与节点一致。",
     [("施工围挡与安全防护", True, ""), ("消防通道畅通", False, "3号楼北侧材料堆放占用消防通道"),
      ("扬尘管控（覆盖、洒水、车辆冲洗）", True, "")], "fixed"),
    ("丰产路47号院", "community", "routine", D(2020, 6, 3), "李娜（经五路社区）", "community_staff",
     "入户走访中居民反映夜间施工噪音，已提醒施工单位。",
     [("文明施工与渣土清运", False, "22点后仍有切割作业"), ("消防通道畅通", True, "")], "fixed"),
    ("丰产路47号院", "residents", "routine", D(2020, 6, 12), "刘振华、孙桂芝（居民监督小组）",
     "supervisor", "监督小组每周巡查一次。",
     [("楼道粉刷平整无空鼓", False, "2号楼3单元楼道墙面有空鼓"), ("施工围挡与安全防护", True, "")],
     "fixed"),
    ("丰产路47号院", "firm", "routine", D(2020, 6, 24), "张立新（建业工程监理）", "street_staff",
     "管线铺设与楼道粉刷同步进行。",
     [("管线铺设深度与回填", False, "5号楼东侧燃气管道回填未分层夯实"),
      ("材料合格证与进场验收", True, ""), ("暖气管道试压", True, "")], "open"),
    ("丰产路47号院", "residents", "routine", D(2020, 7, 8), "周国庆、马淑琴（居民监督小组）",
     "supervisor", "",
     [("文明施工与渣土清运", False, "院内渣土堆放超过三天未清运"), ("消防通道畅通", True, "")],
     "open"),
    ("丰产路47号院", "third_party", "routine", D(2020, 7, 14), "河南中原第三方监管公司 赵鹏",
     "street_staff", "抽查暖气片安装质量。",
     [("暖气管道试压", True, ""), ("材料合格证与进场验收", True, "")], OK),
    ("丰产路45号院", "street", "routine", D(2020, 6, 18), "王强（街道城市管理办）", "street_staff",
     "",
     [("施工围挡与安全防护", False, "东门围挡倒伏"), ("扬尘管控（覆盖、洒水、车辆冲洗）", True, "")],  # noqa: E501
     "open"),
    ("丰产路49号院", "firm", "routine", D(2020, 6, 30), "张立新（建业工程监理）", "street_staff",
     "",
     [("材料合格证与进场验收", False, "一批防水卷材缺出厂合格证"), ("施工围挡与安全防护", True, "")],  # noqa: E501
     "fixed"),
    # The compound the community renovated first is accepted: its third-party acceptance passed.
    ("公交二公司家属院", "third_party", "acceptance", D(2020, 7, 6), "河南中原第三方监管公司 赵鹏",
     "street_staff", "路面翻新后排水通畅；门禁、监控、门卫室、活动室均已投入使用。",
     [("道路与排水坡度", True, ""), ("门禁与监控运行", True, ""), ("楼道粉刷平整无空鼓", True, ""),
      ("消防通道畅通", True, "")], OK),
    # 农科路小学家属院 is completed; its acceptance found one item still to fix.
    ("农科路小学家属院", "third_party", "acceptance", D(2020, 7, 15), "河南中原第三方监管公司 赵鹏",
     "street_staff", "门卫室、门禁已建成，物业已进驻。",
     [("门禁与监控运行", True, ""), ("道路与排水坡度", False, "西侧路面有积水点"),
      ("楼道粉刷平整无空鼓", True, "")], "open"),
]  # fmt: skip
# Who fixes what failed (INVENTED), and how long it took.
OWNER = "施工项目经理 陈刚"
UNIT = "河南建工集团"
FIX_DAYS = 5


def _users():
    return {user.username: user for user in get_user_model().objects.all()}


def seed(tally):
    compounds = {c.name: c for c in Compound.objects.filter(name__in=[r[0] for r in ROUNDS])}
    users = _users()
    _seed_groups(tally, users)
    for row in ROUNDS:
        name, level, kind, day, inspectors, filer, findings, items, outcome = row
        compound = compounds.get(name)
        if compound is None:
            continue
        _seed_round(tally, compound, level, kind, day, inspectors, users.get(filer), findings,
                    items, outcome, users)  # fmt: skip


def _seed_groups(tally, users):
    for name, members in GROUPS.items():
        compound = Compound.objects.filter(name=name).first()
        if compound is None:
            continue
        for member_name, kind, username in members:
            tally.get_or_create(
                SupervisionGroupMember,
                compound=compound,
                name=member_name,
                defaults={
                    "kind": kind,
                    "user": users.get(username) if username else None,
                    "joined_on": D(2020, 4, 10),
                },
            )


def _count(tally, name):
    tally.created[name] = tally.created.get(name, 0) + 1


def _seed_round(tally, compound, level, kind, day, inspectors, filer, findings, items,
                outcome, users):  # fmt: skip
    existing = SupervisionRecord.objects.filter(compound=compound, level=level, date=day).first()
    if existing is not None:
        tally.existing["supervision records"] = tally.existing.get("supervision records", 0) + 1
        return existing
    record = services.record_create(
        user=filer,
        compound=compound,
        level=level,
        kind=kind,
        date=day,
        inspectors=inspectors,
        findings=findings,
        checks=[{"item": item, "passed": passed, "note": note} for item, passed, note in items],
        owner=OWNER,
        responsible_unit=UNIT,
    )
    _count(tally, "supervision records")
    problems = Rectification.objects.filter(supervision_check__record=record)
    # The problems were raised on the day of the check.
    problems.update(created=timezone.make_aware(datetime.datetime.combine(day, datetime.time(10))))
    for problem in problems:
        _count(tally, "rectifications")
        if outcome == "fixed":
            _fix_and_verify(problem, day, level, users)
    return record


# Who verifies, at each level, in the demo.
VERIFIER = {"street": "street_staff", "firm": "street_staff", "third_party": "street_staff",
            "community": "community_staff", "residents": "supervisor"}  # fmt: skip


def _fix_and_verify(problem, day, level, users):
    """The builder fixes it and submits it; the level that found it checks and closes it."""
    fixed_on = day + datetime.timedelta(days=FIX_DAYS)
    progress_services.rectification_update(
        rectification=problem,
        user=users.get("community_staff") if problem.compound.community.name == "经五路社区"
        else users.get("street_staff"),
        status="submitted",
        resolution="已按要求整改完毕，请复查。",
    )  # fmt: skip
    progress_services.rectification_verify(
        rectification=problem,
        user=users.get(VERIFIER[level]),
        verdict="close",
        note="复查合格。",
        on=fixed_on,
    )
