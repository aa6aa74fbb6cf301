"""Demo residents' opinions for 文化路街道's 2020 plan, on top of the register and progress demos
(called by oversight/demo.py).

From the articles: opinions are gathered by home visits (入户走访), collection points
(群众意见征集点) and, here, a web form. Everything else (each opinion, name, phone, date and
reply) is INVENTED and plausible. Codes are drawn from a fixed seed, so seeding twice finds
everything already there.
"""

import datetime
import random

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from compounds.demo import DEMO_DATA
from compounds.models import Compound
from progress.choices import WorkCategory

from . import rules
from .choices import Channel, OpinionStatus
from .models import Opinion, OpinionTopic, reply_seconds
from .services import DUPLICATE_OF

D = datetime.date
TZ = datetime.timezone(datetime.timedelta(hours=8))
DEMONSTRATION = "丰产路47号院"

# INVENTED: how many opinions each named compound received.
OPINIONS_PER_COMPOUND = {
    "丰产路47号院": 40,
    "丰产路45号院": 10,
    "丰产路49号院": 10,
    "公交二公司家属院": 18,
    "农科路小学家属院": 14,
    "花园路117号抽纱公司家属院": 8,
}
# INVENTED: what residents wrote, by topic.
TEXTS = {
    WorkCategory.HEATING: "冬天家里暖气不热，希望这次把暖气管道一起改了。",
    WorkCategory.PARKING: "院里车越来越多，晚上停不下，希望规划停车位。",
    WorkCategory.ELEVATOR: "家住六楼，老人上下楼困难，希望加装电梯。",
    WorkCategory.DEMOLITION: "楼下私搭乱建占了通道，希望一并拆除。",
    WorkCategory.PIPELINES: "空中飞线太乱，存在安全隐患，希望入地。",
    WorkCategory.STAIRWELL_PAINTING: "楼道墙皮脱落，希望重新粉刷。",
    WorkCategory.ROAD_DRAINAGE: "一下雨院里就积水，希望修路面和下水道。",
    WorkCategory.ACCESS_CCTV: "外来人员随便进出，希望装门禁和监控。",
    WorkCategory.GREENING: "希望多些绿地和座椅，老人能坐下歇歇。",
    WorkCategory.FIRE_LANE: "消防通道经常被车堵住，希望管起来。",
    "property_management": "改造后谁来管？希望引进物业，费用别太高。",
}
REPLIES = {
    OpinionStatus.ACCEPTED: "您的意见已纳入改造计划，施工进度可在本页查询。",
    OpinionStatus.ANSWERED: "感谢您的意见。社区已安排专人处理，详情请咨询社区工作人员。",
    OpinionStatus.NOT_FEASIBLE: "经现场勘查，该处涉及相邻单位产权，暂无法纳入本次改造。",
}
NAMES = ["王桂兰", "李建国", "张秀英", "刘淑珍", "陈志强", "杨玉兰", "赵德明", "黄美华"]
CHANNELS = [
    Channel.HOME_VISIT, Channel.HOME_VISIT, Channel.COLLECTION_POINT, Channel.ONLINE,
    Channel.QR_POSTER, Channel.PHONE, Channel.HOME_VISIT, Channel.COLLECTION_POINT,
]  # fmt: skip
STATUSES = [
    OpinionStatus.ACCEPTED, OpinionStatus.ACCEPTED, OpinionStatus.ANSWERED,
    OpinionStatus.CLOSED, OpinionStatus.IN_REVIEW, OpinionStatus.RECEIVED,
    OpinionStatus.ACCEPTED, OpinionStatus.NOT_FEASIBLE, OpinionStatus.ANSWERED,
    OpinionStatus.CLOSED,
]  # fmt: skip
FIRST_DAY = D(2020, 3, 2)


def seed(tally, rng=None):
    """Seed the opinions. oversight/demo.py gives the ``rng`` it then hands on to the
    consultations' demo, so that both draw one sequence, as when they were one module."""
    if rng is None:
        rng = random.Random(2020)  # noqa: S311  (repeatable demo data, not secrets)
    compounds = {c.name: c for c in Compound.objects.filter(name__in=OPINIONS_PER_COMPOUND)}
    _seed_opinions(tally, rng, compounds)


def _count(tally, bucket, name, number):
    if not number:
        return
    target = tally.created if bucket == "created" else tally.existing
    target[name] = target.get(name, 0) + number


