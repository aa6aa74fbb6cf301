"""Demo consultations of 丰产路47号院 for 文化路街道's 2020 plan (called by oversight/demo.py,
after the opinions' demo).

From the articles: at 丰产路47号院 four buildings have finished consulting their residents on
adding an elevator and are applying, the other buildings are still consulting. Everything else
(each household, name, floor area and answer) is INVENTED and plausible. Codes are drawn from a
fixed seed, so seeding twice finds everything already there.
"""

import datetime
import random
from decimal import Decimal

from django.conf import settings
from simple_history.utils import bulk_create_with_history

from compounds.demo import DEMO_DATA
from compounds.models import Compound
from oversight.opinions import rules as opinion_rules

from .choices import ConsentAnswer, ElevatorStage, SurveyChannel
from .models import (
    ElevatorConsent,
    ElevatorProject,
    Household,
    Survey,
    SurveyAnswer,
    SurveyOption,
    SurveyQuestion,
)

D = datetime.date
TZ = datetime.timezone(datetime.timedelta(hours=8))
DEMONSTRATION = "丰产路47号院"
# INVENTED: the owners' names (those the opinions' demo gives its residents).
NAMES = ["王桂兰", "李建国", "张秀英", "刘淑珍", "陈志强", "杨玉兰", "赵德明", "黄美华"]

# Elevator consultations of 47号院 (INVENTED answers; the four applying buildings, from the
# article, reach the article 278 thresholds; the other two are still short).
APPLYING_BUILDINGS = 4
CONSENT_REACHED_ON = D(2020, 6, 12)
APPLIED_ON = D(2020, 6, 29)


def seed(tally, rng=None):
    """Seed 47号院's households, elevator consultations and survey. oversight/demo.py gives the
    ``rng`` the opinions' demo has drawn from, so that both draw one sequence, as when they were
    one module (alone, this draws other households than the whole demo does)."""
    if rng is None:
        rng = random.Random(2020)  # noqa: S311  (repeatable demo data, not secrets)
    demo = Compound.objects.filter(name=DEMONSTRATION).first()
    if demo is not None:
        households = _seed_households(tally, rng, demo)
        _seed_elevators(tally, rng, demo, households)
        _seed_survey(tally, rng, demo, households)


def _count(tally, bucket, name, number):
    if not number:
        return
    target = tally.created if bucket == "created" else tally.existing
    target[name] = target.get(name, 0) + number


def _seed_households(tally, rng, compound):
    """Every home of 47号院's buildings, with floor areas that add up to each building's."""
    existing = Household.objects.filter(building__compound=compound)
    if existing.exists():
        _count(tally, "existing", "households", existing.count())
        return list(existing.select_related("building"))
    homes = []
    for building in compound.buildings.order_by("number"):
        count, floors = building.households, building.floors or 6
        units = max(1, building.units or 1)
        areas = _split_area(Decimal(building.floor_area), count, rng)
        for index in range(count):
            unit = index % units + 1
            position = index // units
            floor = position % floors + 1
            door = f"{floor}{position // floors + 1:02d}"
            homes.append(
                Household(
                    building=building,
                    unit=str(unit),
                    door=door,
                    floor=floor,
                    floor_area=areas[index],
                    owner_name=rng.choice(NAMES),
                    code=opinion_rules.new_code(
                        settings.OPINION_CODE_PREFIX + "H", 2020, token=rng.choice
                    ),
                )  # fmt: skip
            )
    bulk_create_with_history(homes, Household, default_change_reason=DEMO_DATA)
    _count(tally, "created", "households", len(homes))
    return list(Household.objects.filter(building__compound=compound).select_related("building"))


def _split_area(total: Decimal, count: int, rng) -> list[Decimal]:
    weights = [rng.uniform(0.8, 1.2) for _ in range(count)]
    scale = sum(weights)
    areas = [(total * Decimal(w / scale)).quantize(Decimal("0.01")) for w in weights[:-1]]
    return [*areas, total - sum(areas)]


def _seed_elevators(tally, rng, compound, households):
    buildings = list(compound.buildings.order_by("number"))
    by_building = {}
    for home in households:
        by_building.setdefault(home.building_id, []).append(home)
    consents = []
    for index, building in enumerate(buildings):
        applying = index < APPLYING_BUILDINGS
        project, created = tally.get_or_create(
            ElevatorProject,
            building=building,
            defaults={
                "stage": ElevatorStage.APPLYING if applying else ElevatorStage.CONSULTING,
                "consulting_since": D(2020, 5, 6),
                "consent_reached_on": CONSENT_REACHED_ON if applying else None,
                "applied_on": APPLIED_ON if applying else None,
                "notes": "设计已预留加装电梯空间。",
            },
        )
        if not created:
            continue
        homes = by_building.get(building.pk, [])
        # Applying: nine in ten answer, and of those nine in ten agree. Consulting: about half
        # have answered so far, split.
        for home in homes:
            roll = rng.random()
            if applying:
                answer = (
                    ConsentAnswer.ABSTAIN if roll < 0.08
                    else ConsentAnswer.DISAGREE if roll < 0.14 else ConsentAnswer.AGREE
                )  # fmt: skip
            elif roll < 0.5:
                continue
            else:
                answer = ConsentAnswer.AGREE if roll < 0.8 else ConsentAnswer.DISAGREE
            consents.append(
                ElevatorConsent(
                    project=project,
                    household=home,
                    answer=answer,
                    answered_on=D(2020, 5, 6) + datetime.timedelta(days=rng.randrange(0, 35)),
                )  # fmt: skip
            )
    if consents:
        bulk_create_with_history(consents, ElevatorConsent, default_change_reason=DEMO_DATA)
        _count(tally, "created", "elevator consents", len(consents))


def _seed_survey(tally, rng, compound, households):
    survey, created = tally.get_or_create(
        Survey,
        compound=compound,
        title="停车位规划方案征求意见",
        defaults={
            "description": "院内停车位怎么划，由居民说了算。",
            "opens_on": D(2020, 6, 1),
            "closes_on": D(2020, 6, 30),
        },
    )
    if not created:
        return
    question = SurveyQuestion.objects.create(survey=survey, order=1, text="您支持哪种停车方案？")
    options = [
        SurveyOption.objects.create(question=question, order=order, text=text)
        for order, text in enumerate(
            ["沿主路划线停车", "拆除违建后集中设停车场", "只允许本院车辆进入，不划新车位"], start=1
        )
    ]
    answers = []
    for home in households:
        if rng.random() < 0.6:
            continue
        roll = rng.random()
        option = options[0] if roll < 0.3 else options[1] if roll < 0.85 else options[2]
        answers.append(
            SurveyAnswer(
                question=question,
                household=home,
                option=option,
                channel=SurveyChannel.HOME_VISIT if rng.random() < 0.7 else SurveyChannel.ONLINE,
                answered_at=datetime.datetime(2020, 6, 1, 10, tzinfo=TZ)
                + datetime.timedelta(days=rng.randrange(0, 29)),
            )  # fmt: skip
        )
    bulk_create_with_history(answers, SurveyAnswer, default_change_reason=DEMO_DATA)
    _count(tally, "created", "survey answers", len(answers))
