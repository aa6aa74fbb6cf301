"""Demo data of oversight: inspections (called by oversight/demo.py).

From the article: 金水区委组织科督导组 came to 文化路街道 to inspect the “挂图作战 集中攻坚”
campaign; it heard the street's report, read the progress tables and statistics, visited
丰产路47号院 (经五路社区, an old-compound renovation) and 农科路小学家属院 (郑花路社区, an
unmanaged compound), the business district's party-building demonstration point at 建业凯旋广场
and the “red property management” of 万象美物业; it affirmed the work and asked the street to
keep to its weak points, strengthen party leadership, build demonstration points and carry out
“双向进入、交叉任职” so that red property management shows its colour.

INVENTED: the date, the wording of the findings, the requirement about 农科路小学家属院 (with
its owner, deadline, fix and the district's check of it) and the street's answer. The figures
frozen on the visit come from the demo's records when it is seeded (30 compounds, 26 started,
87%, 75 buildings, 3,251 households).
"""

import datetime

from django.contrib.auth import get_user_model

from compounds.models import Compound, Street
from progress import services as progress_services
from progress.choices import RectificationStatus
from progress.models import Rectification

from . import services
from .models import Inspection, InspectionRequirement

D = datetime.date
TZ = datetime.timezone(datetime.timedelta(hours=8))
STREET = "文化路街道"
GROUP = "金水区委组织科督导组"
DATE = D(2020, 6, 18)  # INVENTED: a June day, while the demo's daily logs run
REVIEWED = "听取工作汇报；查阅工作进度表、情况统计表"
VISITED = ["丰产路47号院", "农科路小学家属院"]
OTHER_SITES = "建业凯旋广场（商圈党建示范点）、万象美物业（红色物业）"
# INVENTED wording of what the article sums up as “在充分肯定……成效的基础上”.
FINDINGS = (
    "督导组实地察看了经五路社区老旧小区改造项目丰产路47号院和郑花路社区无主管楼院农科路小学"
    "家属院，到建业凯旋广场察看商圈党建示范点打造情况，到万象美物业了解“红色物业”推进情况。"
    "督导组充分肯定了街道“挂图作战 集中攻坚”行动开展以来老旧小区改造、无主管楼院治理和党建"
    "引领取得的成效。"
)
# The article's four asks, for the street as a whole.
REQUIREMENTS = [
    "紧盯薄弱环节，逐项补齐短板",
    "继续强化党建引领",
    "打造党建示范点",
    "深入贯彻落实“双向进入、交叉任职”工作要求，让“红色物业”服务底色更红",
]
# INVENTED: a requirement about the unmanaged compound, put on its problems; the street fixes
# it and the district checks it on a return visit.
COMPOUND_REQUIREMENT = {
    "compound": "农科路小学家属院",
    "text": "农科路小学家属院引进物业后，保持道路和楼道专人清扫保洁，防止无主管楼院管理反弹",
    "deadline": D(2020, 7, 3),
    "resolution": "物业公司安排两名保洁员每日清扫院内道路和楼道，社区每周检查一次并记录。",
    "closed_on": D(2020, 7, 6),
    "note": "区督导组回访：道路、楼道干净整洁，保洁有专人、检查有记录。",
}
# INVENTED: the street's answer.
ANSWER = (
    "街道已将督导组提出的要求逐条列入整改台账，明确责任人和完成时限：一是对照工作进度表，"
    "紧盯开工率和工程节点滞后的楼院，实行日调度、周例会、月总结；二是依托各楼院临时党支部，"
    "强化党建引领；三是以建业凯旋广场为重点打造商圈党建示范点；四是推动社区“两委”成员与物业"
    "公司负责人双向进入、交叉任职，深化“红色物业”建设；农科路小学家属院保洁已落实专人。"
)
ANSWERED_ON = D(2020, 6, 24)


def _user(username):
    return get_user_model().objects.filter(username=username, is_active=True).first()


def _count(tally, created: bool, name: str, number: int = 1):
    bucket = tally.created if created else tally.existing
    bucket[name] = bucket.get(name, 0) + number


def seed(tally):
    """Create what is missing; change nothing that exists."""
    street = Street.objects.filter(name=STREET).first()
    if street is None:
        return tally
    inspector, street_staff = _user("inspector"), _user("street_staff")
    compounds = {
        c.name: c
        for c in Compound.objects.filter(
            community__street=street, name__in=[*VISITED, COMPOUND_REQUIREMENT["compound"]]
        )
    }
    inspection = Inspection.objects.filter(street=street, date=DATE, group=GROUP).first()
    _count(tally, inspection is None, "district inspections")
    if inspection is None:
        inspection = services.inspection_create(
            user=inspector,
            street=street,
            date=DATE,
            group=GROUP,
            reviewed=REVIEWED,
            compounds_visited=[compounds[name] for name in VISITED if name in compounds],
            other_sites=OTHER_SITES,
            findings=FINDINGS,
        )
    existing = set(inspection.requirements.values_list("text", flat=True))
    for text in REQUIREMENTS:
        _count(tally, text not in existing, "inspection requirements")
        if text not in existing:
            services.requirement_add(user=inspector, inspection=inspection, text=text)
    _seed_compound_requirement(
        tally, inspection, compounds, existing, inspector=inspector, street_staff=street_staff
    )
    if not inspection.answer:
        services.inspection_answer(
            user=street_staff, inspection=inspection, answer=ANSWER, answered_on=ANSWERED_ON
        )
    return tally


def _seed_compound_requirement(tally, inspection, compounds, existing, *, inspector, street_staff):
    row = COMPOUND_REQUIREMENT
    compound = compounds.get(row["compound"])
    if compound is None:
        return
    created = row["text"] not in existing
    _count(tally, created, "inspection requirements")
    if not created:
        return
    requirement: InspectionRequirement = services.requirement_add(
        user=inspector,
        inspection=inspection,
        text=row["text"],
        compound=compound,
        deadline=row["deadline"],
    )
    _count(tally, True, "rectifications")
    # The problem was raised on the day of the visit, not on the day the demo is seeded: its
    # age on its page and in the register counts from then (a bookkeeping timestamp).
    Rectification.objects.filter(pk=requirement.rectification_id).update(
        created=datetime.datetime.combine(inspection.date, datetime.time(17), tzinfo=TZ)
    )
    requirement.rectification.refresh_from_db()
    problem = progress_services.rectification_update(
        rectification=requirement.rectification,
        user=street_staff,
        status=RectificationStatus.SUBMITTED,
        resolution=row["resolution"],
    )
    progress_services.rectification_verify(
        rectification=problem,
        user=inspector,
        verdict="close",
        note=row["note"],
        on=row["closed_on"],
    )