def _seed_opinions(tally, rng, compounds):
    prefix = settings.OPINION_CODE_PREFIX
    rows = []
    number = 0
    for name, count in OPINIONS_PER_COMPOUND.items():
        compound = compounds.get(name)
        if compound is None:
            continue
        items = {item.category: item for item in compound.work_items.all()}
        buildings = list(compound.buildings.order_by("number"))
        for _index in range(count):
            number += 1
            code = rules.new_code(prefix, 2020, token=rng.choice)
            status = STATUSES[number % len(STATUSES)]
            planned = [category for category in items if category in TEXTS]
            if status == OpinionStatus.ACCEPTED and planned:
                topic = rng.choice(planned)
            else:
                topic = rng.choice(list(TEXTS))
                if status == OpinionStatus.ACCEPTED:
                    status = OpinionStatus.ANSWERED  # nothing of that kind is planned here
            linked = items.get(topic) if status == OpinionStatus.ACCEPTED else None
            second = rng.choice(list(TEXTS)) if rng.random() < 0.3 else None
            received = datetime.datetime.combine(
                FIRST_DAY + datetime.timedelta(days=rng.randrange(0, 120)),
                datetime.time(rng.randrange(8, 20), rng.randrange(0, 60)),
                tzinfo=TZ,
            )
            reply = REPLIES.get(status, "")
            if status == OpinionStatus.CLOSED:
                reply = REPLIES[OpinionStatus.ANSWERED]
            replied = received + datetime.timedelta(days=rng.randrange(1, 12)) if reply else None
            channel = CHANNELS[number % len(CHANNELS)]
            personal = channel != Channel.QR_POSTER or rng.random() < 0.5
            opinion = Opinion(
                code=code, compound=compound, channel=channel, received_at=received,
                building=rng.choice(buildings) if buildings and rng.random() < 0.8 else None,
                unit=str(rng.randrange(1, 4)) if rng.random() < 0.6 else "",
                text=TEXTS[topic], status=status,
                name=rng.choice(NAMES) if personal else "",
                phone=f"+86139{rng.randrange(10**8):08d}" if personal else "",
                consent_at=received if personal else None,
                reason=REPLIES[OpinionStatus.NOT_FEASIBLE]
                if status == OpinionStatus.NOT_FEASIBLE else "",
                reply=reply, replied_at=replied, reply_published=bool(reply),
                closed_at=replied if status == OpinionStatus.CLOSED else None,
                work_item=linked, notified_at=received,
            )  # fmt: skip
            opinion._topics = [topic] + ([second] if second and second != topic else [])
            rows.append(opinion)
    # INVENTED moderation: one advertisement hidden; one duplicate merged below.
    if rows:
        spam = rows[-1]
        spam.text, spam.hidden, spam.hidden_reason = "低价办证，电话联系。", True, "广告"
        spam.status, spam.reply, spam.reply_published = OpinionStatus.CLOSED, "", False
        spam.replied_at, spam.closed_at = None, spam.received_at
    existing = set(
        Opinion.objects.filter(code__in=[o.code for o in rows]).values_list("code", flat=True)
    )
    new = [o for o in rows if o.code not in existing]
    _count(tally, "existing", "opinions", len(existing))
    if not new:
        return
    for opinion in new:  # bulk_create skips save(), which derives it
        opinion.reply_seconds = reply_seconds(opinion.received_at, opinion.replied_at)
    bulk_create_with_history(new, Opinion, default_change_reason=DEMO_DATA)
    saved = {o.code: o for o in Opinion.objects.filter(code__in=[o.code for o in new])}
    topics = [OpinionTopic(opinion=saved[o.code], topic=topic) for o in new for topic in o._topics]
    bulk_create_with_history(topics, OpinionTopic, default_change_reason=DEMO_DATA)
    # The second opinion of 47号院 about heating repeats the first: merged into it.
    heating = [
        saved[o.code] for o in new
        if o.compound.name == DEMONSTRATION and o._topics == [WorkCategory.HEATING]
    ]  # fmt: skip
    if len(heating) >= 2:
        first, duplicate = heating[0], heating[1]
        duplicate.merged_into, duplicate.status = first, OpinionStatus.CLOSED
        duplicate.closed_at = duplicate.replied_at or duplicate.received_at
        duplicate._change_reason = DUPLICATE_OF % {"code": first.code}
        duplicate.save()
    _count(tally, "created", "opinions", len(new))
