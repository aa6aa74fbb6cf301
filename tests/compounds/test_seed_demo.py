"""seed_demo builds 文化路街道 from the source articles, exactly and idempotently."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from compounds.choices import CompoundStatus, ManagementMode
from compounds.models import Building, Community, Compound, RenovationPlan, Street
from compounds.roles import Role
from compounds.selectors import plan_summary
from tests.utils import seed_demo

pytestmark = pytest.mark.django_db


seed = seed_demo


@pytest.fixture
def seeded(demo_data, db):
    return RenovationPlan.objects.get(street__name="文化路街道", year=2020)


def test_figures_of_the_2020_plan_match_the_article(seeded):
    """30 compounds, 75 buildings, 3,251 households, over 310,000 m², 26 started, 87%."""
    total = plan_summary(plan=seeded, user=None)["total"]
    assert total["compounds"] == 30
    assert total["buildings"] == 75
    assert total["households"] == 3251
    assert Decimal("310000") < total["floor_area"] < Decimal("320000")
    assert total["started"] == 26
    assert total["start_rate"] == 87


def test_fifteen_communities_of_the_street(seeded):
    assert Community.objects.filter(street__name="文化路街道").count() == 15
    assert Street.objects.get().district == "金水区"


def test_named_compounds_carry_their_facts(seeded):
    demo = Compound.objects.get(name="丰产路47号院")
    assert demo.community.name == "经五路社区"
    assert demo.is_demonstration
    assert demo.status == CompoundStatus.STARTED
    assert demo.management_mode == ManagementMode.PROPERTY_COMPANY
    # 4 buildings have finished consulting on elevators and others are still consulting: > 4.
    assert demo.buildings.count() > 4

    bus = Compound.objects.get(name="公交二公司家属院")
    assert bus.community.name == "郑花路社区"
    assert bus.had_no_manager
    assert bus.yearly_fee_per_household == Decimal("400")
    assert Compound.objects.get(name="农科路小学家属院").had_no_manager
    assert Compound.objects.filter(name__in=["丰产路45号院", "丰产路49号院"]).count() == 2
    assert Community.objects.get(name="郑花路社区").address == "农科路28号"


def test_every_demo_record_is_valid(seeded):
    for compound in Compound.objects.all():
        compound.full_clean()
    for building in Building.objects.all():
        building.full_clean()


def test_running_twice_changes_nothing(seeded):
    """A second run creates nothing and writes no history."""
    counts = [m.objects.count() for m in (Community, Compound, Building, get_user_model())]
    history = Compound.history.count() + Building.history.count()
    output = seed()
    assert "Nothing to create" in output
    assert [m.objects.count() for m in (Community, Compound, Building, get_user_model())] == counts
    assert Compound.history.count() + Building.history.count() == history


def test_one_demo_account_per_role(seeded):
    User = get_user_model()
    for role in Role:
        assert User.objects.filter(groups__name=role.value).count() == 1, role
    assert User.objects.get(username="community_staff").check_password("wenhua-demo-2020")


def test_demonstration_compound_progress_is_computed_as_in_the_article(seeded):
    """丰产路47号院: 50% overall; 256 structures and 3,010 m² demolished; pipelines and
    stairwell painting under way together; radiators being fitted; about 60 days of logs."""
    from progress import selectors
    from progress.models import Rectification, Report, WeeklyMeeting

    compound = Compound.objects.get(name="丰产路47号院")
    items = {i.category: i for i in selectors.compound_work_items(compound=compound)}
    assert selectors.compound_progress(items=items.values()) == Decimal("0.5")
    demolition = items["demolition"]
    assert (demolition.done_quantity, demolition.done_area) == (Decimal(256), Decimal(3010))
    for under_way in ("pipelines", "stairwell_painting", "heating"):
        assert 0 < items[under_way].done_quantity < items[under_way].planned_quantity
    assert items["elevator"].planned_quantity == 4  # the 4 buildings applying
    # The totals are the sums of the logged days, not typed figures.
    totals = selectors.work_item_totals(compound=compound)
    assert totals[demolition.pk] == Decimal(256)
    assert compound.daily_logs.count() == 60
    assert compound.milestones.count() == 4
    assert WeeklyMeeting.objects.count() == 4
    assert Rectification.objects.filter(status="open").exists()
    assert Rectification.objects.filter(status="closed").exists()
    assert Report.objects.filter(kind="monthly").count() == 1


def test_running_twice_adds_no_logs(seeded):
    from progress.models import DailyLog, DailyLogEntry, WorkItem

    counts = [m.objects.count() for m in (WorkItem, DailyLog, DailyLogEntry)]
    histories = [m.history.count() for m in (WorkItem, DailyLog, DailyLogEntry)]
    seed()
    assert [m.objects.count() for m in (WorkItem, DailyLog, DailyLogEntry)] == counts
    assert [m.history.count() for m in (WorkItem, DailyLog, DailyLogEntry)] == histories


def test_the_demo_monthly_report_carries_the_articles_figures(seeded):
    """The June 2020 report, built from the demo's records: 丰产路47号院's demolition in it."""
    import io

    from openpyxl import load_workbook

    from progress import tasks
    from progress.models import Report

    report = Report.objects.get(kind="monthly")
    tasks.build_report(report_id=report.pk)
    report.refresh_from_db()
    workbook = load_workbook(io.BytesIO(report.file.read()))
    plan_row = [c.value for c in workbook["概况"][2]]
    assert plan_row[:2] == ["文化路街道2020年老旧小区改造计划", 30]
    assert plan_row[2] == Compound.objects.filter(started_on__lte="2020-06-30").count()
    progress = {row[0]: row for row in workbook["各楼院进度"].iter_rows(values_only=True)}
    assert 0 < progress["丰产路47号院"][3] < 0.5  # on its way to the article's 50% in July
    demolition = next(
        row for row in workbook["完成工程量"].iter_rows(values_only=True) if row[0] == "拆除违建"
    )
    assert demolition[6] > 0  # square metres demolished, counted beside the places
