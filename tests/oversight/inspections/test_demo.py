"""The demo's district inspection, from the article: 金水区委组织科督导组 at 文化路街道 in June
2020, 丰产路47号院 and 农科路小学家属院 visited, the article's four asks, one invented
requirement about 农科路小学家属院 whose problem the district verified, the street's answer, and
the plan's figures (30 compounds, 26 started, 87%, 75 buildings, 3,251 households) frozen on it.
Seeding again creates nothing."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from compounds.demo import Tally
from oversight.inspections import demo as demo_inspections
from oversight.models import Inspection

pytestmark = pytest.mark.django_db


def test_the_articles_inspection_is_seeded_once():
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=StringIO())
    inspection = Inspection.objects.get(street__name="文化路街道")
    assert inspection.group == "金水区委组织科督导组"
    assert inspection.date.year == 2020 and inspection.date.month == 6
    assert inspection.reviewed == "听取工作汇报；查阅工作进度表、情况统计表"
    assert sorted(inspection.compounds_visited.values_list("name", flat=True)) == sorted(
        ["丰产路47号院", "农科路小学家属院"]
    )
    assert inspection.other_sites == "建业凯旋广场（商圈党建示范点）、万象美物业（红色物业）"
    assert inspection.recorded_by.username == "inspector"

    requirements = list(inspection.requirements.select_related("compound", "rectification"))
    assert [r.order for r in requirements] == [1, 2, 3, 4, 5]
    assert [r.compound for r in requirements[:4]] == [None] * 4
    assert "双向进入、交叉任职" in requirements[3].text
    about = requirements[4]
    assert about.compound.name == "农科路小学家属院"
    problem = about.rectification
    assert (problem.source, problem.level, problem.status) == ("inspection", "district", "closed")
    assert problem.verified_by.username == "inspector"
    assert problem.origin == about
    assert problem.created.date() <= problem.closed_on

    assert inspection.answer and inspection.answered_on >= inspection.date

    (plan,) = inspection.figures["plans"]
    assert {k: plan[k] for k in ("compounds", "started", "start_rate", "buildings",
                                 "households")} == {
        "compounds": 30, "started": 26, "start_rate": 87, "buildings": 75, "households": 3251,
    }  # fmt: skip
    assert Decimal(plan["floor_area"]) > 310000

    tally = demo_inspections.seed(Tally())
    assert tally.created == {}
    assert tally.existing == {"district inspections": 1, "inspection requirements": 5}
    assert Inspection.objects.count() == 1
    assert inspection.history.count() == Inspection.objects.get().history.count()
    assert datetime.date(2020, 6, 1) <= inspection.date <= datetime.date(2020, 6, 30)
